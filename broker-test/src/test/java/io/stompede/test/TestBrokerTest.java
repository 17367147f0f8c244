package io.stompede.test;

import static io.stompede.test.StompAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kit over TCP, one broker for the class: what a client did, as the recording saw it. */
class TestBrokerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final TestBroker broker = TestBroker.tcpAndWebSocket();

    @Test
    void aClientsConnectSubscribeAckAndDisconnectAreRecordedAndAsserted() throws Exception {
        try (RawClient client = RawClient.connect(broker.tcpUri())) {
            client.write("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0");
            client.read();
            client.write("SUBSCRIBE\nid:s1\ndestination:/queue/orders\nack:client-individual\nreceipt:sub\n\n\0");
            client.read();
            broker.broker().publish("/queue/orders", "order 1").join();
            String message = client.read();
            client.write("ACK\nid:" + RawClient.header(message, "ack") + "\n\n\0");
            client.write("DISCONNECT\nreceipt:bye\n\n\0");
            client.read();
        }

        RecordedSession session = broker.recording().firstSession();
        assertThat(session).connected().withHeader("accept-version", "1.2");
        assertThat(session).subscribedTo("/queue/orders").withHeader("ack", "client-individual").withHeader("id", "s1");
        assertThat(session).askedForReceipt(Command.SUBSCRIBE);
        Frame delivered = session.brokerFrames().stream().filter(f -> f.command() == Command.MESSAGE).findFirst()
                .orElseThrow();
        assertThat(session).acknowledged(delivered);
        assertThat(session).within(WAIT).disconnectedCleanly();
        assertThat(session.connection().transport()).isEqualTo("tcp");
    }

    @Test
    void theWaitingFormPassesAsSoonAsAClientOnAnotherThreadDoesWhatItSays() {
        CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
            try (RawClient raw = RawClient.connect(broker.tcpUri())) {
                raw.write("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0");
                raw.read();
                raw.write("SEND\ndestination:/topic/prices\ncontent-type:text/plain\n\n1.09\0");
                raw.write("DISCONNECT\nreceipt:d\n\n\0");
                raw.read();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(broker.recording().session(0, WAIT)).within(WAIT)
                .sentTo("/topic/prices").withHeader("content-type", "text/plain").withBody("1.09");
        client.join();
    }

    @Test
    void aFailedAssertionSaysWhatWasExpectedAndShowsEverythingTheClientDid(Recording recording) throws Exception {
        try (RawClient client = RawClient.connect(broker.tcpUri())) {
            client.write("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0");
            client.read();
            client.write("SUBSCRIBE\nid:1\ndestination:/topic/a\n\n\0");
            client.write("SUBSCRIBE\nid:2\ndestination:/topic/b\nreceipt:r\n\n\0");
            client.read();
        }

        RecordedSession session = recording.firstSession();
        assertThatThrownBy(() -> assertThat(session).subscribedTo("/queue/orders"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have a SUBSCRIBE to /queue/orders")
                .hasMessageContaining("client > SUBSCRIBE")
                .hasMessageContaining("/topic/b");
        assertThatThrownBy(() -> assertThat(session).subscribedTo("/topic/a").withHeader("ack", "client"))
                .hasMessageContaining("to have header ack:client");
        assertThatThrownBy(() -> assertThat(session).within(Duration.ofMillis(200)).disconnectedCleanly())
                .hasMessageContaining("within PT0.2S");
    }

    @Test
    void aWebSocketClientIsRecordedLikeAnyOther() throws Exception {
        CompletableFuture<String> connected = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("v12.stomp")
                .buildAsync(broker.webSocketUri(), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        connected.complete(data.toString());
                        return null;
                    }
                }).join();
        socket.sendText("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0", true).join();
        assertThat(connected.get(10, TimeUnit.SECONDS)).startsWith("CONNECTED");
        socket.sendText("SUBSCRIBE\nid:w\ndestination:/topic/ws\n\n\0", true).join();

        RecordedSession session = broker.recording().firstSession();
        assertThat(session).within(WAIT).subscribedTo("/topic/ws").withHeader("id", "w");
        assertThat(session.connection().transport()).isEqualTo("websocket");
        socket.abort();
    }

    @Test
    void bytesThatAreNotStompAreRecordedAsMalformed() throws Exception {
        try (RawClient client = RawClient.connect(broker.tcpUri())) {
            client.write("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0");
            client.read();
            client.write("SEND\ndestination:/topic/a\ncontent-length:oops\n\nx\0");
            assertThat(client.read()).startsWith("ERROR");
        }

        RecordedSession session = broker.recording().firstSession();
        broker.recording().await(WAIT, () -> !session.malformed().isEmpty());
        assertThat(session.malformed()).singleElement().asString()
                .contains("content-length");
    }

    @Test
    void heartBeatsAClientSendsAreTimedAgainstTheIntervalItPromised() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (RawClient client = RawClient.connect(broker.tcpUri())) {
            client.write("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:100,0\n\n\0");
            client.read();
            // The client keeps the promise the way clients do: a timer that beats every 80 ms.
            timer.scheduleAtFixedRate(() -> {
                try {
                    client.write("\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, 80, 80, TimeUnit.MILLISECONDS);

            assertThat(broker.recording().firstSession()).within(WAIT)
                    .sentHeartbeatsEvery(Duration.ofMillis(100), Duration.ofMillis(150));
        } finally {
            timer.shutdownNow();
        }
    }
}
