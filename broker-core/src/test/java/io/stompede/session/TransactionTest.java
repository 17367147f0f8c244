package io.stompede.session;

import static io.stompede.session.Clients.bodies;
import static io.stompede.session.Clients.connected;
import static io.stompede.session.Clients.error;
import static io.stompede.session.Clients.message;
import static io.stompede.session.Clients.messages;
import static io.stompede.session.Clients.sendAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** BEGIN, COMMIT and ABORT: what a transaction holds back, applies, drops, and refuses. */
class TransactionTest {
    private final VirtualClock clock = new VirtualClock();
    private final Broker broker = Broker.builder().transactionLimits(2, 3).build();
    private final InMemoryConnection client = connected(broker, clock);
    private final InMemoryConnection observer = connected(broker, clock);

    private void sendInTransaction(String transaction, String destination, String body) {
        client.sendWithBody(Command.SEND, body, "destination", destination, "transaction", transaction);
    }

    /** Subscribes the client to the work queue with client-individual acks and gives it {@code count} messages. */
    private List<Frame> deliveredToClient(int count) {
        client.send(Command.SUBSCRIBE, "id", "q", "destination", "/queue/work", "ack", "client-individual");
        sendAll(observer, "/queue/work", "m", count);
        return messages(client);
    }

    @Test
    @DisplayName("SENDs in a transaction are held until COMMIT, then delivered in the order sent")
    void sendsHeldUntilCommit() {
        observer.send(Command.SUBSCRIBE, "id", "t", "destination", "/topic/news");
        client.send(Command.BEGIN, "transaction", "tx");
        sendInTransaction("tx", "/topic/news", "a");
        sendInTransaction("tx", "/topic/news", "b");
        sendInTransaction("tx", "/topic/news", "c");
        assertThat(observer.nextFrame()).isNull();

        client.send(Command.COMMIT, "transaction", "tx", "receipt", "r-commit");

        assertThat(client.nextFrame().header("receipt-id")).isEqualTo("r-commit");
        assertThat(bodies(messages(observer))).containsExactly("a", "b", "c");
    }

    @Test
    @DisplayName("an ACK in a transaction settles nothing until COMMIT")
    void ackHeldUntilCommit() {
        Frame delivered = deliveredToClient(1).get(0);
        client.send(Command.BEGIN, "transaction", "tx");

        client.send(Command.ACK, "id", delivered.header("ack"), "transaction", "tx");

        assertThat(broker.stats().awaitingAck()).isEqualTo(1);
        assertThat(broker.stats().queueInFlight()).isEqualTo(1);
        client.send(Command.COMMIT, "transaction", "tx");
        assertThat(broker.stats().awaitingAck()).isZero();
        assertThat(broker.stats().queueInFlight()).isZero();
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    @DisplayName("a NACK in a transaction redelivers only at COMMIT")
    void nackHeldUntilCommit() {
        Frame delivered = deliveredToClient(1).get(0);
        client.send(Command.BEGIN, "transaction", "tx");

        client.send(Command.NACK, "id", delivered.header("ack"), "transaction", "tx");

        assertThat(client.nextFrame()).isNull();
        client.send(Command.COMMIT, "transaction", "tx");
        Frame again = message(client);
        assertThat(again.bodyAsString()).isEqualTo("m0");
        assertThat(again.header("redelivered")).isEqualTo("true");
    }

    @Test
    @DisplayName("COMMIT applies SEND and ACK frames in order: an ACK that frees the prefetch lets the next SEND through")
    void commitAppliesInOrder() {
        client.send(Command.SUBSCRIBE, "id", "q", "destination", "/queue/work", "ack", "client-individual",
                "prefetch-count", "1");
        sendAll(observer, "/queue/work", "m", 1);
        Frame first = message(client);
        client.send(Command.BEGIN, "transaction", "tx");
        sendInTransaction("tx", "/queue/work", "held-1");
        client.send(Command.ACK, "id", first.header("ack"), "transaction", "tx");
        sendInTransaction("tx", "/queue/work", "held-2");

        client.send(Command.COMMIT, "transaction", "tx");

        // held-1 was queued behind the full prefetch; the ACK freed it; held-2 waits behind it.
        assertThat(bodies(messages(client))).containsExactly("held-1");
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/work", 1);
    }

    @Test
    @DisplayName("ABORT drops the transaction's SENDs and ACKs")
    void abortDrops() {
        observer.send(Command.SUBSCRIBE, "id", "t", "destination", "/topic/news");
        Frame delivered = deliveredToClient(1).get(0);
        client.send(Command.BEGIN, "transaction", "tx");
        sendInTransaction("tx", "/topic/news", "a");
        client.send(Command.ACK, "id", delivered.header("ack"), "transaction", "tx");

        client.send(Command.ABORT, "transaction", "tx", "receipt", "r-abort");

        assertThat(client.nextFrame().header("receipt-id")).isEqualTo("r-abort");
        assertThat(observer.nextFrame()).isNull();
        assertThat(broker.stats().awaitingAck()).isEqualTo(1);
        // The ACK was dropped, not applied: the message can still be ACKed outside a transaction.
        client.send(Command.ACK, "id", delivered.header("ack"));
        assertThat(broker.stats().awaitingAck()).isZero();
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    @DisplayName("COMMIT of an unknown transaction is an ERROR quoting the receipt")
    void commitUnknown() {
        client.send(Command.COMMIT, "transaction", "nope", "receipt", "r-1");

        assertThat(error(client, "unknown transaction").header("receipt-id")).isEqualTo("r-1");
    }

    @Test
    @DisplayName("ABORT of an unknown transaction is an ERROR")
    void abortUnknown() {
        client.send(Command.ABORT, "transaction", "nope");

        error(client, "unknown transaction");
    }

    @Test
    @DisplayName("a transaction is gone after COMMIT: a second COMMIT is an ERROR")
    void commitTwice() {
        client.send(Command.BEGIN, "transaction", "tx");
        client.send(Command.COMMIT, "transaction", "tx");

        client.send(Command.COMMIT, "transaction", "tx");

        error(client, "unknown transaction");
    }

    @Test
    @DisplayName("BEGIN of a transaction already open is an ERROR")
    void duplicateBegin() {
        client.send(Command.BEGIN, "transaction", "tx");

        client.send(Command.BEGIN, "transaction", "tx");

        error(client, "transaction already open");
    }

    @Test
    @DisplayName("a SEND naming an unknown transaction is an ERROR and is not delivered")
    void sendWithUnknownTransaction() {
        observer.send(Command.SUBSCRIBE, "id", "t", "destination", "/topic/news");

        sendInTransaction("nope", "/topic/news", "a");

        error(client, "unknown transaction");
        assertThat(observer.nextFrame()).isNull();
    }

    @Test
    @DisplayName("an ACK naming an unknown transaction is an ERROR and settles nothing; the message returns to the queue")
    void ackWithUnknownTransaction() {
        Frame delivered = deliveredToClient(1).get(0);

        client.send(Command.ACK, "id", delivered.header("ack"), "transaction", "nope");

        error(client, "unknown transaction");
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/work", 1);
        assertThat(broker.stats().awaitingAck()).isZero();
    }

    @Test
    @DisplayName("an abrupt disconnect aborts open transactions")
    void disconnectAborts() {
        observer.send(Command.SUBSCRIBE, "id", "t", "destination", "/topic/news");
        client.send(Command.BEGIN, "transaction", "tx");
        sendInTransaction("tx", "/topic/news", "a");

        client.disconnectAbruptly();

        assertThat(observer.nextFrame()).isNull();
        assertThat(broker.stats().connections()).isEqualTo(1);
    }

    @Test
    @DisplayName("a DISCONNECT aborts open transactions")
    void gracefulDisconnectAborts() {
        observer.send(Command.SUBSCRIBE, "id", "t", "destination", "/topic/news");
        client.send(Command.BEGIN, "transaction", "tx");
        sendInTransaction("tx", "/topic/news", "a");

        client.send(Command.DISCONNECT, "receipt", "bye");

        assertThat(client.nextFrame().header("receipt-id")).isEqualTo("bye");
        assertThat(client.isClosed()).isTrue();
        assertThat(observer.nextFrame()).isNull();
    }

    @Test
    @DisplayName("more open transactions than transactionLimits' maxOpen is an ERROR; a committed one frees its place")
    void maxOpenTransactions() {
        client.send(Command.BEGIN, "transaction", "a");
        client.send(Command.BEGIN, "transaction", "b");
        client.send(Command.COMMIT, "transaction", "a");
        client.send(Command.BEGIN, "transaction", "c");
        assertThat(client.nextFrame()).isNull();

        client.send(Command.BEGIN, "transaction", "d");

        error(client, "too many transactions");
    }

    @Test
    @DisplayName("more frames in a transaction than transactionLimits' maxFrames is an ERROR, and nothing of it is applied")
    void maxFramesPerTransaction() {
        observer.send(Command.SUBSCRIBE, "id", "t", "destination", "/topic/news");
        client.send(Command.BEGIN, "transaction", "tx");
        for (int i = 0; i < 3; i++) {
            sendInTransaction("tx", "/topic/news", "m" + i);
        }
        assertThat(client.nextFrame()).isNull();

        sendInTransaction("tx", "/topic/news", "m3");

        error(client, "transaction too large");
        assertThat(observer.nextFrame()).isNull();
    }

    @Test
    @DisplayName("a COMMIT that would settle one message twice is an ERROR that applies none of its ACKs")
    void commitIsAllOrNothingForAcknowledgements() {
        List<Frame> delivered = deliveredToClient(2);
        client.send(Command.BEGIN, "transaction", "tx");
        client.send(Command.ACK, "id", delivered.get(0).header("ack"), "transaction", "tx");
        client.send(Command.ACK, "id", delivered.get(1).header("ack"), "transaction", "tx");
        client.send(Command.ACK, "id", delivered.get(0).header("ack"), "transaction", "tx");

        client.send(Command.COMMIT, "transaction", "tx");

        error(client, "unknown ack id");
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/work", 2);
        assertThat(broker.stats().queueInFlight()).isZero();
    }
}
