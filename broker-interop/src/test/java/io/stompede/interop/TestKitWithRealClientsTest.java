package io.stompede.interop;

import static io.stompede.test.StompAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.test.RecordedSession;
import io.stompede.test.TestBroker;
import io.stompede.test.server.TestServer;
import java.time.Duration;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The test kit pointed at real clients (stompjs, stomp.py, Spring's STOMP client): what each
 * really does, as the kit recorded it, when the kit cuts its connection, stalls its heart-beats,
 * or simply serves it.
 */
@DisplayName("the test kit against stompjs, stomp.py and Spring")
class TestKitWithRealClientsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final TestBroker kit = TestBroker.tcpAndWebSocket().strict();

    @Test
    @DisplayName("stompjs reconnects after the kit cuts its connection and subscribes again with the same id")
    void stompJsReconnectsAndResubscribes() throws Exception {
        ClientAvailability.requireStompJs();
        try (ChildProcess script = Node.start("kit_reconnect.mjs", kit.webSocketUri().toString())) {
            RecordedSession first = kit.recording().session(0, WAIT);
            assertThat(first).within(WAIT).askedForReceipt(Command.SUBSCRIBE);

            kit.faults().drop(0);

            RecordedSession second = kit.recording().session(1, WAIT);
            assertThat(second).within(WAIT).subscribedTo("/queue/kit.jobs")
                    .withHeader("id", "jobs").withHeader("ack", "client-individual");
            assertThat(first).subscribedTo("/queue/kit.jobs").withHeader("id", "jobs");
            script.assertSucceeds(WAIT);
            assertThat(second).within(WAIT).disconnectedCleanly();
        }
    }

    @Test
    @DisplayName("Spring's WebSocketStompClient, reconnecting as an application does, subscribes again after a cut")
    void springReconnectsAndResubscribes() throws Exception {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.initialize();
        WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
        client.setMessageConverter(new StringMessageConverter());
        client.setTaskScheduler(scheduler);
        String url = kit.webSocketUri().toString();
        StompSessionHandlerAdapter reconnecting = new StompSessionHandlerAdapter() {
            @Override
            public void afterConnected(StompSession session, StompHeaders connected) {
                session.subscribe("/topic/kit.spring", this);
            }

            @Override
            public void handleTransportError(StompSession session, Throwable lost) {
                client.connectAsync(url, this);
            }
        };
        try {
            client.connectAsync(url, reconnecting);
            RecordedSession first = kit.recording().session(0, WAIT);
            assertThat(first).within(WAIT).subscribedTo("/topic/kit.spring");

            kit.faults().drop(0);

            assertThat(kit.recording().session(1, WAIT)).within(WAIT).subscribedTo("/topic/kit.spring")
                    .withHeader("id", first.clientFrames().stream().filter(f -> f.command() == Command.SUBSCRIBE)
                            .findFirst().orElseThrow().header("id"));
        } finally {
            client.stop();
            scheduler.shutdown();
        }
    }

    @Test
    @DisplayName("stompjs notices that the broker's heart-beats stopped and closes the connection")
    void stompJsNoticesStalledHeartbeats() throws Exception {
        ClientAvailability.requireStompJs();
        kit.faults().stopHeartbeats();
        try (ChildProcess script = Node.start("kit_stalled_heartbeats.mjs", kit.webSocketUri().toString())) {
            script.assertSucceeds(WAIT);
        }
        RecordedSession session = kit.recording().session(0, WAIT);
        assertThat(session).connected().withHeader("heart-beat", "0,300");
        assertThat(session.isClosed()).isTrue();
        assertThat(session.clientFrames()).extracting(Frame::command)
                .as("closed by the client for silence, before any DISCONNECT").doesNotContain(Command.DISCONNECT);
    }

    @Test
    @DisplayName("a stompjs test under Node's test runner drives the test server: refused CONNECT, stalled, split "
            + "and hand-made frames, the recording")
    void aStompJsTestDrivesTheTestServer() throws Exception {
        ClientAvailability.requireStompJs();
        try (TestServer server = TestServer.start(0);
             ChildProcess test = Node.start("kit_control.test.mjs", server.broker().webSocketUri().toString(),
                     server.controlUri().toString())) {
            test.assertSucceeds(WAIT);
        }
    }

    @Test
    @DisplayName("a stomp.py test under pytest drives the test server's HTTP control API: a refused CONNECT, then "
            + "the recording")
    void aPythonTestDrivesTheTestServer() throws Exception {
        ClientAvailability.requirePytest();
        try (TestServer server = TestServer.start(0)) {
            Python.runPytest("test_kit_server.py", WAIT, "--stomp-port", Integer.toString(server.broker().tcpPort()),
                    "--control", server.controlUri().toString());
        }
    }

    @Test
    @DisplayName("stomp.py asks for a receipt for each frame it waits on, and acknowledges by the ack header")
    void stompPyReceiptsAndAcks() throws Exception {
        ClientAvailability.requireStompPy();
        Python.runScript("kit_receipts.py", kit.tcpPort(), WAIT);

        RecordedSession session = kit.recording().firstSession();
        assertThat(session).connected().withHeader("accept-version", "1.2");
        assertThat(session).subscribedTo("/queue/kit.py").withHeader("ack", "client-individual");
        assertThat(session).askedForReceipt(Command.SUBSCRIBE);
        assertThat(session).askedForReceipt(Command.SEND);
        Frame message = session.brokerFrames().stream().filter(f -> f.command() == Command.MESSAGE).findFirst()
                .orElseThrow();
        assertThat(session).acknowledged(message);
        assertThat(session).within(WAIT).disconnectedCleanly();
        assertThat(session.violations()).isEmpty();
    }
}
