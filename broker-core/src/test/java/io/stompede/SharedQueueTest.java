package io.stompede;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.cluster.ClusterBus;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import io.stompede.message.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the broker asks of a {@link ClusterBus} that shares queues: SENDs handed to it, fetches
 * that never pass the consumers' room, acknowledgements and give-backs by ticket.
 */
class SharedQueueTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final VirtualClock clock = new VirtualClock();
    private final SharingBus bus = new SharingBus();

    private InMemoryConnection connected(Broker broker) {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        assertThat(client.connect().command()).isEqualTo(Command.CONNECTED);
        return client;
    }

    private void hand(String queue, String body, String ticket, int previousDeliveries) {
        bus.inbound.queued(queue, new Message("remote-" + ticket, queue, Headers.EMPTY,
                body.getBytes(StandardCharsets.UTF_8)), ticket, previousDeliveries);
    }

    @Test
    @DisplayName("a SEND to a shared queue goes to the bus, and its RECEIPT waits until the cluster holds it")
    void aSendGoesToTheBusAndItsReceiptWaits() {
        Broker broker = Broker.builder().clusterBus(bus).build();
        InMemoryConnection sender = connected(broker);

        sender.sendWithBody(Command.SEND, "job", "destination", "/queue/jobs", "receipt", "r");

        assertThat(bus.enqueued).extracting(Message::bodyAsString).containsExactly("job");
        assertThat(sender.nextFrame()).as("no RECEIPT before the cluster holds it").isNull();
        bus.accepted.get(0).complete(null);
        assertThat(sender.awaitFrame(WAIT).header("receipt-id")).isEqualTo("r");
        assertThat(broker.stats().queueDepths()).as("nothing kept on this node").doesNotContainKey("/queue/jobs");
    }

    @Test
    @DisplayName("a SEND the bus refuses at once is an ERROR, not a RECEIPT")
    void aRefusedSendIsAnError() {
        bus.refuse = true;
        Broker broker = Broker.builder().clusterBus(bus).build();
        InMemoryConnection sender = connected(broker);

        sender.sendWithBody(Command.SEND, "job", "destination", "/queue/jobs", "receipt", "r");

        Frame error = sender.awaitFrame(WAIT);
        assertThat(error.command()).isEqualTo(Command.ERROR);
        assertThat(error.header("message")).isEqualTo("cluster queue unavailable");
        assertThat(error.bodyAsString()).contains("Redis is away");
    }

    @Test
    @DisplayName("a node asks for what its consumers have room for, no more, and acknowledges by ticket")
    void fetchesFollowTheConsumersRoom() {
        Broker broker = Broker.builder().clusterBus(bus).build();
        InMemoryConnection consumer = connected(broker);
        consumer.send(Command.SUBSCRIBE, "id", "c", "destination", "/queue/jobs", "ack", "client-individual",
                "prefetch-count", "2");
        assertThat(bus.fetches).containsExactly("/queue/jobs 2");

        hand("/queue/jobs", "one", "t1", 0);
        hand("/queue/jobs", "two", "t2", 0);
        Frame one = consumer.awaitFrame(WAIT);
        Frame two = consumer.awaitFrame(WAIT);
        assertThat(List.of(one.bodyAsString(), two.bodyAsString())).containsExactly("one", "two");
        assertThat(bus.fetches).as("no room until one is settled").containsExactly("/queue/jobs 2");

        consumer.send(Command.ACK, "id", one.header("ack"));
        assertThat(bus.acknowledged).containsExactly("/queue/jobs t1");
        assertThat(bus.fetches).containsExactly("/queue/jobs 2", "/queue/jobs 1");
    }

    @Test
    @DisplayName("the last consumer leaving cancels exactly what was asked for and not handed over")
    void leavingCancelsWhatWasAsked() {
        Broker broker = Broker.builder().clusterBus(bus).build();
        InMemoryConnection consumer = connected(broker);
        consumer.send(Command.SUBSCRIBE, "id", "c", "destination", "/queue/jobs", "prefetch-count", "3",
                "ack", "client-individual");
        hand("/queue/jobs", "one", "t1", 0);
        assertThat(consumer.awaitFrame(WAIT).bodyAsString()).isEqualTo("one");

        consumer.send(Command.UNSUBSCRIBE, "id", "c");

        assertThat(bus.fetches).containsExactly("/queue/jobs 3");
        assertThat(bus.stopped).as("two asked for never came").containsExactly("/queue/jobs 2");
    }

    @Test
    @DisplayName("what the last consumer held is given back with its deliveries, and fetching stops")
    void theLastConsumerLeavingGivesBackWhatItHeld() {
        Broker broker = Broker.builder().clusterBus(bus).build();
        InMemoryConnection consumer = connected(broker);
        consumer.send(Command.SUBSCRIBE, "id", "c", "destination", "/queue/jobs", "ack", "client-individual",
                "prefetch-count", "1");
        hand("/queue/jobs", "held", "t1", 1);
        Frame held = consumer.awaitFrame(WAIT);
        assertThat(held.header("redelivered")).isEqualTo("true");
        assertThat(held.header("x-delivery-count")).isEqualTo("2");

        consumer.send(Command.UNSUBSCRIBE, "id", "c");

        assertThat(bus.stopped).as("nothing was still asked for").containsExactly("/queue/jobs 0");
        assertThat(bus.givenBack).containsExactly("/queue/jobs t1 2");
        assertThat(bus.acknowledged).isEmpty();

        // A message that arrives once nobody is left goes straight back.
        hand("/queue/jobs", "late", "t2", 0);
        assertThat(bus.givenBack).containsExactly("/queue/jobs t1 2", "/queue/jobs t2 0");
    }

    @Test
    @DisplayName("a message that comes at its delivery limit is dead-lettered, then acknowledged")
    void aMessageAtItsDeliveryLimitIsDeadLettered() {
        bus.local = "/queue/DLQ";
        Broker broker = Broker.builder().clusterBus(bus).maxDeliveries(3).build();
        List<String> dead = Collections.synchronizedList(new ArrayList<>());
        broker.subscribe("/queue/DLQ", message -> dead.add(message.bodyAsString() + " "
                + message.headers().get("x-dead-letter-reason")));
        InMemoryConnection consumer = connected(broker);
        consumer.send(Command.SUBSCRIBE, "id", "c", "destination", "/queue/jobs", "ack", "client-individual");

        hand("/queue/jobs", "poison", "t1", 3);

        assertThat(dead).containsExactly("poison delivery-limit");
        assertThat(bus.acknowledged).containsExactly("/queue/jobs t1");
        assertThat(consumer.nextFrame()).isNull();
    }

    /** Shares every queue but {@link #local} and records what it is asked; a test completes the enqueues. */
    static final class SharingBus implements ClusterBus {
        volatile String local;
        volatile boolean refuse;
        volatile Inbound inbound;
        final List<Message> enqueued = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> accepted = new CopyOnWriteArrayList<>();
        final List<String> fetches = new CopyOnWriteArrayList<>();
        final List<String> stopped = new CopyOnWriteArrayList<>();
        final List<String> acknowledged = new CopyOnWriteArrayList<>();
        final List<String> givenBack = new CopyOnWriteArrayList<>();

        @Override
        public void start(Inbound inbound) {
            this.inbound = inbound;
        }

        @Override
        public void published(Message message) {
        }

        @Override
        public void interested(String pattern) {
        }

        @Override
        public void uninterested(String pattern) {
        }

        @Override
        public boolean sharesQueue(String queue) {
            return !queue.equals(local);
        }

        @Override
        public CompletionStage<Void> enqueue(Message message) {
            if (refuse) {
                return CompletableFuture.failedFuture(new IllegalStateException("Redis is away"));
            }
            enqueued.add(message);
            CompletableFuture<Void> held = new CompletableFuture<>();
            accepted.add(held);
            return held;
        }

        @Override
        public void fetch(String queue, int count) {
            fetches.add(queue + " " + count);
        }

        @Override
        public void stopFetching(String queue, int count) {
            stopped.add(queue + " " + count);
        }

        @Override
        public void acknowledge(String queue, String ticket) {
            acknowledged.add(queue + " " + ticket);
        }

        @Override
        public void giveBack(String queue, String ticket, int deliveries) {
            givenBack.add(queue + " " + ticket + " " + deliveries);
        }

        @Override
        public void close() {
        }
    }
}
