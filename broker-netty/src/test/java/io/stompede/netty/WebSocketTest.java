package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.netty.WsTestClient.Kind;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import io.stompede.Broker;
import io.stompede.frame.Headers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What is particular to STOMP over WebSocket: message boundaries, message kinds, subprotocols. */
class WebSocketTest extends WireTest {
    private static final byte[] CONNECT =
            "CONNECT\naccept-version:1.2\nhost:localhost\n\n\0".getBytes(StandardCharsets.UTF_8);

    private URI uri() {
        return URI.create("ws://127.0.0.1:" + server.webSocketPort() + "/stomp");
    }

    @Test
    void aFrameMaySpanSeveralMessagesAndFragments() throws Exception {
        start(StompServer.builder().webSocket(0));
        try (WsTestClient client = WsTestClient.open(uri(), "v12.stomp")) {
            // Two separate messages, the first ending inside the header block...
            client.sendRaw(java.util.Arrays.copyOfRange(CONNECT, 0, 10));
            // ...the second made of three fragments (continuation frames), cut anywhere.
            client.sendFragmented(java.util.Arrays.copyOfRange(CONNECT, 10, CONNECT.length), 5, 12);
            assertThat(client.receive().command()).isEqualTo("CONNECTED");
        }
    }

    @Test
    void oneMessageMayHoldSeveralFrames() throws Exception {
        start(StompServer.builder().webSocket(0));
        try (WsTestClient client = WsTestClient.open(uri(), "v12.stomp")) {
            client.connect();
            byte[] subscribe = StompFrame.encode("SUBSCRIBE",
                    TestClient.headers("id", "a", "destination", "/topic/t", "receipt", "r1"), "");
            byte[] send = StompFrame.encode("SEND", TestClient.headers("destination", "/topic/t"), "one message");
            client.sendRaw(WsTestClient.concat(subscribe, "\n".getBytes(StandardCharsets.UTF_8), send));

            StompFrame receipt = client.receive();
            assertThat(receipt.command()).isEqualTo("RECEIPT");
            StompFrame message = client.receive();
            assertThat(message.command()).isEqualTo("MESSAGE");
            assertThat(message.bodyText()).isEqualTo("one message");
        }
    }

    @Test
    void theBrokerAnswersInTheKindTheClientLastUsed() throws Exception {
        start(StompServer.builder().webSocket(0));
        try (WsTestClient client = WsTestClient.open(uri(), "v12.stomp")) {
            client.sending(Kind.BINARY).connect();
            assertThat(client.receivedKinds()).containsOnly(Kind.BINARY);

            client.sending(Kind.TEXT).send("SUBSCRIBE", "id", "a", "destination", "/topic/t", "receipt", "r1");
            client.receive();
            assertThat(client.receivedKinds()).endsWith(Kind.TEXT);
        }
    }

    @ParameterizedTest
    @EnumSource(value = WebSocketMessageType.class, names = {"AUTO", "TEXT"})
    @DisplayName("a MESSAGE whose body is not UTF-8 goes out as a binary message even to a text client "
            + "(stompjs over ws dropped the connection: invalid UTF-8 in a text message)")
    void aBodyThatIsNotUtf8IsNeverSentAsText(WebSocketMessageType type) throws Exception {
        Broker broker = Broker.builder().build();
        start(StompServer.builder().broker(broker).closeBrokerOnClose(true).webSocket(0).webSocketMessageType(type));
        try (WsTestClient client = WsTestClient.open(uri(), "v12.stomp")) {
            client.sending(Kind.TEXT).connect();
            client.send("SUBSCRIBE", "id", "a", "destination", "/topic/t", "receipt", "r1");
            assertThat(client.receive().command()).isEqualTo("RECEIPT");
            byte[] body = {0, (byte) 0xff, (byte) 0xfe, 'x', 0};

            broker.publish("/topic/t", Headers.builder().add("content-type", "application/octet-stream").build(), body);

            StompFrame message = client.receive();
            assertThat(message.command()).isEqualTo("MESSAGE");
            assertThat(message.body()).containsExactly(body);
            assertThat(client.receivedKinds()).containsExactly(Kind.TEXT, Kind.TEXT, Kind.BINARY);
        }
    }

    @Test
    void aConfiguredMessageKindOverridesTheClients() throws Exception {
        start(StompServer.builder().webSocket(0).webSocketMessageType(WebSocketMessageType.BINARY));
        try (WsTestClient client = WsTestClient.open(uri(), "v12.stomp")) {
            client.sending(Kind.TEXT).connect();
            assertThat(client.receivedKinds()).containsOnly(Kind.BINARY);
        }
    }

    @Test
    void theHighestOfferedStompSubprotocolIsChosen() throws Exception {
        start(StompServer.builder().webSocket(0));
        try (WsTestClient client = WsTestClient.open(uri(), "v12.stomp", "v11.stomp", "v10.stomp")) {
            assertThat(client.subprotocol()).isEqualTo("v12.stomp");
            client.connect();
        }
        try (WsTestClient client = WsTestClient.open(uri(), "mqtt", "v11.stomp")) {
            assertThat(client.subprotocol()).isEqualTo("v11.stomp");
        }
    }

    @Test
    void aClientOfferingNoSubprotocolIsStillServed() throws Exception {
        start(StompServer.builder().webSocket(0));
        try (WsTestClient client = WsTestClient.open(uri())) {
            assertThat(client.subprotocol()).isEmpty();
            client.connect();
        }
    }

    @Test
    void aPathBelowTheEndpointOrWithAQueryIsUpgradedToo() throws Exception {
        start(StompServer.builder().webSocket(0, "/ws"));
        URI withQuery = URI.create("ws://127.0.0.1:" + server.webSocketPort() + "/ws?token=abc");
        try (WsTestClient client = WsTestClient.open(withQuery)) {
            client.connect();
        }
    }
}
