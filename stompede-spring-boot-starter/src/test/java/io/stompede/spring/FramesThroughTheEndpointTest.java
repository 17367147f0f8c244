package io.stompede.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.spring.Clients.Inbox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * STOMP that Spring's client has no call for, written as it is through the application's endpoint
 * (and the starter's TCP listener): transactions, a bad frame, the broker's own CONNECTED, deliveries
 * in the broker's wire form, resume.
 */
@DisplayName("Frames through the application's endpoint")
class FramesThroughTheEndpointTest {
    private static Instance app;

    @BeforeAll
    static void startApplication() {
        app = Instance.start(Map.of("stompede.tcp.port", "0"));
    }

    @AfterAll
    static void stopApplication() {
        app.close();
    }

    @Test
    @DisplayName("CONNECTED is the broker's: its server, resume token and the heart-beats it agreed, which it sends")
    void connectedComesFromTheBroker() throws Exception {
        try (WireClient client = WireClient.webSocket(app.url("alice"))) {
            client.send(Frame.of(Command.CONNECT, Headers.of("accept-version", "1.1,1.2",
                    "heart-beat", "0,1000")));
            Frame connected = client.next();
            assertThat(connected.command()).isEqualTo(Command.CONNECTED);
            assertThat(connected.header("version")).isEqualTo("1.2");
            assertThat(connected.header("server")).startsWith("Stompede/");
            assertThat(connected.header("heart-beat")).as("beats every second, none expected").isEqualTo("1000,0");
            assertThat(connected.header("x-resume-token")).isNotBlank();
            assertThat(connected.header("user-name")).as("Spring's own addition").isEqualTo("alice");
            await().atMost(Clients.WAIT).until(() -> client.heartbeats() >= 2);
        }
    }

    @Test
    @DisplayName("a transaction's SENDs reach the queue's consumer at COMMIT, an aborted one's never")
    void transactions() throws Exception {
        try (Clients clients = new Clients(); WireClient client = WireClient.webSocket(app.url("alice"))) {
            Inbox orders = Clients.subscribe(clients.connect(app.url("bob")), "/queue/orders");
            assertThat(client.connect().command()).isEqualTo(Command.CONNECTED);

            client.send(Command.BEGIN, "", "transaction", "tx1");
            client.send(Command.SEND, "order 1", "destination", "/queue/orders", "transaction", "tx1");
            client.send(Command.SEND, "order 2", "destination", "/queue/orders", "transaction", "tx1");
            client.send(Command.COMMIT, "", "transaction", "tx1", "receipt", "committed");
            assertThat(client.next().header("receipt-id")).isEqualTo("committed");
            assertThat(orders.nextText()).isEqualTo("order 1");
            assertThat(orders.nextText()).isEqualTo("order 2");

            client.send(Command.BEGIN, "", "transaction", "tx2");
            client.send(Command.SEND, "never sent", "destination", "/queue/orders", "transaction", "tx2");
            client.send(Command.ABORT, "", "transaction", "tx2");
            client.send(Command.SEND, "order 3", "destination", "/queue/orders", "receipt", "sent");
            assertThat(client.next().header("receipt-id")).isEqualTo("sent");
            assertThat(orders.nextText()).as("the aborted SEND is not delivered").isEqualTo("order 3");
        }
    }

    @Test
    @DisplayName("a delivery reaches the socket as the broker wrote it: its headers, and a body that is not UTF-8 "
            + "in a binary WebSocket message, byte for byte")
    void deliveriesKeepTheBrokersWireForm() throws Exception {
        byte[] notUtf8 = {'a', (byte) 0xff, (byte) 0xfe, 'b'};
        try (WireClient client = WireClient.webSocket(app.url("alice"))) {
            client.connect();
            client.send(Command.SUBSCRIBE, "", "destination", "/topic/blobs", "id", "blobs:1", "receipt", "r1");
            assertThat(client.next().header("receipt-id")).isEqualTo("r1");

            app.broker().publish("/topic/blobs", Headers.of("content-type", "application/x-blob", "x-trace", "t-1"),
                    notUtf8).join();
            app.broker().publish("/topic/blobs", "déjà vu").join();

            Frame blob = client.next();
            assertThat(blob.sharedBody()).isEqualTo(notUtf8);
            assertThat(blob.header("subscription")).isEqualTo("blobs:1");
            assertThat(blob.header("x-trace")).isEqualTo("t-1");
            assertThat(blob.header("content-type")).isEqualTo("application/x-blob");
            assertThat(blob.header("message-id")).isNotBlank();
            assertThat(client.next().bodyAsString()).isEqualTo("déjà vu");
            assertThat(client.binaryMessages()).as("the blob alone").isEqualTo(1);
        }
    }

    @Test
    @DisplayName("an application's interceptor of the clientOutboundChannel gets each MESSAGE with all its STOMP headers")
    void outboundInterceptorsSeeEveryHeader() throws Exception {
        try (Instance audited = Instance.start(Map.of("chat.outbound-audit", "true")); Clients clients = new Clients()) {
            Inbox room = Clients.subscribe(clients.connect(audited.url("bob")), "/topic/rooms.audit");

            audited.broker().publish("/topic/rooms.audit", Headers.of("x-trace", "t-2"), "hello".getBytes()).join();

            assertThat(room.nextText()).isEqualTo("hello");
            assertThat(audited.bean(OutboundAudit.class).messages()).singleElement().satisfies(headers -> {
                assertThat(headers).containsEntry("x-trace", List.of("t-2")).containsEntry("destination",
                        List.of("/topic/rooms.audit")).containsKeys("message-id", "subscription");
            });
        }
    }

    @Test
    @DisplayName("a session resumed on a new WebSocket gets what was published while it was away, then live messages, "
            + "under its subscription's id")
    void resumeOnANewWebSocket() throws Exception {
        String token = subscribedThenDropped("alice", "/topic/rooms.resume", "room");
        // Kept: no open session has the room any more, and the broker keeps one at least.
        await().atMost(Clients.WAIT).until(() -> app.broker().detachedSessions() > 0
                && app.broker().sessions().join().stream().flatMap(session -> session.subscriptions().stream())
                        .noneMatch(subscription -> subscription.destination().equals("/topic/rooms.resume")));
        app.broker().publish("/topic/rooms.resume", "while away").join();

        try (WireClient again = resumed("alice", token)) {
            Frame kept = again.next();
            assertThat(kept.bodyAsString()).isEqualTo("while away");
            assertThat(kept.header("subscription")).isEqualTo("room");

            again.send(Command.SUBSCRIBE, "", "destination", "/topic/rooms.resume", "id", "room", "receipt", "r2");
            assertThat(again.next().header("receipt-id")).isEqualTo("r2");
            app.broker().publish("/topic/rooms.resume", "live").join();
            Frame live = again.next();
            assertThat(live.bodyAsString()).isEqualTo("live");
            assertThat(live.header("subscription")).isEqualTo("room");
        }
    }

    @Test
    @DisplayName("a resumed session that subscribes to its user destination again, under the same id, gets its "
            + "user's messages there")
    void resumeAndUserDestinations() throws Exception {
        String token = subscribedThenDropped("dave", "/user/queue/whispers", "sub-0");
        try (Clients clients = new Clients(); WireClient again = resumed("dave", token)) {
            // Spring names the user queue after the new WebSocket session: another destination, the same id.
            again.send(Command.SUBSCRIBE, "", "destination", "/user/queue/whispers", "id", "sub-0", "receipt", "r2");
            assertThat(again.next().header("receipt-id")).isEqualTo("r2");

            clients.connect(app.url("erin")).send("/app/whisper/dave", "psst");

            Frame whisper = again.next();
            assertThat(whisper.bodyAsString()).isEqualTo("psst (from erin)");
            assertThat(whisper.header("destination")).isEqualTo("/user/queue/whispers");
            assertThat(whisper.header("subscription")).isEqualTo("sub-0");
        }
    }

    /**
     * Connects as {@code user}, subscribes to {@code destination} as {@code id} and closes the socket
     * without DISCONNECT, which keeps the session; returns its resume token.
     */
    private static String subscribedThenDropped(String user, String destination, String id) throws Exception {
        try (WireClient first = WireClient.webSocket(app.url(user))) {
            String token = first.connect().header("x-resume-token");
            first.send(Command.SUBSCRIBE, "", "destination", destination, "id", id, "receipt", "subscribed");
            assertThat(first.next().header("receipt-id")).isEqualTo("subscribed");
            return token;
        }
    }

    /** A new WebSocket of {@code user} that resumed the session of {@code token}. */
    private static WireClient resumed(String user, String token) throws Exception {
        WireClient again = WireClient.webSocket(app.url(user));
        again.send(Frame.of(Command.CONNECT, Headers.of("accept-version", "1.2", "host", "localhost",
                "x-resume-token", token)));
        assertThat(again.next().header("x-resumed")).isEqualTo("true");
        return again;
    }

    @Test
    @DisplayName("a bad frame gets the broker's ERROR, and the WebSocket closes after it")
    void badInputGetsAnError() throws Exception {
        try (WireClient client = WireClient.webSocket(app.url("alice"))) {
            client.connect();
            client.send(Command.ACK, "", "id", "no-such-message", "receipt", "r1");
            Frame error = client.next();
            assertThat(error.command()).isEqualTo(Command.ERROR);
            assertThat(error.header("receipt-id")).isEqualTo("r1");
            assertThat(error.header("message")).isNotBlank();
            assertThat(client.awaitClosed()).as("the socket closed").isTrue();
        }
    }

    @Test
    @DisplayName("a TCP client of stompede.tcp.port shares the rooms of the WebSocket clients")
    void tcpListenerBesideTheApplication() throws Exception {
        int port = app.bean(StompedeTcpListener.class).port();
        try (Clients clients = new Clients(); WireClient service = WireClient.tcp(port)) {
            assertThat(service.connect().command()).isEqualTo(Command.CONNECTED);
            service.send(Command.SUBSCRIBE, "", "destination", "/topic/rooms.tcp", "id", "1", "receipt", "r1");
            assertThat(service.next().header("receipt-id")).isEqualTo("r1");

            clients.connect(app.url("alice")).send("/app/rooms/tcp", "from a browser");

            Frame message = service.next();
            assertThat(message.command()).isEqualTo(Command.MESSAGE);
            assertThat(message.bodyAsString()).isEqualTo("from a browser");
        }
    }
}
