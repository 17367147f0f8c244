package io.stompede;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.stompede.cluster.ClusterBus;
import io.stompede.config.ResumeConfig;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import io.stompede.message.Message;
import io.stompede.store.FsyncPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the broker hands a {@link ClusterBus} added with {@link BrokerBuilder#clusterBus}, and what
 * it does with what the bus hands back through its {@link ClusterBus.Inbound}.
 */
class ClusterBusTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final VirtualClock clock = new VirtualClock();
    private final RecordingBus bus = new RecordingBus();

    @Test
    @DisplayName("the bus is started once, with an Inbound, when the broker is built, before anything else")
    void startedOnceWhenBuilt() {
        BrokerBuilder builder = Broker.builder().clusterBus(bus);
        assertThat(bus.starts).isEmpty();

        Broker broker = builder.build();
        broker.subscribe("/topic/x", message -> { });
        broker.publish("/topic/x", "hello").join();

        assertThat(bus.starts).hasSize(1).doesNotContainNull();
        assertThat(bus.events).first().isEqualTo("start");
        assertThat(bus.events).containsExactly("start", "interested /topic/x", "published /topic/x");
        assertThat(bus.closes).hasValue(0);
    }

    @ParameterizedTest(name = "{0} local subscribers")
    @ValueSource(ints = {0, 1, 3})
    @DisplayName("every topic message is handed to the bus once, whatever the number of local subscribers and "
            + "whether a client, an in-process publisher or an application handler published it")
    void everyTopicMessageIsPublishedOnce(int subscribers) {
        Broker broker = Broker.builder().clusterBus(bus)
                .application("/app/", (message, context) -> context.publish("/topic/room", "app:" + message.bodyAsString()))
                .build();
        List<InMemoryConnection> clients = new ArrayList<>();
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < subscribers; i++) {
            switch (i) {
                case 0 -> clients.add(subscribed(broker, "/topic/room"));
                case 1 -> broker.subscribe("/topic/room", message -> heard.add(message.bodyAsString()));
                default -> clients.add(subscribed(broker, "/topic/*"));
            }
        }
        // What the bus is handed comes after this node's own subscribers had it.
        bus.onPublished = heard::size;
        InMemoryConnection sender = connected(broker);

        sender.sendWithBody(Command.SEND, "client", "destination", "/topic/room");
        broker.publish("/topic/room", "broker").join();
        sender.sendWithBody(Command.SEND, "hello", "destination", "/app/echo", "receipt", "r");
        assertThat(sender.awaitFrame(WAIT).header("receipt-id")).isEqualTo("r");

        assertThat(bus.published).extracting(Message::destination).containsOnly("/topic/room");
        assertThat(bus.published).extracting(Message::bodyAsString).containsExactly("client", "broker", "app:hello");
        assertThat(bus.published).extracting(Message::id).doesNotHaveDuplicates();
        for (InMemoryConnection client : clients) {
            assertThat(bodies(messages(client))).containsExactly("client", "broker", "app:hello");
        }
        if (subscribers > 1) {
            assertThat(heard).containsExactly("client", "broker", "app:hello");
            assertThat(bus.heardWhenPublished).as("the listener had each message before the bus").containsExactly(1, 2, 3);
        }
    }

    @Test
    @DisplayName("an application's reply goes to the sender alone, not to the bus")
    void anApplicationReplyIsNotPublished() {
        Broker broker = Broker.builder().clusterBus(bus)
                .application("/app/", (message, context) ->
                        context.reply("/topic/replies", Headers.EMPTY, ("re: " + message.bodyAsString()).getBytes(StandardCharsets.UTF_8)))
                .build();
        InMemoryConnection asker = subscribed(broker, "/topic/replies");

        asker.sendWithBody(Command.SEND, "ping", "destination", "/app/ask");

        assertThat(asker.awaitFrame(WAIT).bodyAsString()).isEqualTo("re: ping");
        assertThat(bus.published).isEmpty();
    }

    @Test
    @DisplayName("a SEND in a transaction is handed to the bus once, at COMMIT, and not at all when aborted")
    void aTransactedSendIsPublishedAtCommit() {
        Broker broker = Broker.builder().clusterBus(bus).build();
        InMemoryConnection sender = connected(broker);

        sender.send(Command.BEGIN, "transaction", "tx");
        sender.sendWithBody(Command.SEND, "held", "destination", "/topic/t", "transaction", "tx");
        sender.send(Command.BEGIN, "transaction", "dropped");
        sender.sendWithBody(Command.SEND, "aborted", "destination", "/topic/t", "transaction", "dropped");
        sender.send(Command.ABORT, "transaction", "dropped");
        assertThat(bus.published).isEmpty();

        sender.send(Command.COMMIT, "transaction", "tx", "receipt", "c");
        assertThat(sender.awaitFrame(WAIT).header("receipt-id")).isEqualTo("c");

        assertThat(bus.published).extracting(Message::bodyAsString).containsExactly("held");
    }

    @Test
    @DisplayName("with a bus that shares no queue, queue messages never reach it: client SENDs, in-process and "
            + "application publishes, dead letters")
    void queueMessagesNeverReachTheBus() {
        Broker broker = Broker.builder().clusterBus(bus).maxDeliveries(1)
                .application("/app/", (message, context) -> context.publish("/queue/jobs", "app:" + message.bodyAsString()))
                .build();
        InMemoryConnection consumer = connected(broker);
        consumer.send(Command.SUBSCRIBE, "id", "q", "destination", "/queue/jobs", "ack", "client-individual");
        List<String> dead = Collections.synchronizedList(new ArrayList<>());
        Subscription deadLetters = broker.subscribe("/queue/DLQ", message -> dead.add(message.bodyAsString()));
        InMemoryConnection sender = connected(broker);

        sender.sendWithBody(Command.SEND, "client", "destination", "/queue/jobs");
        sender.sendWithBody(Command.SEND, "stored", "destination", "/queue/jobs", "persistent", "true");
        broker.publish("/queue/jobs", "broker").join();
        sender.sendWithBody(Command.SEND, "hello", "destination", "/app/jobs");
        List<Frame> jobs = messages(consumer);
        assertThat(bodies(jobs)).containsExactly("client", "stored", "broker", "app:hello");
        consumer.send(Command.NACK, "id", jobs.get(0).header("ack"));
        assertThat(dead).containsExactly("client");
        consumer.send(Command.UNSUBSCRIBE, "id", "q");
        deadLetters.close();

        assertThat(bus.published).isEmpty();
        assertThat(bus.interested).as("queue subscriptions are this node's own").isEmpty();
        assertThat(bus.uninterested).isEmpty();
    }

    @Test
    @DisplayName("a message from the Inbound reaches local subscribers of matching topics and patterns, and is not handed back")
    void anInboundMessageIsDeliveredLocallyAndNotHandedBack() {
        Broker broker = Broker.builder().clusterBus(bus).build();
        InMemoryConnection exact = subscribed(broker, "/topic/chat/room/5");
        InMemoryConnection oneSegment = subscribed(broker, "/topic/chat/*/5");
        InMemoryConnection anyDepth = subscribed(broker, "/topic/#");
        InMemoryConnection otherRoom = subscribed(broker, "/topic/chat/room/6");
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        broker.subscribe("/topic/chat/**", message -> heard.add(message.id() + " " + message.bodyAsString()));
        List<String> elsewhere = Collections.synchronizedList(new ArrayList<>());
        broker.subscribe("/topic/lobby", message -> elsewhere.add(message.bodyAsString()));
        List<String> queued = Collections.synchronizedList(new ArrayList<>());
        broker.subscribe("/queue/chat", message -> queued.add(message.bodyAsString()));
        long outBefore = broker.stats().messagesOut();

        bus.inbound().deliver(new Message("node-2:1", "/topic/chat/room/5",
                Headers.of("content-type", "text/plain", "color", "blue"), "from afar".getBytes(StandardCharsets.UTF_8)));

        for (InMemoryConnection client : List.of(exact, oneSegment, anyDepth)) {
            Frame frame = client.awaitFrame(WAIT);
            assertThat(frame.command()).isEqualTo(Command.MESSAGE);
            assertThat(frame.bodyAsString()).isEqualTo("from afar");
            assertThat(frame.header("destination")).isEqualTo("/topic/chat/room/5");
            assertThat(frame.header("message-id")).isEqualTo("node-2:1");
            assertThat(frame.header("color")).isEqualTo("blue");
            assertThat(client.nextFrame()).isNull();
        }
        assertThat(heard).containsExactly("node-2:1 from afar");
        assertThat(otherRoom.nextFrame()).isNull();
        assertThat(elsewhere).isEmpty();
        assertThat(bus.published).as("what came from the bus is not handed back").isEmpty();
        assertThat(broker.stats().messagesOut() - outBefore).isEqualTo(4);

        // Queues do not travel by the bus: a queue message from it is dropped.
        bus.inbound().deliver(new Message("node-2:2", "/queue/chat", Headers.EMPTY, "misrouted".getBytes(StandardCharsets.UTF_8)));
        assertThat(queued).isEmpty();
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/chat", 0);
        assertThat(bus.published).isEmpty();
    }

    @Test
    @DisplayName("interested() on a pattern's first subscriber, client or listener, and uninterested() when the last leaves, "
            + "by UNSUBSCRIBE, close or disconnect; never for queues")
    void interestFollowsTheFirstAndLastSubscriberOfEachPattern() {
        Broker broker = Broker.builder().clusterBus(bus).build();
        InMemoryConnection ann = connected(broker);
        InMemoryConnection ben = connected(broker);

        ann.send(Command.SUBSCRIBE, "id", "1", "destination", "/topic/news");
        Subscription listener = broker.subscribe("/topic/news", message -> { });
        ben.send(Command.SUBSCRIBE, "id", "1", "destination", "/topic/news");
        ann.send(Command.SUBSCRIBE, "id", "2", "destination", "/topic/*");
        ben.send(Command.SUBSCRIBE, "id", "2", "destination", "/queue/work");
        Subscription queueListener = broker.subscribe("/queue/work", message -> { });
        assertThatThrownBy(() -> broker.subscribe("/queue/*", message -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThat(bus.interested).containsExactly("/topic/news", "/topic/*");

        ann.send(Command.UNSUBSCRIBE, "id", "1");
        listener.close();
        listener.close();
        queueListener.close();
        ben.send(Command.UNSUBSCRIBE, "id", "2");
        assertThat(bus.uninterested).as("ben is still on /topic/news").isEmpty();

        ben.disconnectAbruptly();
        clock.advance(ResumeConfig.DEFAULTS.grace());     // ben's session is kept for resume until then
        await().atMost(WAIT).until(() -> bus.uninterested.size() == 1);
        assertThat(bus.uninterested).containsExactly("/topic/news");
        ann.send(Command.DISCONNECT);
        await().atMost(WAIT).until(() -> bus.uninterested.size() == 2);
        assertThat(bus.uninterested).containsExactly("/topic/news", "/topic/*");

        // A pattern that lost its last subscriber is new again to the next one.
        Subscription again = broker.subscribe("/topic/news", message -> { });
        assertThat(bus.interested).containsExactly("/topic/news", "/topic/*", "/topic/news");
        again.close();
        assertThat(bus.uninterested).containsExactly("/topic/news", "/topic/*", "/topic/news");
        assertThat(bus.events).filteredOn(e -> e.startsWith("interested") || e.startsWith("uninterested"))
                .containsExactly("interested /topic/news", "interested /topic/*", "uninterested /topic/news",
                        "uninterested /topic/*", "interested /topic/news", "uninterested /topic/news");
        assertThat(bus.published).isEmpty();
    }

    @Test
    @DisplayName("a topic with history is handed to the bus once per message, without the local x-history mark, "
            + "and a history subscriber is one more subscriber of the topic")
    void aTopicWithHistoryIsPublishedOnce() {
        Broker broker = Broker.builder().clusterBus(bus).history("/topic/hist/**", 3).build();
        InMemoryConnection live = subscribed(broker, "/topic/hist/a");
        InMemoryConnection sender = connected(broker);

        sender.sendWithBody(Command.SEND, "h1", "destination", "/topic/hist/a");
        sender.sendWithBody(Command.SEND, "h2", "destination", "/topic/hist/a");
        broker.publish("/topic/hist/a", "h3").join();

        assertThat(bodies(messages(live))).containsExactly("h1", "h2", "h3");
        assertThat(bus.published).extracting(Message::bodyAsString).containsExactly("h1", "h2", "h3");
        assertThat(bus.published).allSatisfy(m -> assertThat(m.headers().get("x-history")).isNull());

        InMemoryConnection late = connected(broker);
        late.send(Command.SUBSCRIBE, "id", "h", "destination", "/topic/hist/a", "x-history", "3");
        List<String> replayed = Collections.synchronizedList(new ArrayList<>());
        Subscription listener = broker.subscribe("/topic/hist/a", 2, message -> replayed.add(message.bodyAsString()));

        assertThat(bodies(messages(late))).containsExactly("h1", "h2", "h3");
        assertThat(replayed).containsExactly("h2", "h3");
        assertThat(bus.published).as("a replay is not a publish").hasSize(3);
        assertThat(bus.interested).containsExactly("/topic/hist/a");

        late.send(Command.DISCONNECT);
        listener.close();
        live.send(Command.UNSUBSCRIBE, "id", "s");
        assertThat(bus.uninterested).containsExactly("/topic/hist/a");
    }

    @Test
    @DisplayName("closing the broker closes the bus, once")
    void closingTheBrokerClosesTheBus() {
        Broker broker = Broker.builder().clusterBus(bus).build();
        InMemoryConnection client = subscribed(broker, "/topic/x");

        broker.close();
        broker.close();

        assertThat(bus.closes).hasValue(1);
        await().atMost(WAIT).until(client::isClosed);
        assertThat(bus.starts).hasSize(1);
    }

    @Test
    @DisplayName("a bus that cannot start (Redis unreachable) fails the build and leaves the journal free for the next try")
    void aBusThatCannotStartLeavesNothingBehind(@TempDir Path data) {
        ClusterBus unreachable = new RecordingBus() {
            @Override
            public void start(Inbound inbound) {
                throw new IllegalStateException("Redis is unreachable");
            }
        };

        assertThatThrownBy(() -> Broker.builder().dataDirectory(data, FsyncPolicy.always()).clusterBus(unreachable).build())
                .hasMessage("Redis is unreachable");

        Broker retried = Broker.builder().dataDirectory(data, FsyncPolicy.always()).build();
        retried.close();
    }

    // ---- helpers

    private InMemoryConnection connected(Broker broker) {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        assertThat(client.connect().command()).isEqualTo(Command.CONNECTED);
        return client;
    }

    /** A connected client with one subscription, id {@code s}, on {@code destination}. */
    private InMemoryConnection subscribed(Broker broker, String destination) {
        InMemoryConnection client = connected(broker);
        client.send(Command.SUBSCRIBE, "id", "s", "destination", destination);
        return client;
    }

    private static List<Frame> messages(InMemoryConnection client) {
        List<Frame> frames = client.frames();
        assertThat(frames).extracting(Frame::command).containsOnly(Command.MESSAGE);
        return frames;
    }

    private static List<String> bodies(List<Frame> frames) {
        return frames.stream().map(Frame::bodyAsString).toList();
    }

    /** Records every call, thread-safely. */
    static class RecordingBus implements ClusterBus {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Inbound> starts = new CopyOnWriteArrayList<>();
        final List<Message> published = new CopyOnWriteArrayList<>();
        final List<String> interested = new CopyOnWriteArrayList<>();
        final List<String> uninterested = new CopyOnWriteArrayList<>();
        final AtomicInteger closes = new AtomicInteger();
        /** What a test wants read at each publish, in {@link #heardWhenPublished}. */
        volatile IntSupplier onPublished;
        final List<Integer> heardWhenPublished = new CopyOnWriteArrayList<>();

        Inbound inbound() {
            assertThat(starts).hasSize(1);
            return starts.get(0);
        }

        @Override
        public void start(Inbound inbound) {
            events.add("start");
            starts.add(inbound);
        }

        @Override
        public void published(Message message) {
            events.add("published " + message.destination());
            IntSupplier probe = onPublished;
            if (probe != null) {
                heardWhenPublished.add(probe.getAsInt());
            }
            published.add(message);
        }

        @Override
        public void interested(String pattern) {
            events.add("interested " + pattern);
            interested.add(pattern);
        }

        @Override
        public void uninterested(String pattern) {
            events.add("uninterested " + pattern);
            uninterested.add(pattern);
        }

        @Override
        public void close() {
            events.add("close");
            closes.incrementAndGet();
        }
    }
}
