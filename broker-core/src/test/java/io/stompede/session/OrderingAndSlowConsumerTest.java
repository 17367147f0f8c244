package io.stompede.session;

import static io.stompede.session.Clients.bodies;
import static io.stompede.session.Clients.connected;
import static io.stompede.session.Clients.error;
import static io.stompede.session.Clients.messages;
import static io.stompede.session.Clients.sendAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.config.BrokerConfig.SlowConsumerPolicy;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Per-publisher order, resubscription, and what happens to a client that stops reading. */
class OrderingAndSlowConsumerTest {
    private final VirtualClock clock = new VirtualClock();

    private static List<String> numbered(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    @Test
    @DisplayName("messages one session sends to a destination reach every subscriber, exact or wildcard, in order")
    void perPublisherOrder() {
        Broker broker = Broker.builder().build();
        List<InMemoryConnection> subscribers = List.of("/topic/prices", "/topic/*", "/topic/**").stream()
                .map(pattern -> {
                    InMemoryConnection subscriber = connected(broker, clock);
                    subscriber.send(Command.SUBSCRIBE, "id", "s", "destination", pattern);
                    return subscriber;
                })
                .toList();
        InMemoryConnection first = connected(broker, clock);
        InMemoryConnection second = connected(broker, clock);

        for (int i = 0; i < 50; i++) {
            first.sendWithBody(Command.SEND, "a" + i, "destination", "/topic/prices");
            second.sendWithBody(Command.SEND, "b" + i, "destination", "/topic/prices");
        }

        for (InMemoryConnection subscriber : subscribers) {
            List<String> received = bodies(messages(subscriber));
            assertThat(received).hasSize(100);
            assertThat(received.stream().filter(body -> body.startsWith("a"))).containsExactlyElementsOf(numbered("a", 50));
            assertThat(received.stream().filter(body -> body.startsWith("b"))).containsExactlyElementsOf(numbered("b", 50));
        }
    }

    @Test
    @DisplayName("after UNSUBSCRIBE and SUBSCRIBE with the same id, no message meant for the old subscription arrives on the new one")
    void resubscribeSameIdDeliversNoOldMessage() {
        Broker broker = Broker.builder().build();
        InMemoryConnection subscriber = connected(broker, clock);
        subscriber.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/news");
        InMemoryConnection publisher = connected(broker, clock);
        subscriber.setWritable(false);
        sendAll(publisher, "/topic/news", "old", 3);

        subscriber.send(Command.UNSUBSCRIBE, "id", "s");
        subscriber.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/news");
        sendAll(publisher, "/topic/news", "new", 1);
        subscriber.setWritable(true);

        List<Frame> received = messages(subscriber);
        assertThat(bodies(received)).containsExactly("new0");
        assertThat(received.get(0).header("subscription")).isEqualTo("s");
    }

    @Test
    @DisplayName("DROP_OLDEST: a subscriber that stops reading loses its oldest topic messages beyond the bound and stays connected")
    void dropOldest() {
        Broker broker = Broker.builder().slowConsumers(3, SlowConsumerPolicy.DROP_OLDEST).build();
        InMemoryConnection slow = connected(broker, clock);
        slow.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/news");
        InMemoryConnection fast = connected(broker, clock);
        fast.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/news");
        slow.setWritable(false);

        sendAll(connected(broker, clock), "/topic/news", "m", 5);

        assertThat(slow.nextFrame()).isNull();
        assertThat(bodies(messages(fast))).containsExactlyElementsOf(numbered("m", 5));
        slow.setWritable(true);
        assertThat(bodies(messages(slow))).containsExactly("m2", "m3", "m4");
        assertThat(slow.isClosed()).isFalse();
        assertThat(broker.stats().messagesDropped()).isEqualTo(2);
    }

    @Test
    @DisplayName("DISCONNECT: a subscriber that stops reading past the bound gets ERROR and is closed; others get everything")
    void disconnectSlowConsumer() {
        Broker broker = Broker.builder().slowConsumers(3, SlowConsumerPolicy.DISCONNECT).build();
        InMemoryConnection slow = connected(broker, clock);
        slow.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/news");
        InMemoryConnection fast = connected(broker, clock);
        fast.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/news");
        slow.setWritable(false);

        sendAll(connected(broker, clock), "/topic/news", "m", 4);

        error(slow, "slow consumer");
        assertThat(slow.nextFrame()).isNull();
        assertThat(bodies(messages(fast))).containsExactlyElementsOf(numbered("m", 4));
        assertThat(broker.stats().subscriptions()).containsEntry("/topic/news", 1);
    }

    @Test
    @DisplayName("a queue consumer that stops reading holds only its prefetch; the other consumer gets the rest, and it resumes when writable")
    void queueConsumerNotWritable() {
        Broker broker = Broker.builder().build();
        InMemoryConnection slow = connected(broker, clock);
        slow.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/work", "prefetch-count", "2");
        InMemoryConnection other = connected(broker, clock);
        other.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/work", "prefetch-count", "2");
        slow.setWritable(false);

        sendAll(connected(broker, clock), "/queue/work", "m", 8);

        assertThat(slow.nextFrame()).isNull();
        assertThat(bodies(messages(other))).containsExactly("m1", "m3", "m4", "m5", "m6", "m7");
        slow.setWritable(true);
        assertThat(bodies(messages(slow))).containsExactly("m0", "m2");
        assertThat(broker.stats().queueInFlight()).isZero();
    }

    @Test
    @DisplayName("a queue consumer that unsubscribes while not writable gives the messages it never wrote to the other consumer, not marked redelivered (bug: they stayed stuck in the dead subscription)")
    void unsubscribeWhileNotWritable() {
        Broker broker = Broker.builder().build();
        InMemoryConnection slow = connected(broker, clock);
        slow.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/work", "prefetch-count", "2");
        InMemoryConnection other = connected(broker, clock);
        other.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/work", "ack", "client", "prefetch-count", "1");
        slow.setWritable(false);
        sendAll(connected(broker, clock), "/queue/work", "m", 3);
        List<Frame> first = messages(other);
        assertThat(bodies(first)).containsExactly("m1");

        slow.send(Command.UNSUBSCRIBE, "id", "s");
        other.send(Command.ACK, "id", first.get(0).header("ack"));
        Frame next = Clients.message(other);
        other.send(Command.ACK, "id", next.header("ack"));

        assertThat(next.bodyAsString()).isEqualTo("m0");
        assertThat(next.header("redelivered")).isNull();
        assertThat(bodies(messages(other))).containsExactly("m2");
        assertThat(broker.stats().subscriptions()).containsEntry("/queue/work", 1);
    }

    @Test
    @DisplayName("a queue consumer that disconnects while not writable returns the messages it never wrote in queue order (bug: they came back reversed)")
    void disconnectWhileNotWritableKeepsQueueOrder() {
        Broker broker = Broker.builder().build();
        InMemoryConnection slow = connected(broker, clock);
        slow.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/work");
        slow.setWritable(false);
        sendAll(connected(broker, clock), "/queue/work", "m", 3);

        slow.disconnectAbruptly();

        InMemoryConnection next = connected(broker, clock);
        next.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/work");
        List<Frame> received = messages(next);
        assertThat(bodies(received)).containsExactly("m0", "m1", "m2");
        assertThat(received).allSatisfy(frame -> assertThat(frame.header("redelivered")).isNull());
    }
}
