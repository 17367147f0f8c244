package io.stompede.session;

import static io.stompede.session.Clients.connected;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The cap on queue messages held in memory, and how producers are slowed at it. */
class MemoryCapTest {
    private static final long CAP = 20_000;
    private final VirtualClock clock = new VirtualClock();

    @Test
    @DisplayName("past its share (half the cap, alone) the broker stops reading from the producer, and resumes once a consumer drains the queue")
    void producerIsPausedAtTheCapAndResumed() {
        Broker broker = Broker.builder().maxMemory(CAP).build();
        InMemoryConnection producer = connected(broker, clock);
        String body = "x".repeat(500);
        int sent = 0;
        while (producer.isBeingRead()) {
            producer.sendWithBody(Command.SEND, body, "destination", "/queue/big");
            sent++;
            assertThat(sent).as("the producer is paused before long").isLessThan(1000);
        }
        // What the transport had read already still goes through: a read buffer's worth.
        for (int i = 0; i < 5; i++) {
            producer.sendWithBody(Command.SEND, body, "destination", "/queue/big");
        }
        int held = broker.stats().queueDepths().get("/queue/big");
        assertThat(held).as("what arrived while paused waits unread").isEqualTo(sent);

        InMemoryConnection consumer = connected(broker, clock);
        consumer.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/big", "ack", "client-individual",
                "prefetch-count", "10");
        int consumed = 0;
        while (consumed < sent + 5) {
            Frame message = consumer.nextFrame();
            assertThat(message).as("message %d of %d", consumed, sent + 5).isNotNull();
            consumer.send(Command.ACK, "id", message.header("ack"));
            consumed++;
        }
        assertThat(producer.isBeingRead()).isTrue();
        assertThat(broker.stats().queueDepths().get("/queue/big")).isZero();
    }
}
