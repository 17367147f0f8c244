package io.stompede.session;

import static io.stompede.session.Clients.connected;
import static io.stompede.session.Clients.error;
import static io.stompede.session.Clients.messages;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 12, case 4: the bytes held by a session's open transactions are bounded, and released. */
class TransactionBytesTest {
    private static final long LIMIT = 100_000;
    private static final String BODY = "x".repeat(10_000);
    private final VirtualClock clock = new VirtualClock();

    private Broker broker() {
        return Broker.builder().maxTransactionBytes(LIMIT).build();
    }

    @Test
    @DisplayName("issue 12: the SEND that would take open transactions past the byte limit gets ERROR 'transaction too large' naming the limit")
    void limitIsEnforcedAcrossTransactions() {
        Broker broker = broker();
        InMemoryConnection client = connected(broker, clock);
        client.send(Command.BEGIN, "transaction", "a");
        client.send(Command.BEGIN, "transaction", "b");
        int held = 0;
        while (client.nextFrame() == null && !client.isClosed()) {
            assertThat(held).as("the limit is reached").isLessThan(20);
            long before = SessionHoldings.of(broker, client).transactionBytes();
            assertThat(before).isLessThanOrEqualTo(LIMIT);
            client.sendWithBody(Command.SEND, BODY, "destination", "/queue/t", "transaction", held % 2 == 0 ? "a" : "b");
            held++;
        }
        // Ten bodies of 10,000 bytes plus their headers pass 100,000: the tenth is refused.
        assertThat(held).isEqualTo(10);
        assertThat(client.isClosed()).isTrue();
        assertThat(broker.stats().queueDepths().getOrDefault("/queue/t", 0)).isZero();
    }

    @Test
    @DisplayName("issue 12: the ERROR body says the byte limit")
    void errorSaysTheLimit() {
        Broker broker = broker();
        InMemoryConnection client = connected(broker, clock);
        client.send(Command.BEGIN, "transaction", "a");
        client.sendWithBody(Command.SEND, "y".repeat((int) LIMIT), "destination", "/queue/t", "transaction", "a",
                "receipt", "r1");
        Frame refused = error(client, "transaction too large");
        assertThat(refused.bodyAsString()).contains(Long.toString(LIMIT)).contains("bytes");
        assertThat(refused.header("receipt-id")).isEqualTo("r1");
    }

    @Test
    @DisplayName("issue 12: COMMIT and ABORT give the transaction's bytes back")
    void commitAndAbortRelease() {
        Broker broker = broker();
        InMemoryConnection consumer = connected(broker, clock);
        consumer.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/t");
        InMemoryConnection client = connected(broker, clock);
        for (int round = 0; round < 5; round++) {
            String transaction = "t" + round;
            client.send(Command.BEGIN, "transaction", transaction);
            for (int i = 0; i < 6; i++) {
                client.sendWithBody(Command.SEND, BODY, "destination", "/topic/t", "transaction", transaction);
            }
            assertThat(SessionHoldings.of(broker, client).transactionBytes()).isBetween(60_000L, LIMIT);
            client.send(round % 2 == 0 ? Command.COMMIT : Command.ABORT, "transaction", transaction);
            assertThat(SessionHoldings.of(broker, client).transactionBytes()).isZero();
        }
        assertThat(client.nextFrame()).isNull();
        assertThat(client.isClosed()).isFalse();
        assertThat(messages(consumer)).hasSize(3 * 6);
    }

    @Test
    @DisplayName("issue 12: held ACKs count as well, and a frame small enough still fits")
    void acksCountToo() {
        Broker broker = Broker.builder().maxTransactionBytes(1_000).build();
        InMemoryConnection client = connected(broker, clock);
        client.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/t", "ack", "client-individual");
        for (int i = 0; i < 20; i++) {
            client.sendWithBody(Command.SEND, "m" + i, "destination", "/topic/t");
        }
        var delivered = messages(client);
        client.send(Command.BEGIN, "transaction", "a");
        int held = 0;
        for (Frame message : delivered) {
            if (client.isClosed()) {
                break;
            }
            client.send(Command.ACK, "id", message.header("ack"), "transaction", "a");
            held++;
        }
        Frame refused = error(client, "transaction too large");
        assertThat(refused.bodyAsString()).contains("1000 bytes");
        assertThat(held).isBetween(2, 19);
    }
}
