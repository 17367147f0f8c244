package io.stompede.session;

import static io.stompede.session.Clients.bodies;
import static io.stompede.session.Clients.connected;
import static io.stompede.session.Clients.error;
import static io.stompede.session.Clients.message;
import static io.stompede.session.Clients.messages;
import static io.stompede.session.Clients.sendAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.config.ResumeConfig;
import io.stompede.BrokerStats;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** ACK and NACK in every ack mode and protocol version, redelivery, and dead-lettering. */
class AcknowledgementTest {
    private final VirtualClock clock = new VirtualClock();
    private final Broker broker = Broker.builder().maxDeliveries(3).build();

    private InMemoryConnection subscriber(String version, String destination, String ackMode) {
        InMemoryConnection client = connected(broker, clock, version);
        client.send(Command.SUBSCRIBE, "id", "s", "destination", destination, "ack", ackMode);
        return client;
    }

    /** The ACK or NACK of {@code message} in the header form of {@code version}. */
    private static void settle(InMemoryConnection client, Command command, String version, Frame message,
                               String... extraHeaders) {
        List<String> headers = new ArrayList<>(switch (version) {
            case "1.2" -> List.of("id", message.header("ack"));
            case "1.1" -> List.of("message-id", message.header("message-id"), "subscription", message.header("subscription"));
            default -> List.of("message-id", message.header("message-id"));
        });
        headers.addAll(List.of(extraHeaders));
        client.send(command, headers.toArray(String[]::new));
    }

    private void assertNothingAwaitsAck() {
        BrokerStats stats = broker.stats();
        assertThat(stats.awaitingAck()).isZero();
        assertThat(stats.queueInFlight()).isZero();
    }

    @ParameterizedTest(name = "STOMP {0}, ack:{1}")
    @CsvSource({"1.0, client", "1.0, client-individual", "1.1, client", "1.1, client-individual",
            "1.2, client", "1.2, client-individual"})
    @DisplayName("an ACK in the version's header form settles a queue message")
    void ackInEachVersionAndMode(String version, String ackMode) {
        InMemoryConnection consumer = subscriber(version, "/queue/work", ackMode);
        sendAll(connected(broker, clock), "/queue/work", "m", 1);

        Frame delivered = message(consumer);
        // Only 1.2 has the ack header; older clients quote message-id instead.
        if (version.equals("1.2")) {
            assertThat(delivered.header("ack")).isNotEmpty();
        } else {
            assertThat(delivered.header("ack")).isNull();
        }
        assertThat(broker.stats().awaitingAck()).isEqualTo(1);
        assertThat(broker.stats().queueInFlight()).isEqualTo(1);

        settle(consumer, Command.ACK, version, delivered, "receipt", "r-ack");

        Frame receipt = consumer.nextFrame();
        assertThat(receipt.command()).isEqualTo(Command.RECEIPT);
        assertThat(receipt.header("receipt-id")).isEqualTo("r-ack");
        assertNothingAwaitsAck();
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/work", 0);
    }

    @ParameterizedTest(name = "STOMP {0}")
    @ValueSource(strings = {"1.0", "1.1", "1.2"})
    @DisplayName("with ack:auto a queue message is settled once written and carries no ack header")
    void autoSettlesOnWrite(String version) {
        InMemoryConnection consumer = subscriber(version, "/queue/work", "auto");
        sendAll(connected(broker, clock), "/queue/work", "m", 1);

        assertThat(message(consumer).header("ack")).isNull();
        assertNothingAwaitsAck();
    }

    @ParameterizedTest(name = "STOMP {0}")
    @ValueSource(strings = {"1.1", "1.2"})
    @DisplayName("a NACK in the version's header form redelivers the message marked redelivered")
    void nackInEachVersion(String version) {
        InMemoryConnection consumer = subscriber(version, "/queue/work", "client-individual");
        sendAll(connected(broker, clock), "/queue/work", "m", 1);

        settle(consumer, Command.NACK, version, message(consumer));

        Frame again = message(consumer);
        assertThat(again.bodyAsString()).isEqualTo("m0");
        assertThat(again.header("redelivered")).isEqualTo("true");
        assertThat(again.header("x-delivery-count")).isEqualTo("2");
    }

    @Test
    @DisplayName("STOMP 1.0 has no NACK: it is an ERROR")
    void noNackIn10() {
        InMemoryConnection consumer = subscriber("1.0", "/queue/work", "client");
        sendAll(connected(broker, clock), "/queue/work", "m", 1);

        settle(consumer, Command.NACK, "1.0", message(consumer));

        error(consumer, "unexpected command");
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/work", 1);
        assertNothingAwaitsAck();
    }

    @Test
    @DisplayName("with ack:client an ACK settles that message and every earlier one, and no later one")
    void clientAckIsCumulative() {
        InMemoryConnection consumer = subscriber("1.2", "/queue/work", "client");
        sendAll(connected(broker, clock), "/queue/work", "m", 3);
        List<Frame> delivered = messages(consumer);

        consumer.send(Command.ACK, "id", delivered.get(1).header("ack"));

        assertThat(broker.stats().awaitingAck()).isEqualTo(1);
        assertThat(broker.stats().queueInFlight()).isEqualTo(1);
        consumer.send(Command.ACK, "id", delivered.get(2).header("ack"));
        assertNothingAwaitsAck();
        assertThat(consumer.nextFrame()).isNull();
    }

    @Test
    @DisplayName("with ack:client a NACK returns that message and every earlier one, in order, and keeps later ones pending")
    void clientNackIsCumulative() {
        InMemoryConnection consumer = subscriber("1.2", "/queue/work", "client");
        sendAll(connected(broker, clock), "/queue/work", "m", 3);
        List<Frame> delivered = messages(consumer);

        consumer.send(Command.NACK, "id", delivered.get(1).header("ack"));

        List<Frame> again = messages(consumer);
        assertThat(bodies(again)).containsExactly("m0", "m1");
        assertThat(again).allSatisfy(frame -> {
            assertThat(frame.header("redelivered")).isEqualTo("true");
            assertThat(frame.header("x-delivery-count")).isEqualTo("2");
        });
        // m2 was never NACKed: still pending under its first ack id, and m0, m1 again under new ones.
        assertThat(broker.stats().awaitingAck()).isEqualTo(3);
        // Cumulation follows delivery order: ACK of the last redelivery covers m2, delivered before it.
        consumer.send(Command.ACK, "id", again.get(1).header("ack"));
        assertNothingAwaitsAck();
    }

    @Test
    @DisplayName("with ack:client-individual an ACK settles exactly one message")
    void clientIndividualAckSettlesOne() {
        InMemoryConnection consumer = subscriber("1.2", "/queue/work", "client-individual");
        sendAll(connected(broker, clock), "/queue/work", "m", 3);
        List<Frame> delivered = messages(consumer);

        consumer.send(Command.ACK, "id", delivered.get(1).header("ack"));

        assertThat(broker.stats().awaitingAck()).isEqualTo(2);
        consumer.send(Command.ACK, "id", delivered.get(0).header("ack"));
        consumer.send(Command.ACK, "id", delivered.get(2).header("ack"));
        assertNothingAwaitsAck();
        assertThat(consumer.isClosed()).isFalse();
    }

    @Test
    @DisplayName("a NACK never counts as an ACK: the message stays in flight until the redelivery is ACKed")
    void nackIsNotAnAck() {
        InMemoryConnection consumer = subscriber("1.2", "/queue/work", "client-individual");
        sendAll(connected(broker, clock), "/queue/work", "m", 1);
        Frame first = message(consumer);

        consumer.send(Command.NACK, "id", first.header("ack"));

        Frame again = message(consumer);
        assertThat(again.header("message-id")).isEqualTo(first.header("message-id"));
        assertThat(again.header("ack")).isNotEqualTo(first.header("ack"));
        assertThat(broker.stats().queueInFlight()).isEqualTo(1);
        assertThat(broker.stats().awaitingAck()).isEqualTo(1);
        consumer.send(Command.ACK, "id", again.header("ack"));
        assertNothingAwaitsAck();
    }

    @Test
    @DisplayName("a NACK of a topic message drops it: no redelivery")
    void topicNackDrops() {
        InMemoryConnection subscriber = subscriber("1.2", "/topic/news", "client-individual");
        sendAll(connected(broker, clock), "/topic/news", "m", 1);

        subscriber.send(Command.NACK, "id", message(subscriber).header("ack"));

        assertThat(subscriber.nextFrame()).isNull();
        assertThat(broker.stats().awaitingAck()).isZero();
        assertThat(subscriber.isClosed()).isFalse();
    }

    @Test
    @DisplayName("an ACK of an unknown id is an ERROR quoting the receipt; the session's state is cleaned up")
    void ackOfUnknownId() {
        InMemoryConnection consumer = subscriber("1.2", "/queue/work", "client");
        sendAll(connected(broker, clock), "/queue/work", "m", 1);
        message(consumer);

        consumer.send(Command.ACK, "id", "999", "receipt", "r-bad");

        assertThat(error(consumer, "unknown ack id").header("receipt-id")).isEqualTo("r-bad");
        assertCleanAfterError(1);
    }

    @Test
    @DisplayName("a second ACK of the same id is an ERROR")
    void doubleAck() {
        InMemoryConnection consumer = subscriber("1.2", "/queue/work", "client-individual");
        sendAll(connected(broker, clock), "/queue/work", "m", 2);
        List<Frame> delivered = messages(consumer);
        consumer.send(Command.ACK, "id", delivered.get(0).header("ack"));

        consumer.send(Command.ACK, "id", delivered.get(0).header("ack"));

        error(consumer, "unknown ack id");
        // m0 was settled by the first ACK; m1 goes back to the queue.
        assertCleanAfterError(1);
    }

    @Test
    @DisplayName("an ACK on an auto subscription is an ERROR")
    void ackOnAutoSubscription() {
        InMemoryConnection consumer = subscriber("1.1", "/queue/work", "auto");
        sendAll(connected(broker, clock), "/queue/work", "m", 1);

        settle(consumer, Command.ACK, "1.1", message(consumer));

        error(consumer, "unknown ack id");
        assertCleanAfterError(0);
    }

    private void assertCleanAfterError(int expectedDepth) {
        BrokerStats stats = broker.stats();
        assertThat(stats.subscriptionCount()).isZero();
        assertThat(stats.queueDepths()).containsEntry("/queue/work", expectedDepth);
        assertThat(stats.queueInFlight()).isZero();
        assertThat(stats.awaitingAck()).isZero();
        // Only the producer's session is left.
        assertThat(stats.connections()).isEqualTo(1);
    }

    @Test
    @DisplayName("UNSUBSCRIBE returns unacked messages to another consumer, marked redelivered")
    void unsubscribeReturnsUnacked() {
        InMemoryConnection first = subscriber("1.2", "/queue/work", "client-individual");
        InMemoryConnection second = subscriber("1.2", "/queue/work", "auto");
        sendAll(connected(broker, clock), "/queue/work", "m", 2);
        assertThat(bodies(messages(first))).containsExactly("m0");
        assertThat(bodies(messages(second))).containsExactly("m1");

        first.send(Command.UNSUBSCRIBE, "id", "s");

        Frame again = message(second);
        assertThat(again.bodyAsString()).isEqualTo("m0");
        assertThat(again.header("redelivered")).isEqualTo("true");
        assertThat(again.header("x-delivery-count")).isEqualTo("2");
        assertThat(first.nextFrame()).isNull();
        assertNothingAwaitsAck();
    }

    @Test
    @DisplayName("an abrupt disconnect returns unacked messages to another consumer, marked redelivered, once the resume grace is over")
    void disconnectReturnsUnacked() {
        InMemoryConnection first = subscriber("1.2", "/queue/work", "client");
        InMemoryConnection second = subscriber("1.2", "/queue/work", "auto");
        sendAll(connected(broker, clock), "/queue/work", "m", 2);
        messages(first);
        messages(second);

        first.disconnectAbruptly();
        assertThat(second.nextFrame()).as("kept for first's client while it may resume").isNull();
        clock.advance(ResumeConfig.DEFAULTS.grace());

        Frame again = message(second);
        assertThat(again.bodyAsString()).isEqualTo("m0");
        assertThat(again.header("redelivered")).isEqualTo("true");
        assertThat(again.header("x-delivery-count")).isEqualTo("2");
        assertNothingAwaitsAck();
        assertThat(broker.stats().subscriptions()).containsEntry("/queue/work", 1);
    }

    @Test
    @DisplayName("after maxDeliveries deliveries a message goes to /queue/DLQ with its origin and the reason")
    void deadLetterAfterMaxDeliveries() {
        InMemoryConnection consumer = subscriber("1.2", "/queue/work", "client-individual");
        InMemoryConnection dlq = connected(broker, clock);
        dlq.send(Command.SUBSCRIBE, "id", "dead", "destination", "/queue/DLQ");
        InMemoryConnection producer = connected(broker, clock);
        producer.sendWithBody(Command.SEND, "poison", "destination", "/queue/work", "color", "red");

        Frame delivered = message(consumer);
        String originalId = delivered.header("message-id");
        for (int delivery = 1; delivery < 3; delivery++) {
            consumer.send(Command.NACK, "id", delivered.header("ack"));
            delivered = message(consumer);
            assertThat(delivered.header("x-delivery-count")).isEqualTo(String.valueOf(delivery + 1));
        }
        assertThat(dlq.nextFrame()).isNull();

        consumer.send(Command.NACK, "id", delivered.header("ack"));

        assertThat(consumer.nextFrame()).isNull();
        Frame dead = message(dlq);
        assertThat(dead.bodyAsString()).isEqualTo("poison");
        assertThat(dead.header("destination")).isEqualTo("/queue/DLQ");
        assertThat(dead.header("x-original-destination")).isEqualTo("/queue/work");
        assertThat(dead.header("x-original-message-id")).isEqualTo(originalId);
        assertThat(dead.header("x-dead-letter-reason")).isEqualTo("delivery-limit");
        assertThat(dead.header("color")).isEqualTo("red");
        assertThat(dead.header("message-id")).isNotEqualTo(originalId);
        assertThat(dead.header("redelivered")).isNull();
        assertNothingAwaitsAck();
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/work", 0);
    }

    @Test
    @DisplayName("the dead-letter destination is configurable, and messages wait there for a consumer")
    void configuredDeadLetterDestination() {
        Broker custom = Broker.builder().maxDeliveries(1).deadLetterDestination("/queue/graveyard").build();
        InMemoryConnection consumer = connected(custom, clock);
        consumer.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/work", "ack", "client");
        sendAll(connected(custom, clock), "/queue/work", "m", 1);

        consumer.send(Command.NACK, "id", message(consumer).header("ack"));

        assertThat(consumer.nextFrame()).isNull();
        assertThat(custom.stats().queueDepths()).containsEntry("/queue/graveyard", 1).doesNotContainKey("/queue/DLQ");
    }
}
