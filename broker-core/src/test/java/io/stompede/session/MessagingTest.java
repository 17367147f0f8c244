package io.stompede.session;

import static io.stompede.session.Clients.WAIT;
import static io.stompede.session.Clients.error;
import static io.stompede.session.Clients.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.config.ResumeConfig;
import io.stompede.config.BrokerConfig.DestinationType;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessagingTest {
    private final VirtualClock clock = new VirtualClock();
    private final Broker broker = Broker.builder().build();

    private InMemoryConnection client(String version) {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        assertThat(client.connect(Headers.of("accept-version", version)).command()).isEqualTo(Command.CONNECTED);
        return client;
    }

    private InMemoryConnection client() {
        return client("1.2");
    }

    private InMemoryConnection subscriber(String destination, String id) {
        InMemoryConnection client = client();
        client.send(Command.SUBSCRIBE, "destination", destination, "id", id, "receipt", "sub-" + id);
        assertThat(client.awaitFrame(WAIT).header("receipt-id")).isEqualTo("sub-" + id);
        return client;
    }

    @Test
    void everyTopicSubscriberGetsItsOwnCopyWithItsSubscriptionId() {
        InMemoryConnection first = subscriber("/topic/news", "a");
        InMemoryConnection second = subscriber("/topic/news", "b");

        client().sendWithBody(Command.SEND, "extra", "destination", "/topic/news", "content-type", "text/plain");

        Frame toFirst = message(first, "extra");
        Frame toSecond = message(second, "extra");
        assertThat(toFirst.header("subscription")).isEqualTo("a");
        assertThat(toSecond.header("subscription")).isEqualTo("b");
        assertThat(toFirst.header("destination")).isEqualTo("/topic/news");
        assertThat(toFirst.header("content-type")).isEqualTo("text/plain");
        assertThat(toFirst.header("message-id")).isNotEmpty().isEqualTo(toSecond.header("message-id"));
        assertThat(toFirst.header("ack")).as("auto mode has no ack header").isNull();
    }

    @Test
    void messageIdsAreUnique() {
        InMemoryConnection subscriber = subscriber("/topic/ids", "s");
        InMemoryConnection publisher = client();
        for (int i = 0; i < 100; i++) {
            publisher.sendWithBody(Command.SEND, "m" + i, "destination", "/topic/ids");
        }

        assertThat(subscriber.frames()).hasSize(100).extracting(f -> f.header("message-id")).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("user headers travel; the broker's own replace what the client sent; the first of a repeated header wins")
    void headersTravelToMessages() {
        InMemoryConnection subscriber = subscriber("/topic/h", "s");

        client().send(Frame.of(Command.SEND, Headers.of(
                "destination", "/topic/h",
                "x-trace", "first",
                "x-trace", "second",
                "message-id", "forged",
                "subscription", "forged",
                "receipt", "r-9",
                "colour", "a:b"), "body"));

        Frame message = message(subscriber, "body");
        assertThat(message.headers().entries()).filteredOn(e -> e.getKey().equals("x-trace")).hasSize(1);
        assertThat(message.header("x-trace")).isEqualTo("first");
        assertThat(message.header("message-id")).isNotEqualTo("forged");
        assertThat(message.header("subscription")).isEqualTo("s");
        assertThat(message.header("receipt")).isNull();
        assertThat(message.header("colour")).isEqualTo("a:b");
        assertThat(message.header("content-length")).isEqualTo("4");
    }

    @Test
    void headerValuesWithColonsAndNewlinesSurviveEscapingInEachVersion() {
        for (String version : new String[] {"1.1", "1.2"}) {
            InMemoryConnection subscriber = client(version);
            subscriber.send(Command.SUBSCRIBE, "destination", "/topic/esc", "id", "s" + version);
            client(version).send(Command.SEND, "destination", "/topic/esc", "note", "line one\nkey:value\\end");

            Frame message = subscriber.awaitFrame(WAIT);
            assertThat(message.header("note")).as("version %s", version).isEqualTo("line one\nkey:value\\end");
            subscriber.send(Command.DISCONNECT);
        }
    }

    @Test
    void aBodyWithNulBytesArrivesWhole() {
        InMemoryConnection subscriber = subscriber("/topic/bin", "s");
        byte[] body = {1, 0, 2, 0, 0, 3};

        client().send(Frame.of(Command.SEND, Headers.of("destination", "/topic/bin", "content-length", "6"), body));

        Frame message = subscriber.awaitFrame(WAIT);
        assertThat(message.sharedBody()).containsExactly(body);
    }

    @Test
    void unsubscribeStopsDelivery() {
        InMemoryConnection subscriber = subscriber("/topic/u", "s");
        subscriber.send(Command.UNSUBSCRIBE, "id", "s", "receipt", "gone");
        assertThat(subscriber.awaitFrame(WAIT).header("receipt-id")).isEqualTo("gone");

        client().sendWithBody(Command.SEND, "late", "destination", "/topic/u");

        assertThat(subscriber.nextFrame()).isNull();
        assertThat(broker.stats().subscriptions()).doesNotContainKey("/topic/u");
    }

    @Test
    void wildcardSubscriptionsMatchBySegment() {
        InMemoryConnection everything = subscriber("/topic/chat/**", "all");
        InMemoryConnection oneLevel = subscriber("/topic/chat/*", "one");
        InMemoryConnection dotted = subscriber("/topic/chat.#", "dots");
        InMemoryConnection publisher = client();

        publisher.sendWithBody(Command.SEND, "deep", "destination", "/topic/chat/room/5");
        publisher.sendWithBody(Command.SEND, "shallow", "destination", "/topic/chat/lobby");

        assertThat(everything.frames()).extracting(Frame::bodyAsString).containsExactly("deep", "shallow");
        assertThat(oneLevel.frames()).extracting(Frame::bodyAsString).containsExactly("shallow");
        assertThat(dotted.frames()).extracting(Frame::bodyAsString).containsExactly("deep", "shallow");
    }

    @Test
    void destinationsOutsideTopicAndQueueArePublishSubscribeByDefault() {
        InMemoryConnection first = subscriber("/exchange/chat", "a");
        InMemoryConnection second = subscriber("/exchange/chat", "b");

        client().sendWithBody(Command.SEND, "both", "destination", "/exchange/chat");

        message(first, "both");
        message(second, "both");
    }

    @Test
    void theDefaultDestinationTypeIsConfigurable() {
        Broker pointToPoint = Broker.builder().defaultDestinationType(DestinationType.POINT_TO_POINT).build();
        InMemoryConnection first = InMemoryConnection.open(pointToPoint, clock);
        InMemoryConnection second = InMemoryConnection.open(pointToPoint, clock);
        InMemoryConnection publisher = InMemoryConnection.open(pointToPoint, clock);
        for (InMemoryConnection c : new InMemoryConnection[] {first, second, publisher}) {
            c.connect();
        }
        first.send(Command.SUBSCRIBE, "destination", "/jobs", "id", "a");
        second.send(Command.SUBSCRIBE, "destination", "/jobs", "id", "b");

        publisher.sendWithBody(Command.SEND, "once", "destination", "/jobs");

        assertThat(first.frames().size() + second.frames().size()).isEqualTo(1);
    }

    @Test
    void stompOnePointZeroSubscribesWithoutIdAndUnsubscribesByDestination() {
        InMemoryConnection old = client("1.0");
        old.send(Command.SUBSCRIBE, "destination", "/topic/legacy");
        client().sendWithBody(Command.SEND, "hi", "destination", "/topic/legacy");
        assertThat(message(old, "hi").header("subscription")).isEqualTo("/topic/legacy");

        old.send(Command.UNSUBSCRIBE, "destination", "/topic/legacy", "receipt", "r");

        assertThat(old.awaitFrame(WAIT).command()).isEqualTo(Command.RECEIPT);
        assertThat(broker.stats().subscriptionCount()).isZero();
    }

    @Test
    void sendWithoutDestinationIsAnErrorQuotingTheReceipt() {
        InMemoryConnection client = client();
        client.sendWithBody(Command.SEND, "nowhere", "receipt", "r-1");

        Frame error = error(client, "missing header");
        assertThat(error.header("receipt-id")).isEqualTo("r-1");
        assertThat(error.bodyAsString()).contains("destination");
    }

    @Test
    void subscribeWithoutIdIsAnErrorFromOnePointOne() {
        InMemoryConnection client = client("1.1");
        client.send(Command.SUBSCRIBE, "destination", "/topic/a");

        error(client, "missing header");
    }

    @Test
    void aSubscriptionIdInUseIsAnErrorAndTheSessionsSubscriptionsAreRemoved() {
        InMemoryConnection client = subscriber("/topic/a", "dup");
        client.send(Command.SUBSCRIBE, "destination", "/topic/b", "id", "dup");

        error(client, "subscription id in use");
        assertThat(broker.stats().subscriptionCount()).isZero();
        assertThat(broker.stats().connections()).isZero();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "UNSUBSCRIBE | id=never                                | unknown subscription",
        "SUBSCRIBE   | destination=/topic/a,id=s,ack=sometimes | invalid ack mode",
        "MESSAGE     | destination=/topic/a                    | unexpected command",
        "ACK         | id=1                                    | unknown ack id",
        "COMMIT      | transaction=none                        | unknown transaction",
    })
    void aFrameTheBrokerCannotActOnIsAnError(Command command, String headers, String message) {
        InMemoryConnection client = client();
        Headers.Builder builder = Headers.builder();
        for (String header : headers.split(",")) {
            String[] nameAndValue = header.split("=", 2);
            builder.add(nameAndValue[0], nameAndValue[1]);
        }

        client.send(Frame.of(command, builder.build()));

        error(client, message);
    }

    @Test
    void everyFrameButConnectMayAskForAReceipt() {
        InMemoryConnection client = client();
        client.send(Command.SUBSCRIBE, "destination", "/topic/r", "id", "s", "receipt", "1");
        client.send(Command.SEND, "destination", "/topic/other", "receipt", "2");
        client.send(Command.BEGIN, "transaction", "t", "receipt", "3");
        client.send(Command.ABORT, "transaction", "t", "receipt", "4");
        client.send(Command.UNSUBSCRIBE, "id", "s", "receipt", "5");

        assertThat(client.frames()).extracting(f -> f.command() + ":" + f.header("receipt-id"))
                .containsExactly("RECEIPT:1", "RECEIPT:2", "RECEIPT:3", "RECEIPT:4", "RECEIPT:5");
    }

    @Test
    void disconnectWithReceiptAnswersThenCloses() {
        InMemoryConnection client = subscriber("/topic/bye", "s");
        client.send(Command.DISCONNECT, "receipt", "bye");

        Frame receipt = client.awaitFrame(WAIT);
        assertThat(receipt.command()).isEqualTo(Command.RECEIPT);
        assertThat(receipt.header("receipt-id")).isEqualTo("bye");
        assertThat(client.isClosed()).isTrue();
        assertThat(broker.stats().connections()).isZero();
        assertThat(broker.stats().subscriptionCount()).isZero();
    }

    @Test
    void anAbruptDisconnectRemovesTheSessionsSubscriptions() {
        InMemoryConnection client = subscriber("/topic/drop", "s");

        client.disconnectAbruptly();
        // The session is kept for its client to resume it, until the grace ends.
        clock.advance(ResumeConfig.DEFAULTS.grace());

        assertThat(broker.stats().connections()).isZero();
        assertThat(broker.stats().subscriptionCount()).isZero();
        client().sendWithBody(Command.SEND, "after", "destination", "/topic/drop");
        assertThat(broker.stats().messagesOut()).isZero();
    }

    @Test
    @DisplayName("a header a 1.0 subscriber cannot carry is left out, and the message still arrives")
    void aHeaderThatOnePointZeroCannotCarryIsLeftOut() {
        InMemoryConnection old = client("1.0");
        old.send(Command.SUBSCRIBE, "destination", "/topic/mixed", "id", "s");

        client().sendWithBody(Command.SEND, "hi", "destination", "/topic/mixed", "note", "two\nlines", "plain", "ok");

        Frame message = message(old, "hi");
        assertThat(message.header("note")).isNull();
        assertThat(message.header("plain")).isEqualTo("ok");
    }
}
