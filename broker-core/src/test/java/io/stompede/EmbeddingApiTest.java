package io.stompede;

import io.stompede.application.MessageRejectedException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import io.stompede.message.Message;
import io.stompede.application.QueueFullException;
import io.stompede.store.InMemoryMessageStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EmbeddingApiTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final VirtualClock clock = new VirtualClock();

    private InMemoryConnection client(Broker broker) {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        client.connect();
        return client;
    }

    @Test
    void anInProcessPublishReachesClientsAndListeners() {
        Broker broker = Broker.builder().build();
        InMemoryConnection client = client(broker);
        client.send(Command.SUBSCRIBE, "destination", "/topic/prices", "id", "p");
        List<String> heard = new ArrayList<>();
        broker.subscribe("/topic/prices", message -> heard.add(message.bodyAsString()));

        broker.publish("/topic/prices", "42").join();

        assertThat(client.awaitFrame(WAIT).bodyAsString()).isEqualTo("42");
        assertThat(heard).containsExactly("42");
    }

    @Test
    void listenersOnAPatternShareOneBodyArrayWithoutCopying() {
        Broker broker = Broker.builder().build();
        List<Message> first = new ArrayList<>();
        List<Message> second = new ArrayList<>();
        broker.subscribe("/topic/room/*", first::add);
        broker.subscribe("/topic/room/**", second::add);
        byte[] body = "shared".getBytes();

        broker.publish("/topic/room/5", Headers.EMPTY, body).join();

        assertThat(first).hasSize(1);
        assertThat(second).hasSize(1);
        assertThat(first.get(0).sharedBody()).isSameAs(second.get(0).sharedBody()).isSameAs(body);
    }

    @Test
    void aClosedListenerHearsNothingMore() {
        Broker broker = Broker.builder().build();
        List<String> heard = new ArrayList<>();
        Subscription subscription = broker.subscribe("/topic/t", message -> heard.add(message.bodyAsString()));
        broker.publish("/topic/t", "before").join();

        subscription.close();
        broker.publish("/topic/t", "after").join();

        assertThat(heard).containsExactly("before");
        assertThat(broker.stats().subscriptionCount()).isZero();
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        Broker broker = Broker.builder().build();
        List<String> heard = new ArrayList<>();
        broker.subscribe("/topic/t", message -> {
            throw new IllegalStateException("listener bug");
        });
        broker.subscribe("/topic/t", message -> heard.add(message.bodyAsString()));

        broker.publish("/topic/t", "still delivered").join();

        assertThat(heard).containsExactly("still delivered");
    }

    @Test
    void queueListenersShareTheQueueRoundRobin() {
        Broker broker = Broker.builder().build();
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        broker.subscribe("/queue/jobs", message -> first.add(message.bodyAsString()));
        broker.subscribe("/queue/jobs", message -> second.add(message.bodyAsString()));

        for (int i = 0; i < 10; i++) {
            broker.publish("/queue/jobs", "job-" + i).join();
        }

        assertThat(first).hasSize(5);
        assertThat(second).hasSize(5);
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/jobs", 0);
        assertThat(broker.stats().queueInFlight()).isZero();
    }

    @Test
    void aFullQueueFailsTheInProcessPublish() {
        Broker broker = Broker.builder().maxQueueDepth(2).build();
        broker.publish("/queue/small", "1").join();
        broker.publish("/queue/small", "2").join();

        assertThatThrownBy(() -> broker.publish("/queue/small", "3").join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(QueueFullException.class);
    }

    @Test
    void anApplicationHandlerSeesTheSenderAndPublishesElsewhere() {
        List<String> senders = new ArrayList<>();
        Broker broker = Broker.builder()
                .application("/app/", (message, context) -> {
                    senders.add(message.sessionId() + "/" + message.principal().getName());
                    context.publish("/topic/chat/room/5", message.bodyAsString());
                })
                .build();
        InMemoryConnection listener = client(broker);
        listener.send(Command.SUBSCRIBE, "destination", "/topic/chat/room/5", "id", "room");
        InMemoryConnection sender = InMemoryConnection.open(broker, clock);
        sender.connect(Headers.of("accept-version", "1.2", "login", "ann"));

        sender.sendWithBody(Command.SEND, "hello", "destination", "/app/chat", "receipt", "r");

        assertThat(sender.awaitFrame(WAIT).header("receipt-id")).isEqualTo("r");
        assertThat(listener.awaitFrame(WAIT).bodyAsString()).isEqualTo("hello");
        assertThat(senders).containsExactly(sender.session().id() + "/ann");
    }

    @Test
    void aReplyReachesOnlyTheSender() {
        Broker broker = Broker.builder()
                .application("/app/", (message, context) ->
                        context.reply("/topic/replies", Headers.EMPTY, ("re: " + message.bodyAsString()).getBytes()))
                .build();
        InMemoryConnection asker = client(broker);
        InMemoryConnection bystander = client(broker);
        asker.send(Command.SUBSCRIBE, "destination", "/topic/replies", "id", "r");
        bystander.send(Command.SUBSCRIBE, "destination", "/topic/replies", "id", "r");

        asker.sendWithBody(Command.SEND, "ping", "destination", "/app/ask");

        Frame reply = asker.awaitFrame(WAIT);
        assertThat(reply.bodyAsString()).isEqualTo("re: ping");
        assertThat(reply.header("subscription")).isEqualTo("r");
        assertThat(bystander.nextFrame()).isNull();
    }

    @Test
    void anApplicationHandlerMayRejectWithAnError() {
        Broker broker = Broker.builder()
                .application("/app/", (message, context) -> {
                    throw new MessageRejectedException("rooms are closed");
                })
                .build();
        InMemoryConnection sender = client(broker);

        sender.sendWithBody(Command.SEND, "hi", "destination", "/app/chat", "receipt", "r-2");

        Frame error = sender.awaitFrame(WAIT);
        assertThat(error.command()).isEqualTo(Command.ERROR);
        assertThat(error.header("message")).isEqualTo("rooms are closed");
        assertThat(error.header("receipt-id")).isEqualTo("r-2");
        assertThat(sender.isClosed()).isTrue();
    }

    @Test
    void aFailingApplicationHandlerGetsAGenericErrorWithoutItsStackTrace() {
        Broker broker = Broker.builder()
                .application("/app/", (message, context) -> {
                    throw new IllegalStateException("secret internals");
                })
                .build();
        InMemoryConnection sender = client(broker);

        sender.sendWithBody(Command.SEND, "hi", "destination", "/app/chat");

        Frame error = sender.awaitFrame(WAIT);
        assertThat(error.header("message")).isEqualTo("application error");
        assertThat(error.bodyAsString()).doesNotContain("secret", "Exception");
        assertThat(client(broker).isClosed()).as("others still connect").isFalse();
    }

    @Test
    void theLongestApplicationPrefixWins() {
        List<String> handled = new ArrayList<>();
        Broker broker = Broker.builder()
                .application("/app/", (message, context) -> handled.add("app"))
                .application("/app/admin/", (message, context) -> handled.add("admin"))
                .build();
        InMemoryConnection sender = client(broker);

        sender.send(Command.SEND, "destination", "/app/admin/kick");
        sender.send(Command.SEND, "destination", "/app/chat");

        assertThat(handled).containsExactly("admin", "app");
    }

    @Test
    void anInterceptorSeesEveryInboundFrameAndMayRejectOne() {
        List<Command> seen = new ArrayList<>();
        Broker broker = Broker.builder()
                .interceptor((session, frame) -> {
                    seen.add(frame.command());
                    if ("/topic/forbidden".equals(frame.header("destination"))) {
                        throw new MessageRejectedException("not here");
                    }
                })
                .build();
        InMemoryConnection client = client(broker);
        client.send(Command.SEND, "destination", "/topic/fine");
        client.send(Command.SUBSCRIBE, "destination", "/topic/forbidden", "id", "x");

        Frame error = client.awaitFrame(WAIT);
        assertThat(error.header("message")).isEqualTo("not here");
        assertThat(seen).containsExactly(Command.CONNECT, Command.SEND, Command.SUBSCRIBE);
        assertThat(broker.stats().subscriptionCount()).isZero();
    }

    @Test
    void statsCountConnectionsSubscriptionsMessagesAndQueues() {
        Broker broker = Broker.builder().build();
        InMemoryConnection consumer = client(broker);
        consumer.send(Command.SUBSCRIBE, "destination", "/queue/work", "id", "w", "ack", "client-individual");
        consumer.send(Command.SUBSCRIBE, "destination", "/topic/news", "id", "n");
        InMemoryConnection producer = client(broker);
        InMemoryConnection.open(broker, clock);

        producer.sendWithBody(Command.SEND, "task", "destination", "/queue/work");
        producer.sendWithBody(Command.SEND, "waiting", "destination", "/queue/idle");
        producer.sendWithBody(Command.SEND, "story", "destination", "/topic/news");

        BrokerStats stats = broker.stats();
        assertThat(stats.connections()).isEqualTo(3);
        assertThat(stats.connectedSessions()).isEqualTo(2);
        assertThat(stats.subscriptions()).containsEntry("/queue/work", 1).containsEntry("/topic/news", 1);
        assertThat(stats.messagesIn()).isEqualTo(3);
        assertThat(stats.messagesOut()).isEqualTo(2);
        assertThat(stats.queueDepths()).containsEntry("/queue/idle", 1).containsEntry("/queue/work", 0);
        assertThat(stats.queueInFlight()).isEqualTo(1);
        assertThat(stats.awaitingAck()).isEqualTo(1);
    }

    @Test
    void persistentQueueMessagesLeftInTheStoreComeBackInANewBroker() {
        InMemoryMessageStore store = new InMemoryMessageStore();
        Broker first = Broker.builder().messageStore(store).build();
        InMemoryConnection producer = client(first);
        producer.sendWithBody(Command.SEND, "keep me", "destination", "/queue/durable", "persistent", "true");
        producer.sendWithBody(Command.SEND, "lose me", "destination", "/queue/durable");
        first.close();

        Broker second = Broker.builder().messageStore(store).build();
        InMemoryConnection consumer = client(second);
        consumer.send(Command.SUBSCRIBE, "destination", "/queue/durable", "id", "d");

        assertThat(consumer.frames()).extracting(Frame::bodyAsString).containsExactly("keep me");
        assertThat(store.size()).as("settled once delivered in auto mode").isZero();
    }

    @Test
    void closingTheBrokerTellsEveryClientAndRefusesNewSessions() {
        Broker broker = Broker.builder().build();
        InMemoryConnection client = client(broker);

        broker.close();

        Frame error = client.awaitFrame(WAIT);
        assertThat(error.command()).isEqualTo(Command.ERROR);
        assertThat(error.header("message")).isEqualTo("server shutting down");
        assertThat(client.isClosed()).isTrue();
        assertThatThrownBy(() -> InMemoryConnection.open(broker, clock)).hasRootCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("a connection whose transport stopped first keeps nobody else from being told the broker closes")
    void closingTheBrokerPassesAConnectionThatRunsNoMoreTasks() {
        Broker broker = Broker.builder().build();
        ExecutorService stoppedFirst = Executors.newSingleThreadExecutor();
        InMemoryConnection stopped = InMemoryConnection.open(broker, clock, stoppedFirst);
        stopped.connect();
        InMemoryConnection client = client(broker);
        stoppedFirst.shutdown();

        broker.close();

        assertThat(client.awaitFrame(WAIT).header("message")).isEqualTo("server shutting down");
        assertThat(client.isClosed()).isTrue();
    }

    @Test
    void brokersInOneJvmShareNothing() {
        Broker one = Broker.builder().build();
        Broker two = Broker.builder().build();
        List<String> heard = new ArrayList<>();
        two.subscribe("/topic/x", message -> heard.add(message.bodyAsString()));

        one.publish("/topic/x", "only in one").join();

        assertThat(heard).isEmpty();
    }

    @Test
    @DisplayName("a queue listener closed with messages still waiting gives them back in their order")
    void aClosedQueueListenerReturnsWaitingMessagesInOrder() {
        Broker broker = Broker.builder().build();
        List<String> later = new ArrayList<>();
        Subscription[] first = new Subscription[1];
        first[0] = broker.subscribe("/queue/ordered", message -> {
            // Published while this listener is busy, so they wait in its inbox when it closes.
            for (int i = 1; i < 5; i++) {
                broker.publish("/queue/ordered", "m" + i).join();
            }
            first[0].close();
        });
        broker.publish("/queue/ordered", "m0").join();
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/ordered", 4);

        broker.subscribe("/queue/ordered", message -> later.add(message.bodyAsString()));

        assertThat(later).containsExactly("m1", "m2", "m3", "m4");
    }
}
