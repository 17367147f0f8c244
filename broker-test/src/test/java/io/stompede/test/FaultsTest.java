package io.stompede.test;

import static io.stompede.test.StompAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stompede.frame.Command;
import io.stompede.frame.Headers;
import io.stompede.inmemory.InMemoryConnection;
import java.io.EOFException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each fault, and what a client sees of it. */
class FaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final TestBroker broker = TestBroker.tcpAndWebSocket();

    private static RawClient connected() throws Exception {
        RawClient client = RawClient.connect(broker.tcpUri());
        client.write("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0");
        assertThat(client.read()).startsWith("CONNECTED");
        return client;
    }

    @Test
    void aConnectionIsCutWhenTheClientSendsAMatchingFrame() throws Exception {
        broker.faults().dropConnectionWhen(frame -> "/queue/doomed".equals(frame.header("destination")));
        try (RawClient client = connected()) {
            client.write("SUBSCRIBE\nid:1\ndestination:/queue/doomed\nreceipt:r\n\n\0");

            assertThatThrownBy(client::read).isInstanceOf(EOFException.class);
        }
        assertThat(broker.recording().firstSession()).within(WAIT).subscribedTo("/queue/doomed");
        assertThat(broker.broker().stats().subscriptions()).as("the broker never saw it").doesNotContainKey("/queue/doomed");
    }

    @Test
    void aConnectionIsCutAfterTheClientsNthFrame() throws Exception {
        broker.faults().dropConnectionAfter(2);
        try (RawClient client = connected()) {
            client.write("SEND\ndestination:/topic/a\nreceipt:one\n\n\0");
            assertThat(client.read()).startsWith("RECEIPT");
            client.write("SEND\ndestination:/topic/a\nreceipt:two\n\n\0");

            assertThatThrownBy(client::read).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void aMatchingFrameIsAnsweredWithAnErrorInTheBrokersStead() throws Exception {
        broker.faults().answerWithError(frame -> frame.command() == Command.SEND, "no sends today");
        try (RawClient client = connected()) {
            client.write("SEND\ndestination:/queue/a\nreceipt:s1\n\nx\0");

            String error = client.read();
            assertThat(error).startsWith("ERROR");
            assertThat(RawClient.header(error, "message")).isEqualTo("no sends today");
            assertThat(RawClient.header(error, "receipt-id")).isEqualTo("s1");
        }
        assertThat(broker.broker().stats().queueDepths()).doesNotContainKey("/queue/a");
    }

    @Test
    void connectCanBeRefused() throws Exception {
        broker.faults().refuseConnect("maintenance");
        try (RawClient client = RawClient.connect(broker.tcpUri())) {
            client.write("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0");

            String error = client.read();
            assertThat(error).startsWith("ERROR");
            assertThat(RawClient.header(error, "message")).isEqualTo("maintenance");
        }
    }

    @Test
    void stalledDeliveriesArriveWhenResumedAndLateOnesAfterLaterFrames() throws Exception {
        try (RawClient client = connected()) {
            client.write("SUBSCRIBE\nid:1\ndestination:/topic/news\nreceipt:r\n\n\0");
            assertThat(client.read()).startsWith("RECEIPT");
            broker.faults().stallDeliveries();
            broker.broker().publish("/topic/news", "held").join();
            client.write("SEND\ndestination:/topic/other\nreceipt:after\n\n\0");
            assertThat(client.read()).as("the RECEIPT overtakes the stalled MESSAGE").startsWith("RECEIPT");

            broker.faults().resumeDeliveries();
            assertThat(client.read()).startsWith("MESSAGE").endsWith("held");

            broker.faults().delayDeliveries(Duration.ofMillis(300));
            broker.broker().publish("/topic/news", "late").join();
            client.write("SEND\ndestination:/topic/other\nreceipt:before-late\n\n\0");
            assertThat(client.read()).startsWith("RECEIPT");
            assertThat(client.read()).startsWith("MESSAGE").endsWith("late");
        }
    }

    @Test
    void heartBeatsStopOnCommand() {
        InMemoryConnection client = broker.connectInMemory();
        client.connect(Headers.of("accept-version", "1.2", "host", "localhost", "heart-beat", "0,1000"));
        broker.clock().advance(Duration.ofSeconds(3));
        int beating = client.heartbeatsReceived();
        assertThat(beating).as("heart-beats before the fault").isPositive();

        broker.faults().stopHeartbeats();
        broker.clock().advance(Duration.ofSeconds(5));

        assertThat(client.heartbeatsReceived()).as("none after it").isEqualTo(beating);
    }

    @Test
    void aCorruptedFrameReachesTheClientWithAHeaderLineNoDecoderAccepts() throws Exception {
        try (RawClient client = connected()) {
            broker.faults().corruptNextFrame();
            client.write("SEND\ndestination:/topic/a\nreceipt:r\n\n\0");

            String corrupted = client.read();
            assertThat(corrupted.split("\n")[1]).doesNotContain(":").isEqualTo("receipt-id_r");
        }
    }

    @Test
    void splitFramesStillReachTheClientWhole() throws Exception {
        broker.faults().splitFrames();
        try (RawClient client = connected()) {
            client.write("SEND\ndestination:/topic/a\nreceipt:split\n\n\0");

            assertThat(RawClient.header(client.read(), "receipt-id")).isEqualTo("split");
        }
    }

    @Test
    void aFrameNoBrokerWouldSendGoesToTheClientAsWritten() throws Exception {
        try (RawClient client = connected()) {
            broker.recording().firstSession();
            String odd = "MESSAGE\nsubscription:none\nmessage-id:m\ndestination:/topic/x\nx-odd:a\\cb\nx-odd:second\n\nbody\0";

            broker.faults().send(0, odd);

            assertThat(client.read()).isEqualTo(odd.substring(0, odd.length() - 1));
        }
    }
}
