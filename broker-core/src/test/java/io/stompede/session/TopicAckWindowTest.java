package io.stompede.session;

import static io.stompede.session.Clients.bodies;
import static io.stompede.session.Clients.connected;
import static io.stompede.session.Clients.error;
import static io.stompede.session.Clients.messages;
import static io.stompede.session.Clients.sendAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.admin.SessionSummary;
import io.stompede.config.BrokerConfig.SlowConsumerPolicy;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, case 3: a client-ack topic subscription holds at most its prefetch of deliveries
 * awaiting ACK; what arrives beyond waits in its inbox under the slow-consumer bound.
 */
class TopicAckWindowTest {
    private final VirtualClock clock = new VirtualClock();

    private static List<String> numbered(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
    }

    @Test
    @DisplayName("issue 12: a client-ack topic subscriber that does not ACK gets only its prefetch; the rest waits and flows on each ACK, in order")
    void windowHoldsBackAndAckReleases() {
        Broker broker = Broker.builder().build();
        InMemoryConnection subscriber = connected(broker, clock);
        subscriber.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/busy", "ack", "client", "prefetch-count", "5");
        InMemoryConnection publisher = connected(broker, clock);

        sendAll(publisher, "/topic/busy", "m", 20);

        List<Frame> first = messages(subscriber);
        assertThat(bodies(first)).containsExactlyElementsOf(numbered("m", 0, 5));
        SessionSummary held = SessionHoldings.of(broker, subscriber);
        assertThat(held.pendingAcks()).isEqualTo(5);
        assertThat(held.pendingAckBytes()).isGreaterThan(5L * 2);
        assertThat(held.backlogMessages()).isEqualTo(15);
        assertThat(held.backlogBytes()).isGreaterThan(15L * 2);

        // Cumulative: ACK of the third settles three, so three more come.
        subscriber.send(Command.ACK, "id", first.get(2).header("ack"));
        List<Frame> second = messages(subscriber);
        assertThat(bodies(second)).containsExactlyElementsOf(numbered("m", 5, 8));

        List<String> rest = new java.util.ArrayList<>();
        Frame last = second.get(second.size() - 1);
        for (int round = 0; round < 10 && rest.size() < 12; round++) {
            subscriber.send(Command.ACK, "id", last.header("ack"));
            List<Frame> more = messages(subscriber);
            rest.addAll(bodies(more));
            if (!more.isEmpty()) {
                last = more.get(more.size() - 1);
            }
        }
        assertThat(rest).containsExactlyElementsOf(numbered("m", 8, 20));
        subscriber.send(Command.ACK, "id", last.header("ack"));
        held = SessionHoldings.of(broker, subscriber);
        assertThat(held.pendingAcks()).isZero();
        assertThat(held.pendingAckBytes()).isZero();
        assertThat(held.backlogMessages()).isZero();
        assertThat(held.backlogBytes()).isZero();
    }

    @Test
    @DisplayName("issue 12: client-individual topic subscriptions take the configured default prefetch; a NACK opens the window too")
    void defaultPrefetchAndNack() {
        Broker broker = Broker.builder().defaultPrefetch(3).build();
        InMemoryConnection subscriber = connected(broker, clock);
        subscriber.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/busy", "ack", "client-individual");
        sendAll(connected(broker, clock), "/topic/busy", "m", 10);

        List<Frame> first = messages(subscriber);
        assertThat(bodies(first)).containsExactly("m0", "m1", "m2");
        subscriber.send(Command.NACK, "id", first.get(1).header("ack"));
        assertThat(bodies(messages(subscriber))).containsExactly("m3");
        assertThat(SessionHoldings.of(broker, subscriber).pendingAcks()).isEqualTo(3);
    }

    @Test
    @DisplayName("issue 12: an ACK committed in a transaction opens the window; one still held by the transaction does not")
    void transactionCommitReleases() {
        Broker broker = Broker.builder().build();
        InMemoryConnection subscriber = connected(broker, clock);
        subscriber.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/busy", "ack", "client-individual",
                "activemq.prefetchSize", "2");
        sendAll(connected(broker, clock), "/topic/busy", "m", 4);
        List<Frame> first = messages(subscriber);
        assertThat(bodies(first)).containsExactly("m0", "m1");

        subscriber.send(Command.BEGIN, "transaction", "t");
        subscriber.send(Command.ACK, "id", first.get(0).header("ack"), "transaction", "t");
        assertThat(subscriber.nextFrame()).isNull();
        subscriber.send(Command.COMMIT, "transaction", "t");
        assertThat(bodies(messages(subscriber))).containsExactly("m2");
    }

    @Test
    @DisplayName("issue 12: behind a full window the slow-consumer bound applies: DROP_OLDEST keeps the newest waiting")
    void fullWindowThenDropOldest() {
        Broker broker = Broker.builder().slowConsumers(4, SlowConsumerPolicy.DROP_OLDEST).build();
        InMemoryConnection subscriber = connected(broker, clock);
        subscriber.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/busy", "ack", "client", "prefetch-count", "2");
        sendAll(connected(broker, clock), "/topic/busy", "m", 10);

        List<Frame> first = messages(subscriber);
        assertThat(bodies(first)).containsExactly("m0", "m1");
        assertThat(SessionHoldings.of(broker, subscriber).backlogMessages()).isEqualTo(4);
        assertThat(broker.stats().messagesDropped()).isEqualTo(4);

        subscriber.send(Command.ACK, "id", first.get(1).header("ack"));
        List<Frame> second = messages(subscriber);
        assertThat(bodies(second)).containsExactly("m6", "m7");
        subscriber.send(Command.ACK, "id", second.get(1).header("ack"));
        assertThat(bodies(messages(subscriber))).containsExactly("m8", "m9");
        assertThat(subscriber.isClosed()).isFalse();
    }

    @Test
    @DisplayName("issue 12: behind a full window the slow-consumer bound applies: DISCONNECT closes the subscriber")
    void fullWindowThenDisconnect() {
        Broker broker = Broker.builder().slowConsumers(4, SlowConsumerPolicy.DISCONNECT).build();
        InMemoryConnection subscriber = connected(broker, clock);
        subscriber.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/busy", "ack", "client", "prefetch-count", "2");
        InMemoryConnection other = connected(broker, clock);
        other.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/busy");
        sendAll(connected(broker, clock), "/topic/busy", "m", 7);

        assertThat(Clients.message(subscriber).bodyAsString()).isEqualTo("m0");
        assertThat(Clients.message(subscriber).bodyAsString()).isEqualTo("m1");
        error(subscriber, "slow consumer");
        assertThat(bodies(messages(other))).containsExactlyElementsOf(numbered("m", 0, 7));
    }

    @Test
    @DisplayName("issue 12: auto-ack topic subscriptions and client-ack queue subscriptions are not held by the topic window")
    void otherSubscriptionsUnaffected() {
        Broker broker = Broker.builder().defaultPrefetch(2).build();
        InMemoryConnection auto = connected(broker, clock);
        auto.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/busy");
        sendAll(connected(broker, clock), "/topic/busy", "m", 10);
        assertThat(messages(auto)).hasSize(10);

        // The queue keeps its own prefetch window: exactly two, not fewer.
        InMemoryConnection consumer = connected(broker, clock);
        consumer.send(Command.SUBSCRIBE, "id", "q", "destination", "/queue/work", "ack", "client");
        sendAll(connected(broker, clock), "/queue/work", "w", 5);
        List<Frame> got = messages(consumer);
        assertThat(bodies(got)).containsExactly("w0", "w1");
        consumer.send(Command.ACK, "id", got.get(1).header("ack"));
        assertThat(bodies(messages(consumer))).containsExactly("w2", "w3");
    }

    @Test
    @DisplayName("issue 12: UNSUBSCRIBE of a subscription behind a full window forgets what waited for it")
    void unsubscribeWhileWindowFull() {
        Broker broker = Broker.builder().build();
        InMemoryConnection subscriber = connected(broker, clock);
        subscriber.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/busy", "ack", "client", "prefetch-count", "1");
        sendAll(connected(broker, clock), "/topic/busy", "m", 5);
        assertThat(messages(subscriber)).hasSize(1);

        subscriber.send(Command.UNSUBSCRIBE, "id", "s");
        SessionSummary held = SessionHoldings.of(broker, subscriber);
        assertThat(held.pendingAcks()).isZero();
        assertThat(held.backlogMessages()).isZero();

        subscriber.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/busy", "ack", "client", "prefetch-count", "1");
        sendAll(connected(broker, clock), "/topic/busy", "n", 2);
        List<Frame> fresh = messages(subscriber);
        assertThat(bodies(fresh)).containsExactly("n0");
        subscriber.send(Command.ACK, "id", fresh.get(0).header("ack"));
        assertThat(bodies(messages(subscriber))).containsExactly("n1");
    }
}
