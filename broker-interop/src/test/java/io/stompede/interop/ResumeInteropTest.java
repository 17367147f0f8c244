package io.stompede.interop;

import io.stompede.Broker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stompede session resume with real clients over real sockets: stomp.py over TCP and stompjs over
 * WebSocket keep the token of CONNECTED, lose their socket, and come back with it. The scripts
 * make the checks (50 messages once and in order on the old id, the unacknowledged message again,
 * a stolen token refused, the grace's end told) and exit non-zero saying which failed.
 */
@DisplayName("session resume with stomp.py and stompjs")
@Timeout(90)
class ResumeInteropTest {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(40);

    private InteropBroker broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @DisplayName("stomp.py over TCP: drop, 50 published, resume with the token; a stolen token is refused")
    void stompPyResumes() throws Exception {
        ClientAvailability.requireStompPy();
        broker = InteropBroker.start();
        Python.runScript("resume.py", broker.tcpPort(), SCRIPT_TIMEOUT);
    }

    @Test
    @DisplayName("stomp.py over TCP: past the grace the client is told the session is gone")
    void stompPyIsToldTheGraceIsOver() throws Exception {
        ClientAvailability.requireStompPy();
        broker = InteropBroker.start(Broker.builder().resume(Duration.ofSeconds(1), 1_000, 1 << 20).build(), 0, 0);
        Python.runScript("resume_expired.py", broker.tcpPort(), SCRIPT_TIMEOUT);
    }

    @Test
    @DisplayName("stompjs over WebSocket: beforeConnect sends the token, onConnect resubscribes, all 50 arrive once")
    void stompJsResumes() throws Exception {
        ClientAvailability.requireStompJs();
        broker = InteropBroker.start();
        try (ChildProcess process = Node.start("resume.mjs", broker.webSocketUrl())) {
            process.assertSucceeds(SCRIPT_TIMEOUT);
        }
    }

    @Test
    @DisplayName("stompjs over raw TCP: the same resume, the socket cut and all 50 once on the old id")
    void stompJsResumesOverTcp() throws Exception {
        ClientAvailability.requireStompJs();
        broker = InteropBroker.start();
        try (ChildProcess process = Node.start("resume.mjs", "tcp://127.0.0.1:" + broker.tcpPort())) {
            process.assertSucceeds(SCRIPT_TIMEOUT);
        }
    }
}
