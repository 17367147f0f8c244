package io.stompede.test;

import static io.stompede.test.StompAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's guide for client authors, one test per topic. {@link RawClient} stands in for the
 * client under test: in a client's own tests, the lines that use it are the client's API.
 */
class ClientAuthorGuideTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final TestBroker broker = TestBroker.tcpAndWebSocket().strict();

    /** The client under test, connected over TCP. */
    private static RawClient yourClient() throws Exception {
        RawClient client = RawClient.connect(broker.tcpUri());
        client.write("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,200\n\n\0");
        client.read();
        return client;
    }

    @Test
    void reconnect() throws Exception {
        try (RawClient first = yourClient()) {
            first.write("SUBSCRIBE\nid:orders\ndestination:/queue/orders\n\n\0");
            assertThat(broker.recording().session(0, WAIT)).within(WAIT).subscribedTo("/queue/orders");

            broker.faults().drop(0);

            // A client that reconnects by itself comes back and subscribes again, with the same id.
            try (RawClient again = yourClient()) {
                again.write("SUBSCRIBE\nid:orders\ndestination:/queue/orders\n\n\0");
                assertThat(broker.recording().session(1, WAIT)).within(WAIT)
                        .subscribedTo("/queue/orders").withHeader("id", "orders");
            }
        }
    }

    @Test
    void heartBeatTimeouts() throws Exception {
        broker.faults().stopHeartbeats();
        try (RawClient client = yourClient()) {
            RecordedSession session = broker.recording().firstSession();
            assertThat(session).connected().withHeader("heart-beat", "0,200");
            // The broker promised a heart-beat every second (its shortest), and sends none.
            assertThat(session).received(Command.CONNECTED).withHeader("heart-beat", "1000,0");
            // The broker is silent now: a client that watches heart-beats closes within a few intervals.
            client.close();
            assertThat(broker.recording().await(WAIT, session::isClosed)).isTrue();
            assertThat(session.clientFrames()).extracting(Frame::command).doesNotContain(Command.DISCONNECT);
        }
    }

    @Test
    void receipts() throws Exception {
        try (RawClient client = yourClient()) {
            client.write("SEND\ndestination:/queue/orders\npersistent:true\nreceipt:order-1\n\n{}\0");
            client.write("DISCONNECT\nreceipt:bye\n\n\0");

            RecordedSession session = broker.recording().firstSession();
            assertThat(session).within(WAIT).askedForReceipt(Command.SEND).withHeader("persistent", "true");
            assertThat(session).within(WAIT).disconnectedCleanly();
        }
    }

    @Test
    void ackModes() throws Exception {
        try (RawClient client = yourClient()) {
            client.write("SUBSCRIBE\nid:1\ndestination:/queue/jobs\nack:client-individual\n\n\0");
            RecordedSession session = broker.recording().firstSession();
            assertThat(session).within(WAIT).subscribedTo("/queue/jobs").withHeader("ack", "client-individual");
            broker.broker().publish("/queue/jobs", "job").join();
            Frame job = assertThat(session).within(WAIT).received(Command.MESSAGE).frame();

            client.write("ACK\nid:" + job.header("ack") + "\n\n\0");

            assertThat(session).within(WAIT).acknowledged(job);
        }
    }

    @Test
    void transactions() throws Exception {
        try (RawClient client = yourClient()) {
            client.write("BEGIN\ntransaction:tx1\n\n\0");
            client.write("SEND\ndestination:/queue/orders\ntransaction:tx1\n\none\0");
            client.write("COMMIT\ntransaction:tx1\n\n\0");
            client.write("BEGIN\ntransaction:tx2\n\n\0");
            client.write("ABORT\ntransaction:tx2\n\n\0");

            RecordedSession session = broker.recording().firstSession();
            assertThat(session).within(WAIT).committed("tx1");
            assertThat(session).within(WAIT).aborted("tx2");
            assertThat(session).sentTo("/queue/orders").withHeader("transaction", "tx1");
        }
    }
}
