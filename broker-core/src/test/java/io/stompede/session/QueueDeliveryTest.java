package io.stompede.session;

import static io.stompede.session.Clients.bodies;
import static io.stompede.session.Clients.connected;
import static io.stompede.session.Clients.error;
import static io.stompede.session.Clients.message;
import static io.stompede.session.Clients.messages;
import static io.stompede.session.Clients.sendAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import io.stompede.application.QueueFullException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Point-to-point delivery: one consumer per message, round robin, retention, prefetch and depth bounds. */
class QueueDeliveryTest {
    private final VirtualClock clock = new VirtualClock();

    @Test
    @DisplayName("each queue message goes to exactly one of three consumers, round robin")
    void roundRobinExactlyOnce() {
        Broker broker = Broker.builder().build();
        List<InMemoryConnection> consumers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            InMemoryConnection consumer = connected(broker, clock);
            consumer.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/work");
            consumers.add(consumer);
        }
        InMemoryConnection producer = connected(broker, clock);

        sendAll(producer, "/queue/work", "m", 9);

        assertThat(bodies(messages(consumers.get(0)))).containsExactly("m0", "m3", "m6");
        assertThat(bodies(messages(consumers.get(1)))).containsExactly("m1", "m4", "m7");
        assertThat(bodies(messages(consumers.get(2)))).containsExactly("m2", "m5", "m8");
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/work", 0);
        assertThat(broker.stats().queueInFlight()).isZero();
    }

    @Test
    @DisplayName("a queue keeps its messages while nobody consumes and delivers them, in order, on SUBSCRIBE")
    void retainsUntilSubscribe() {
        Broker broker = Broker.builder().build();
        InMemoryConnection producer = connected(broker, clock);
        sendAll(producer, "/queue/work", "m", 3);
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/work", 3);

        InMemoryConnection consumer = connected(broker, clock);
        consumer.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/work");

        List<Frame> received = messages(consumer);
        assertThat(bodies(received)).containsExactly("m0", "m1", "m2");
        assertThat(received.get(0).header("destination")).isEqualTo("/queue/work");
        assertThat(received.get(0).header("subscription")).isEqualTo("s");
        assertThat(received.get(0).header("redelivered")).isNull();
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/work", 0);
    }

    @Test
    @DisplayName("with client ack and prefetch-count 2 a consumer holds exactly 2 messages until it acks")
    void prefetchCountBoundsUnackedDeliveries() {
        Broker broker = Broker.builder().build();
        InMemoryConnection consumer = connected(broker, clock);
        consumer.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/work", "ack", "client-individual",
                "prefetch-count", "2");
        InMemoryConnection producer = connected(broker, clock);

        sendAll(producer, "/queue/work", "m", 5);

        List<Frame> first = messages(consumer);
        assertThat(bodies(first)).containsExactly("m0", "m1");
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/work", 3);
        assertThat(broker.stats().queueInFlight()).isEqualTo(2);

        consumer.send(Command.ACK, "id", first.get(0).header("ack"));

        assertThat(bodies(messages(consumer))).containsExactly("m2");
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/work", 2);
    }

    @Test
    @DisplayName("activemq.prefetchSize is honoured as the prefetch")
    void activemqPrefetchSize() {
        Broker broker = Broker.builder().build();
        InMemoryConnection consumer = connected(broker, clock);
        consumer.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/work", "ack", "client",
                "activemq.prefetchSize", "1");

        sendAll(connected(broker, clock), "/queue/work", "m", 3);

        assertThat(bodies(messages(consumer))).containsExactly("m0");
    }

    @Test
    @DisplayName("a SUBSCRIBE without a prefetch gets the builder's default prefetch")
    void defaultPrefetchFromBuilder() {
        Broker broker = Broker.builder().defaultPrefetch(2).build();
        InMemoryConnection consumer = connected(broker, clock);
        consumer.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/work", "ack", "client");

        sendAll(connected(broker, clock), "/queue/work", "m", 4);

        assertThat(bodies(messages(consumer))).containsExactly("m0", "m1");
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/work", 2);
    }

    @Test
    @DisplayName("a SEND beyond maxQueueDepth gets ERROR 'queue is full' quoting its receipt, and the queue keeps what it had")
    void queueFull() {
        Broker broker = Broker.builder().maxQueueDepth(2).build();
        InMemoryConnection producer = connected(broker, clock);
        sendAll(producer, "/queue/work", "m", 2);
        assertThat(producer.nextFrame()).isNull();

        producer.sendWithBody(Command.SEND, "m2", "destination", "/queue/work", "receipt", "r-3");

        Frame error = error(producer, "queue is full");
        assertThat(error.header("receipt-id")).isEqualTo("r-3");
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/work", 2);
        InMemoryConnection consumer = connected(broker, clock);
        consumer.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/work");
        assertThat(bodies(messages(consumer))).containsExactly("m0", "m1");
    }

    @Test
    @DisplayName("broker.publish to a queue reaches one client consumer and fails its stage when the queue is full")
    void inProcessPublishToQueue() {
        Broker broker = Broker.builder().maxQueueDepth(1).build();
        InMemoryConnection consumer = connected(broker, clock);
        consumer.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/work", "ack", "client", "prefetch-count", "1");
        InMemoryConnection other = connected(broker, clock);
        other.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/work", "ack", "client", "prefetch-count", "1");

        assertThat(broker.publish("/queue/work", "first")).isCompleted();

        Frame delivered = message(consumer);
        assertThat(delivered.bodyAsString()).isEqualTo("first");
        assertThat(delivered.header("destination")).isEqualTo("/queue/work");
        assertThat(delivered.header("content-type")).isEqualTo("text/plain;charset=UTF-8");
        assertThat(other.nextFrame()).isNull();

        // Both consumers are now full, so the queue holds the next one and refuses the one after.
        assertThat(broker.publish("/queue/work", "second")).isCompleted();
        assertThat(bodies(messages(other))).containsExactly("second");
        assertThat(broker.publish("/queue/work", "third")).isCompleted();
        CompletableFuture<Void> refused = broker.publish("/queue/work", "fourth");
        assertThat(refused).isCompletedExceptionally();
        assertThat(refused.handle((ok, failure) -> failure).join()).isInstanceOf(QueueFullException.class);
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/work", 1);
    }
}
