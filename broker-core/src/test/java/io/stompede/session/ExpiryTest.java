package io.stompede.session;

import static io.stompede.session.Clients.WAIT;
import static io.stompede.session.Clients.bodies;
import static io.stompede.session.Clients.connected;
import static io.stompede.session.Clients.messages;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.MutableClock;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import io.stompede.store.FsyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Message expiry ({@code expires}, epoch milliseconds) and dead-lettering of expired queue messages. */
class ExpiryTest {
    private static final long START = 1_700_000_000_000L;

    private final VirtualClock timers = new VirtualClock();
    private final MutableClock clock = new MutableClock(START);

    @TempDir
    Path dataDir;

    @Test
    @DisplayName("an expired queue message is not delivered but dead-lettered with reason expired; expires:0 never expires")
    void expiredQueueMessageIsDeadLettered() {
        Broker broker = Broker.builder().clock(clock).build();
        InMemoryConnection producer = connected(broker, timers);
        producer.sendWithBody(Command.SEND, "soon", "destination", "/queue/q", "expires", Long.toString(START + 1000));
        producer.sendWithBody(Command.SEND, "never", "destination", "/queue/q", "expires", "0");
        producer.sendWithBody(Command.SEND, "later", "destination", "/queue/q", "expires", Long.toString(START + 60_000));
        clock.advance(Duration.ofSeconds(2));

        InMemoryConnection consumer = connected(broker, timers);
        consumer.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/q");
        assertThat(bodies(messages(consumer))).containsExactly("never", "later");

        consumer.send(Command.SUBSCRIBE, "id", "d", "destination", "/queue/DLQ");
        Frame dead = Clients.message(consumer, "soon");
        assertThat(dead.header("x-dead-letter-reason")).isEqualTo("expired");
        assertThat(dead.header("x-original-destination")).isEqualTo("/queue/q");
        assertThat(dead.header("expires")).as("a dead letter does not expire again").isNull();
    }

    @Test
    @DisplayName("a topic message that has already expired is not delivered")
    void expiredTopicMessageIsDropped() {
        Broker broker = Broker.builder().clock(clock).build();
        InMemoryConnection subscriber = connected(broker, timers);
        subscriber.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/t");
        InMemoryConnection producer = connected(broker, timers);
        producer.sendWithBody(Command.SEND, "stale", "destination", "/topic/t", "expires", Long.toString(START - 1));
        producer.sendWithBody(Command.SEND, "fresh", "destination", "/topic/t", "expires", Long.toString(START + 1));
        assertThat(bodies(messages(subscriber))).containsExactly("fresh");
    }

    @Test
    @DisplayName("a stored message that expires while the broker is down is dead-lettered after the restart")
    void expiryAcrossRestart() {
        Broker first = Broker.builder().clock(clock).dataDirectory(dataDir, FsyncPolicy.always()).build();
        InMemoryConnection producer = connected(first, timers);
        producer.sendWithBody(Command.SEND, "short-lived", "destination", "/queue/q", "persistent", "true",
                "expires", Long.toString(START + 1000), "receipt", "r");
        assertThat(producer.awaitFrame(WAIT).command()).isEqualTo(Command.RECEIPT);
        first.close();
        clock.advance(Duration.ofMinutes(1));

        Broker second = Broker.builder().clock(clock).dataDirectory(dataDir, FsyncPolicy.always()).build();
        InMemoryConnection consumer = connected(second, timers);
        consumer.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/q");
        assertThat(consumer.frames()).isEmpty();
        second.close();

        Broker third = Broker.builder().clock(clock).dataDirectory(dataDir, FsyncPolicy.always()).build();
        assertThat(third.stats().queueDepths()).as("the dead letter was stored, the original settled")
                .containsEntry("/queue/DLQ", 1).doesNotContainKey("/queue/q");
        third.close();
    }
}
