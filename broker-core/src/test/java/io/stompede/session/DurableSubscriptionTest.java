package io.stompede.session;

import static io.stompede.session.Clients.WAIT;
import static io.stompede.session.Clients.bodies;
import static io.stompede.session.Clients.error;
import static io.stompede.session.Clients.messages;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import io.stompede.store.MessageStore;
import io.stompede.store.InMemoryMessageStore;
import io.stompede.message.Message;
import io.stompede.store.FsyncPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durable topic subscriptions in the RabbitMQ and the ActiveMQ/Artemis conventions. */
class DurableSubscriptionTest {
    private final VirtualClock clock = new VirtualClock();

    @TempDir
    Path dataDir;

    private static InMemoryConnection connect(Broker broker, VirtualClock clock, String... extra) {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        List<String> headers = new ArrayList<>(List.of("accept-version", "1.2", "host", "localhost"));
        headers.addAll(List.of(extra));
        assertThat(client.connect(Headers.of(headers.toArray(new String[0]))).command()).isEqualTo(Command.CONNECTED);
        return client;
    }

    private static void publish(Broker broker, String destination, String... texts) {
        for (String text : texts) {
            broker.publish(destination, text).join();
        }
    }

    @Test
    @DisplayName("ActiveMQ style: a subscriber that leaves and comes back gets what was published meanwhile, then live messages")
    void activeMqConvention() {
        Broker broker = Broker.builder().build();
        InMemoryConnection first = connect(broker, clock, "client-id", "app-1");
        first.send(Command.SUBSCRIBE, "id", "s1", "destination", "/topic/news", "activemq.subscriptionName", "news");
        publish(broker, "/topic/news", "a");
        assertThat(bodies(messages(first))).containsExactly("a");
        first.send(Command.DISCONNECT);

        publish(broker, "/topic/news", "b", "c");
        InMemoryConnection again = connect(broker, clock, "client-id", "app-1");
        again.send(Command.SUBSCRIBE, "id", "other-id", "destination", "/topic/news", "durable-subscription-name", "news");
        assertThat(bodies(messages(again))).containsExactly("b", "c");
        publish(broker, "/topic/news", "d");
        Frame live = Clients.message(again, "d");
        assertThat(live.header("destination")).isEqualTo("/topic/news");
        assertThat(live.header("subscription")).isEqualTo("other-id");

        again.send(Command.UNSUBSCRIBE, "id", "other-id", "activemq.subscriptionName", "news");
        publish(broker, "/topic/news", "gone");
        InMemoryConnection third = connect(broker, clock, "client-id", "app-1");
        third.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/news", "activemq.subscriptionName", "news");
        assertThat(third.frames()).as("the subscription was deleted, and its backlog with it").isEmpty();
    }

    @Test
    @DisplayName("RabbitMQ style: durable:true and auto-delete:false, named by login and subscription id, survive a restart")
    void rabbitConventionSurvivesRestart() {
        Broker first = Broker.builder().dataDirectory(dataDir, FsyncPolicy.always()).build();
        InMemoryConnection subscriber = connect(first, clock, "login", "ann");
        subscriber.send(Command.SUBSCRIBE, "id", "feed", "destination", "/topic/prices.*", "durable", "true",
                "auto-delete", "false", "ack", "client-individual");
        subscriber.disconnectAbruptly();
        InMemoryConnection producer = connect(first, clock);
        producer.sendWithBody(Command.SEND, "p1", "destination", "/topic/prices.eur", "receipt", "r1");
        assertThat(producer.awaitFrame(WAIT).command()).as("stored before the receipt").isEqualTo(Command.RECEIPT);
        producer.sendWithBody(Command.SEND, "p2", "destination", "/topic/prices.usd", "receipt", "r2");
        assertThat(producer.awaitFrame(WAIT).command()).isEqualTo(Command.RECEIPT);
        first.close();

        Broker second = Broker.builder().dataDirectory(dataDir, FsyncPolicy.always()).build();
        InMemoryConnection otherLogin = connect(second, clock, "login", "bob");
        otherLogin.send(Command.SUBSCRIBE, "id", "feed", "destination", "/topic/prices.*", "durable", "true",
                "auto-delete", "false");
        assertThat(otherLogin.frames()).as("another login's subscription of the same id is another one").isEmpty();
        InMemoryConnection back = connect(second, clock, "login", "ann");
        back.send(Command.SUBSCRIBE, "id", "feed", "destination", "/topic/prices.*", "durable", "true",
                "auto-delete", "false", "ack", "client-individual");
        List<Frame> waiting = messages(back);
        assertThat(bodies(waiting)).containsExactly("p1", "p2");
        assertThat(waiting.get(0).header("destination")).isEqualTo("/topic/prices.eur");
        second.close();
    }

    @Test
    @DisplayName("a durable subscription keeps at most its limit while away; newer messages are dropped for it")
    void limitDropsNewest() {
        Broker broker = Broker.builder().maxDurableSubscriptionDepth(2).build();
        InMemoryConnection subscriber = connect(broker, clock, "client-id", "c");
        subscriber.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/t", "activemq.subscriptionName", "n");
        subscriber.send(Command.UNSUBSCRIBE, "id", "s");
        publish(broker, "/topic/t", "1", "2", "3", "4");
        subscriber.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/t", "activemq.subscriptionName", "n");
        assertThat(bodies(messages(subscriber))).containsExactly("1", "2");
    }

    @Test
    @DisplayName("a named durable subscription without client-id, or on a queue, is an ERROR")
    void misuse() {
        Broker broker = Broker.builder().build();
        InMemoryConnection anonymous = connect(broker, clock);
        anonymous.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/t", "activemq.subscriptionName", "n");
        error(anonymous, "client-id required");
        InMemoryConnection onQueue = connect(broker, clock, "client-id", "c");
        onQueue.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/q", "durable-subscription-name", "n");
        error(onQueue, "durable subscription on a queue");
    }

    @Test
    @DisplayName("the RECEIPT of a SUBSCRIBE that creates a durable subscription waits until its binding is stored")
    void subscribeReceiptWaitsForTheBinding() {
        CompletableFuture<Void> bindStored = new CompletableFuture<>();
        InMemoryMessageStore memory = new InMemoryMessageStore();
        MessageStore slowBinding = new MessageStore() {
            @Override
            public CompletionStage<Long> append(String queue, Message message) {
                return memory.append(queue, message);
            }

            @Override
            public void ack(String queue, String messageId) {
                memory.ack(queue, messageId);
            }

            @Override
            public CompletionStage<Void> bind(String queue, String topicPattern) {
                return memory.bind(queue, topicPattern).thenCompose(ignored -> bindStored);
            }

            @Override
            public void unbind(String queue) {
                memory.unbind(queue);
            }

            @Override
            public void replay(Recovery recovery) {
                memory.replay(recovery);
            }

            @Override
            public void close() {
                memory.close();
            }
        };
        Broker broker = Broker.builder().messageStore(slowBinding).build();
        InMemoryConnection client = connect(broker, clock, "client-id", "app-1");

        client.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/news", "durable-subscription-name", "news",
                "receipt", "subscribed");
        assertThat(client.nextFrame()).as("no RECEIPT before the binding is stored").isNull();

        bindStored.complete(null);
        assertThat(client.awaitFrame(Clients.WAIT).header("receipt-id")).isEqualTo("subscribed");
    }
}
