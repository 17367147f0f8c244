package io.stompede.session;

import static io.stompede.session.Clients.bodies;
import static io.stompede.session.Clients.connected;
import static io.stompede.session.Clients.messages;
import static io.stompede.session.Clients.sendAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, case 5: the broker stops reading from a client whose connection its own output left
 * not writable, and reads on once the client takes what it was sent.
 */
class ReadingWhileNotWritableTest {
    private final VirtualClock clock = new VirtualClock();

    @Test
    @DisplayName("issue 12: a RECEIPT written to a client that is not writable stops reading from it; writable again, the rest is read and answered in order")
    void receiptToUnwritableClientStopsReading() {
        Broker broker = Broker.builder().build();
        InMemoryConnection consumer = connected(broker, clock);
        consumer.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/t");
        InMemoryConnection client = connected(broker, clock);
        client.setWritable(false);

        for (int i = 0; i < 10; i++) {
            client.sendWithBody(Command.SEND, "m" + i, "destination", "/topic/t", "receipt", "r" + i);
        }

        assertThat(client.isBeingRead()).isFalse();
        assertThat(bodies(messages(consumer))).as("only the first SEND was read").containsExactly("m0");
        client.setWritable(true);
        assertThat(client.isBeingRead()).isTrue();
        List<Frame> receipts = client.frames();
        assertThat(receipts).extracting(frame -> frame.header("receipt-id"))
                .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "r" + i).toList());
        assertThat(messages(consumer)).hasSize(9);
    }

    @Test
    @DisplayName("issue 12: a client that is not writable but is sent nothing is still read")
    void noOutputKeepsReading() {
        Broker broker = Broker.builder().build();
        InMemoryConnection consumer = connected(broker, clock);
        consumer.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/t");
        InMemoryConnection client = connected(broker, clock);
        client.setWritable(false);
        sendAll(client, "/topic/t", "m", 5);
        assertThat(client.isBeingRead()).isTrue();
        assertThat(messages(consumer)).hasSize(5);
    }

    @Test
    @DisplayName("issue 12: a subscriber not read because it was not writable drains its outbox when writable again, then reads on (no deadlock)")
    void drainsThenResumes() {
        Broker broker = Broker.builder().build();
        InMemoryConnection subscriber = connected(broker, clock);
        subscriber.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/t");
        subscriber.setWritable(false);
        subscriber.send(Command.SUBSCRIBE, "id", "s2", "destination", "/topic/other", "receipt", "sub");
        assertThat(subscriber.isBeingRead()).isFalse();
        sendAll(connected(broker, clock), "/topic/t", "m", 5);
        subscriber.sendWithBody(Command.SEND, "self", "destination", "/topic/other");
        assertThat(subscriber.frames()).extracting(Frame::command).containsExactly(Command.RECEIPT);

        subscriber.setWritable(true);

        assertThat(subscriber.isBeingRead()).isTrue();
        assertThat(bodies(messages(subscriber))).containsExactly("m0", "m1", "m2", "m3", "m4", "self");
    }
}
