package io.stompede.session;

import static io.stompede.session.Clients.WAIT;
import static io.stompede.session.Clients.connected;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.BrokerBuilder;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import io.stompede.store.FsyncPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Persistent queue messages across a broker closed and built again on the same data directory. */
class PersistenceRestartTest {
    private final VirtualClock clock = new VirtualClock();

    @TempDir
    Path dataDir;

    private BrokerBuilder journaled() {
        return Broker.builder().dataDirectory(dataDir, FsyncPolicy.always());
    }

    @Test
    @DisplayName("a receipted persistent SEND survives a restart; an acknowledged one does not come back")
    void persistentSurvivesRestart() {
        Broker first = journaled().build();
        InMemoryConnection producer = connected(first, clock);
        sendPersistent(producer, "/queue/orders", "a", "r1");
        sendPersistent(producer, "/queue/orders", "b", "r2");
        producer.sendWithBody(Command.SEND, "transient", "destination", "/queue/orders");
        InMemoryConnection consumer = connected(first, clock);
        consumer.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/orders", "ack", "client-individual",
                "prefetch-count", "1");
        Frame a = consumer.awaitFrame(WAIT);
        assertThat(a.bodyAsString()).isEqualTo("a");
        consumer.send(Command.ACK, "id", a.header("ack"), "receipt", "acked");
        assertThat(consumer.awaitFrame(WAIT).command()).isEqualTo(Command.RECEIPT);
        Frame b = consumer.awaitFrame(WAIT);
        assertThat(b.bodyAsString()).isEqualTo("b");
        first.close();

        Broker second = journaled().build();
        InMemoryConnection after = connected(second, clock);
        after.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/orders", "ack", "client-individual");
        Frame again = after.awaitFrame(WAIT);
        assertThat(again.bodyAsString()).isEqualTo("b");
        assertThat(again.header("redelivered")).as("it was in flight when the broker stopped").isEqualTo("true");
        assertThat(after.frames()).as("neither the acknowledged nor the transient message").isEmpty();
        after.send(Command.ACK, "id", again.header("ack"));
        second.close();

        Broker third = journaled().build();
        assertThat(third.stats().queueDepths()).doesNotContainKey("/queue/orders");
        third.close();
    }

    @Test
    @DisplayName("a recovered message is flagged redelivered, but the restart counts as no delivery towards the limit")
    void recoveryIsNotADelivery() {
        Broker first = journaled().build();
        sendPersistent(connected(first, clock), "/queue/limited", "m", "r");
        first.close();

        Broker second = journaled().maxDeliveries(2).build();
        InMemoryConnection consumer = connected(second, clock);
        consumer.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/limited", "ack", "client-individual");
        Frame recovered = consumer.awaitFrame(WAIT);
        assertThat(recovered.header("redelivered")).isEqualTo("true");
        assertThat(recovered.header("x-delivery-count")).as("no delivery is known yet").isNull();
        consumer.send(Command.NACK, "id", recovered.header("ack"));

        Frame redelivered = consumer.awaitFrame(WAIT);
        assertThat(redelivered.header("x-delivery-count")).isEqualTo("2");
        assertThat(second.stats().queueDepths()).doesNotContainKey("/queue/DLQ");
        second.close();
    }

    @Test
    @DisplayName("every message to a queue configured durable is stored, persistent header or not")
    void durableQueueStoresEverything() {
        Broker first = journaled().durableQueues("/queue/keep.*").build();
        InMemoryConnection producer = connected(first, clock);
        producer.sendWithBody(Command.SEND, "kept", "destination", "/queue/keep.it", "receipt", "r");
        assertThat(producer.awaitFrame(WAIT).command()).isEqualTo(Command.RECEIPT);
        producer.sendWithBody(Command.SEND, "lost", "destination", "/queue/other");
        first.close();

        Broker second = journaled().durableQueues("/queue/keep.*").build();
        assertThat(second.stats().queueDepths()).containsEntry("/queue/keep.it", 1).doesNotContainKey("/queue/other");
        second.close();
    }

    @Test
    @DisplayName("a message dead-lettered for its delivery limit is in the DLQ after a restart, with its reason")
    void deadLetterSurvivesRestart() {
        Broker first = journaled().maxDeliveries(1).build();
        InMemoryConnection producer = connected(first, clock);
        sendPersistent(producer, "/queue/work", "poison", "r");
        InMemoryConnection consumer = connected(first, clock);
        consumer.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/work", "ack", "client-individual");
        Frame poison = consumer.awaitFrame(WAIT);
        consumer.send(Command.NACK, "id", poison.header("ack"), "receipt", "n");
        assertThat(consumer.awaitFrame(WAIT).command()).isEqualTo(Command.RECEIPT);
        first.close();

        Broker second = journaled().maxDeliveries(1).build();
        assertThat(second.stats().queueDepths()).containsEntry("/queue/DLQ", 1).doesNotContainKey("/queue/work");
        InMemoryConnection reader = connected(second, clock);
        reader.send(Command.SUBSCRIBE, "id", "d", "destination", "/queue/DLQ");
        Frame dead = reader.awaitFrame(WAIT);
        assertThat(dead.bodyAsString()).isEqualTo("poison");
        assertThat(dead.header("x-dead-letter-reason")).isEqualTo("delivery-limit");
        assertThat(dead.header("x-original-destination")).isEqualTo("/queue/work");
        second.close();
    }

    @Test
    @DisplayName("messages come back in the order they were sent, over several restarts")
    void orderAcrossRestarts() {
        List<String> sent = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            Broker broker = journaled().build();
            InMemoryConnection producer = connected(broker, clock);
            for (int i = 0; i < 20; i++) {
                String body = round + "-" + i;
                sent.add(body);
                producer.sendWithBody(Command.SEND, body, "destination", "/queue/q", "persistent", "true");
            }
            producer.send(Command.DISCONNECT, "receipt", "bye");
            assertThat(producer.awaitFrame(WAIT).command()).isEqualTo(Command.RECEIPT);
            broker.close();
        }
        Broker broker = journaled().build();
        InMemoryConnection consumer = connected(broker, clock);
        consumer.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/q");
        List<String> received = new ArrayList<>();
        while (received.size() < sent.size()) {
            received.add(consumer.awaitFrame(WAIT).bodyAsString());
        }
        assertThat(received).containsExactlyElementsOf(sent);
        broker.close();
    }

    static void sendPersistent(InMemoryConnection producer, String destination, String body, String receipt) {
        producer.sendWithBody(Command.SEND, body, "destination", destination, "persistent", "true", "receipt", receipt);
        Frame answer = producer.awaitFrame(WAIT);
        assertThat(answer.command()).isEqualTo(Command.RECEIPT);
        assertThat(answer.header("receipt-id")).isEqualTo(receipt);
    }
}
