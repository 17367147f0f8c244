package io.stompede.session;

import static io.stompede.session.Clients.connected;
import static io.stompede.session.Clients.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Memory for queued messages is shared out among the queues that hold it: a queue over its share
 * pauses its own producers and refuses more, and nobody else is held back.
 */
class FairShareTest {
    private static final long CAP = 40_000;
    private static final String BODY = "x".repeat(500);
    private final VirtualClock clock = new VirtualClock();

    /** Sends to {@code queue} until the broker stops reading from the producer; returns how many it took. */
    private static int fillUntilPaused(InMemoryConnection producer, String queue) {
        int sent = 0;
        while (producer.isBeingRead()) {
            producer.sendWithBody(Command.SEND, BODY, "destination", queue);
            sent++;
            assertThat(sent).as("the producer to %s is paused before long", queue).isLessThan(1000);
        }
        return sent;
    }

    private static void roundTrip(InMemoryConnection client, String destination, String body) {
        client.sendWithBody(Command.SEND, body, "destination", destination);
        message(client, body);
    }

    @Test
    @DisplayName("producers filling unconsumed queues are paused, while a fresh client's queue and topic round trips go on, during and after")
    void fillersArePausedAndNobodyElse() {
        Broker broker = Broker.builder().maxMemory(CAP).build();
        List<InMemoryConnection> fillers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            InMemoryConnection filler = connected(broker, clock);
            fillers.add(filler);
            fillUntilPaused(filler, "/queue/abandoned-" + i);
        }
        assertThat(broker.stats().queueMemoryBytes()).as("the fillers took the cap").isGreaterThanOrEqualTo(CAP);

        InMemoryConnection fresh = connected(broker, clock);
        fresh.send(Command.SUBSCRIBE, "id", "q", "destination", "/queue/mine");
        fresh.send(Command.SUBSCRIBE, "id", "t", "destination", "/topic/mine");
        for (int i = 0; i < 50; i++) {
            roundTrip(fresh, "/queue/mine", "q" + i);
            roundTrip(fresh, "/topic/mine", "t" + i);
        }
        assertThat(fresh.isBeingRead()).isTrue();

        fillers.forEach(InMemoryConnection::disconnectAbruptly);
        InMemoryConnection later = connected(broker, clock);
        later.send(Command.SUBSCRIBE, "id", "q", "destination", "/queue/later");
        for (int i = 0; i < 50; i++) {
            roundTrip(later, "/queue/later", "l" + i);
        }
        assertThat(later.isBeingRead()).isTrue();
        assertThat(broker.stats().queueMemoryBytes()).as("within the ceiling, half again above the cap")
                .isLessThanOrEqualTo(CAP + CAP / 2);
    }

    @Test
    @DisplayName("past the cap, a producer to a queue over its share gets ERROR 'queue over its memory share'; the queue took nothing more")
    void overShareSendIsRefusedPastTheCap() {
        Broker broker = Broker.builder().maxMemory(CAP).build();
        fillUntilPaused(connected(broker, clock), "/queue/full");
        // Each new producer gets one SEND in before it too is paused, until the cap is reached.
        Frame refused = null;
        int depthBefore = 0;
        for (int producers = 0; refused == null; producers++) {
            assertThat(producers).as("the cap is reached before long").isLessThan(200);
            InMemoryConnection other = connected(broker, clock);
            depthBefore = broker.stats().queueDepths().get("/queue/full");
            other.sendWithBody(Command.SEND, BODY, "destination", "/queue/full");
            refused = other.nextFrame();
        }
        assertThat(refused.command()).isEqualTo(Command.ERROR);
        assertThat(refused.header("message")).isEqualTo("queue over its memory share");
        assertThat(refused.bodyAsString()).contains("/queue/full");
        assertThat(broker.stats().queueMemoryBytes()).isGreaterThanOrEqualTo(CAP);
        assertThat(broker.stats().queueDepths().get("/queue/full")).isEqualTo(depthBefore);
    }

    @Test
    @DisplayName("under the cap, a queue under its share takes messages; memory never passes the ceiling however many queues fill")
    void memoryStaysUnderTheCeiling() {
        Broker broker = Broker.builder().maxMemory(CAP).build();
        for (int i = 0; i < 40; i++) {
            InMemoryConnection filler = connected(broker, clock);
            for (int j = 0; j < 100 && filler.isBeingRead() && !filler.isClosed(); j++) {
                filler.sendWithBody(Command.SEND, BODY, "destination", "/queue/many-" + i);
            }
            assertThat(broker.stats().queueMemoryBytes()).isLessThanOrEqualTo(CAP + CAP / 2);
        }
    }

    @Test
    @DisplayName("a paused producer resumes once its queue is drained below its share, and its waiting SENDs go through")
    void pausedProducerResumesWhenDrained() {
        Broker broker = Broker.builder().maxMemory(CAP).build();
        InMemoryConnection filler = connected(broker, clock);
        int sent = fillUntilPaused(filler, "/queue/work");
        filler.sendWithBody(Command.SEND, "last", "destination", "/queue/work");

        InMemoryConnection consumer = connected(broker, clock);
        consumer.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/work");
        int received = 0;
        Frame frame;
        while ((frame = consumer.nextFrame()) != null) {
            received++;
            if ("last".equals(frame.bodyAsString())) {
                break;
            }
        }
        assertThat(received).as("every message, the one sent while paused last").isEqualTo(sent + 1);
        assertThat(filler.isBeingRead()).isTrue();
    }
}
