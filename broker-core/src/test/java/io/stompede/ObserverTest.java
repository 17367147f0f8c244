package io.stompede;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stompede.application.SessionInfo;
import io.stompede.config.BrokerConfig.SlowConsumerPolicy;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import io.stompede.observer.BrokerObserver;
import io.stompede.transport.ConnectionInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a {@link BrokerObserver} added with {@link BrokerBuilder#observer} hears, checked against
 * what {@link Broker#stats()} counts and against the traffic a test drove through in-memory clients.
 */
class ObserverTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** The memory cap of the scenario: small enough that a producer of large messages is paused quickly. */
    private static final long CAP = 20_000;
    private static final String IN_PROCESS = "in-process";

    private final VirtualClock clock = new VirtualClock();

    @Test
    @DisplayName("an observer's counts of messages in, out, dropped and awaiting ack match the broker's stats exactly, "
            + "and connections, sessions and subscriptions pair up once everyone left")
    void anObserverHearsWhatTheStatsCount() {
        RecordingObserver observer = new RecordingObserver();
        Broker broker = Broker.builder()
                .observer(observer)
                .maxDeliveries(1)
                .slowConsumers(3, SlowConsumerPolicy.DROP_OLDEST)
                .maxMemory(CAP)
                .build();
        int topicMessages = 5;
        int queueMessages = 4;

        // Two clients on a topic, one of them also consuming a queue with client-individual acks.
        InMemoryConnection alice = connected(broker);
        alice.send(Command.SUBSCRIBE, "id", "t", "destination", "/topic/news");
        alice.send(Command.SUBSCRIBE, "id", "q", "destination", "/queue/work", "ack", "client-individual");
        InMemoryConnection bob = connected(broker);
        bob.send(Command.SUBSCRIBE, "id", "t", "destination", "/topic/news");
        InMemoryConnection carol = connected(broker);
        sendAll(carol, "/topic/news", "news", topicMessages);
        sendAll(carol, "/queue/work", "job", queueMessages);

        assertThat(bodies(messages(bob))).containsExactlyElementsOf(numbered("news", topicMessages));
        List<Frame> toAlice = messages(alice);
        List<Frame> news = toAlice.stream().filter(f -> "t".equals(f.header("subscription"))).toList();
        List<Frame> jobs = toAlice.stream().filter(f -> "q".equals(f.header("subscription"))).toList();
        assertThat(bodies(news)).containsExactlyElementsOf(numbered("news", topicMessages));
        assertThat(bodies(jobs)).containsExactlyElementsOf(numbered("job", queueMessages));
        assertThat(observer.pending.sum()).as("every job awaits its ack").isEqualTo(queueMessages);

        // Two jobs acked, one NACKed past the delivery limit of 1, one left awaiting its ack.
        alice.send(Command.ACK, "id", jobs.get(0).header("ack"));
        alice.send(Command.ACK, "id", jobs.get(1).header("ack"));
        alice.send(Command.NACK, "id", jobs.get(2).header("ack"));
        assertThat(alice.nextFrame()).as("a dead-lettered job is not redelivered").isNull();
        assertThat(observer.deadLetters).containsExactly("/queue/work delivery-limit");

        // In-process publisher and listener.
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        Subscription prices = broker.subscribe("/topic/prices", message -> heard.add(message.bodyAsString()));
        broker.publish("/topic/prices", "p0").join();
        broker.publish("/topic/prices", "p1").join();
        assertThat(heard).containsExactly("p0", "p1");

        // A topic subscriber that stops reading loses the oldest beyond 3.
        InMemoryConnection dave = connected(broker);
        dave.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/slow");
        dave.setWritable(false);
        sendAll(carol, "/topic/slow", "slow", 5);
        assertThat(dave.nextFrame()).isNull();
        dave.setWritable(true);
        assertThat(bodies(messages(dave))).containsExactly("slow2", "slow3", "slow4");
        assertThat(observer.drops).containsExactly("/topic/slow", "/topic/slow");

        // A bad frame: an ACK that names nothing.
        InMemoryConnection erin = connected(broker);
        erin.send(Command.ACK, "id", "999");
        Frame error = erin.awaitFrame(WAIT);
        assertThat(error.command()).isEqualTo(Command.ERROR);
        await().atMost(WAIT).until(erin::isClosed);
        assertThat(observer.errors).containsExactly(erin.session().id() + ": " + error.header("message"));
        assertThat(error.header("message")).isEqualTo("unknown ack id");

        // A producer of large queue messages, paused at the memory cap and resumed once a consumer drains.
        InMemoryConnection frank = connected(broker);
        String big = "x".repeat(500);
        int sentBeforePause = 0;
        while (frank.isBeingRead()) {
            frank.sendWithBody(Command.SEND, big, "destination", "/queue/big");
            sentBeforePause++;
            assertThat(sentBeforePause).as("the producer is paused before long").isLessThan(1000);
        }
        assertThat(observer.paused).containsExactly(frank.session().id());
        int heldUnread = 3;
        for (int i = 0; i < heldUnread; i++) {
            frank.sendWithBody(Command.SEND, big, "destination", "/queue/big");
        }
        assertThat(observer.count("messageReceived", "/queue/big")).as("unread while paused").isEqualTo(sentBeforePause);
        InMemoryConnection grace = connected(broker);
        grace.send(Command.SUBSCRIBE, "id", "b", "destination", "/queue/big");
        int bigMessages = sentBeforePause + heldUnread;
        assertThat(messages(grace)).hasSize(bigMessages);
        assertThat(frank.isBeingRead()).isTrue();
        assertThat(observer.resumed).containsExactly(frank.session().id());

        // The observer's figures and the broker's stats, with everyone still connected.
        long expectedIn = topicMessages + queueMessages + 2 + 5 + bigMessages;
        long expectedOut = 2L * topicMessages + queueMessages + 2 + 3 + bigMessages;
        BrokerStats stats = broker.stats();
        assertThat(observer.received.sum()).isEqualTo(stats.messagesIn()).isEqualTo(expectedIn);
        assertThat(observer.delivered.sum()).isEqualTo(stats.messagesOut()).isEqualTo(expectedOut);
        assertThat(observer.dropped.sum()).isEqualTo(stats.messagesDropped()).isEqualTo(2);
        assertThat(observer.pending.sum()).isEqualTo(stats.awaitingAck()).isEqualTo(1);
        assertThat(observer.countsByDestination("messageReceived")).containsOnly(
                Map.entry("/topic/news", (long) topicMessages), Map.entry("/queue/work", (long) queueMessages),
                Map.entry("/topic/prices", 2L), Map.entry("/topic/slow", 5L), Map.entry("/queue/big", (long) bigMessages));
        assertThat(observer.countsByDestination("messageDelivered")).containsOnly(
                Map.entry("/topic/news", 2L * topicMessages), Map.entry("/queue/work", (long) queueMessages),
                Map.entry("/topic/prices", 2L), Map.entry("/topic/slow", 3L), Map.entry("/queue/big", (long) bigMessages));
        assertThat(observer.deliveredBytes("/topic/prices")).isEqualTo(4);

        // Everyone leaves: some by DISCONNECT, one by a dropped connection, the rest when the broker closes.
        alice.send(Command.DISCONNECT);
        bob.disconnectAbruptly();
        carol.send(Command.DISCONNECT, "receipt", "bye");
        assertThat(carol.awaitFrame(WAIT).header("receipt-id")).isEqualTo("bye");
        prices.close();
        broker.close();
        List<InMemoryConnection> everyone = List.of(alice, bob, carol, dave, erin, frank, grace);
        await().atMost(WAIT).until(() -> everyone.stream().allMatch(InMemoryConnection::isClosed));
        await().atMost(WAIT).until(() -> observer.connectionsClosed.size() == everyone.size());

        assertThat(observer.pending.sum()).as("alice's unacked job was given back when she left")
                .isEqualTo(broker.stats().awaitingAck()).isZero();
        // Seen once and never acked, it reached the delivery limit of 1 too: both jobs are dead letters.
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/work", 0).containsEntry("/queue/DLQ", 2);
        assertThat(observer.received.sum()).isEqualTo(broker.stats().messagesIn()).isEqualTo(expectedIn);
        assertThat(observer.delivered.sum()).isEqualTo(broker.stats().messagesOut()).isEqualTo(expectedOut);

        List<String> addresses = everyone.stream().map(c -> c.session().connection().remoteAddress().toString()).toList();
        assertThat(observer.connectionsOpened).containsExactlyInAnyOrderElementsOf(addresses);
        assertThat(observer.connectionsClosed).containsExactlyInAnyOrderElementsOf(addresses);
        List<String> ids = everyone.stream().map(c -> c.session().id()).toList();
        assertThat(observer.sessionsConnected).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(observer.sessionsClosed).containsExactlyInAnyOrderElementsOf(ids);

        List<String> subscriptions = List.of(
                alice.session().id() + " /topic/news", alice.session().id() + " /queue/work",
                bob.session().id() + " /topic/news", IN_PROCESS + " /topic/prices",
                dave.session().id() + " /topic/slow", grace.session().id() + " /queue/big");
        assertThat(observer.subscribed).containsExactlyInAnyOrderElementsOf(subscriptions);
        assertThat(observer.unsubscribed).containsExactlyInAnyOrderElementsOf(subscriptions);

        assertThat(observer.errors).containsExactlyInAnyOrder(
                erin.session().id() + ": unknown ack id",
                dave.session().id() + ": server shutting down",
                frank.session().id() + ": server shutting down",
                grace.session().id() + ": server shutting down");
        assertThat(observer.deadLetters).containsExactly("/queue/work delivery-limit", "/queue/work delivery-limit");
        assertThat(observer.paused).containsExactly(frank.session().id());
        assertThat(observer.resumed).containsExactly(frank.session().id());
        assertThat(observer.count("slowConsumerDisconnected")).isZero();
    }

    @Test
    @DisplayName("a session that never connected opens and closes a connection but no session")
    void aConnectionWithoutConnectIsNoSession() {
        RecordingObserver observer = new RecordingObserver();
        Broker broker = Broker.builder().observer(observer).build();
        InMemoryConnection client = InMemoryConnection.open(broker, clock);

        client.send(Command.SEND, "destination", "/topic/x");

        Frame error = client.awaitFrame(WAIT);
        assertThat(error.header("message")).isEqualTo("not connected");
        await().atMost(WAIT).until(() -> observer.connectionsClosed.size() == 1);
        assertThat(observer.connectionsOpened).containsExactlyElementsOf(observer.connectionsClosed);
        assertThat(observer.sessionsConnected).isEmpty();
        assertThat(observer.sessionsClosed).isEmpty();
        assertThat(observer.errors).containsExactly(client.session().id() + ": not connected");
        assertThat(observer.received.sum()).isEqualTo(broker.stats().messagesIn()).isZero();
    }

    @Test
    @DisplayName("an observer that throws on every call stops neither deliveries nor the observer added after it")
    void aThrowingObserverBreaksNothing() {
        ThrowingObserver thrower = new ThrowingObserver();
        RecordingObserver observer = new RecordingObserver();
        Broker broker = Broker.builder().observer(thrower).observer(observer).maxDeliveries(1).build();
        InMemoryConnection subscriber = connected(broker);
        subscriber.send(Command.SUBSCRIBE, "id", "t", "destination", "/topic/news");
        subscriber.send(Command.SUBSCRIBE, "id", "q", "destination", "/queue/work", "ack", "client-individual");
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        Subscription listener = broker.subscribe("/topic/news", message -> heard.add(message.bodyAsString()));
        InMemoryConnection publisher = connected(broker);

        sendAll(publisher, "/topic/news", "news", 3);
        sendAll(publisher, "/queue/work", "job", 2);
        broker.publish("/topic/news", "in-process").join();

        List<Frame> frames = messages(subscriber);
        assertThat(bodies(frames)).containsExactly("news0", "news1", "news2", "job0", "job1", "in-process");
        assertThat(heard).containsExactly("news0", "news1", "news2", "in-process");
        subscriber.send(Command.ACK, "id", frames.get(3).header("ack"));
        subscriber.send(Command.NACK, "id", frames.get(4).header("ack"));
        InMemoryConnection bad = connected(broker);
        bad.send(Command.NACK, "id", "12345");
        assertThat(bad.awaitFrame(WAIT).header("message")).isEqualTo("unknown ack id");

        BrokerStats stats = broker.stats();
        assertThat(observer.received.sum()).isEqualTo(stats.messagesIn()).isEqualTo(6);
        assertThat(observer.delivered.sum()).isEqualTo(stats.messagesOut()).isEqualTo(6 + 4);
        assertThat(observer.pending.sum()).isEqualTo(stats.awaitingAck()).isZero();
        assertThat(observer.deadLetters).containsExactly("/queue/work delivery-limit");
        assertThat(observer.errors).containsExactly(bad.session().id() + ": unknown ack id");

        listener.close();
        subscriber.send(Command.DISCONNECT);
        publisher.disconnectAbruptly();
        await().atMost(WAIT).until(() -> observer.connectionsClosed.size() == 3);
        assertThat(observer.connectionsOpened).containsExactlyInAnyOrderElementsOf(observer.connectionsClosed);
        assertThat(observer.sessionsConnected).containsExactlyInAnyOrderElementsOf(observer.sessionsClosed).hasSize(3);
        assertThat(observer.subscribed).containsExactlyInAnyOrderElementsOf(observer.unsubscribed).hasSize(3);
        assertThat(thrower.calls.keySet()).as("the thrower heard (and threw on) every kind of event the other heard")
                .containsExactlyInAnyOrderElementsOf(observer.calls.keySet());
        thrower.calls.forEach((event, calls) ->
                assertThat(calls.sum()).as(event).isEqualTo(observer.calls.get(event).sum()));
    }

    @Test
    @DisplayName("an observer added to a running broker hears what happens from then on, next to those of the builder, "
            + "and nothing once removed")
    void anObserverCanBeAddedAndRemovedWhileTheBrokerRuns() {
        RecordingObserver fromTheStart = new RecordingObserver();
        Broker broker = Broker.builder().observer(fromTheStart).build();
        InMemoryConnection subscriber = connected(broker);
        subscriber.send(Command.SUBSCRIBE, "id", "t", "destination", "/topic/news");
        InMemoryConnection publisher = connected(broker);
        sendAll(publisher, "/topic/news", "before", 2);

        RecordingObserver attached = new RecordingObserver();
        broker.addObserver(attached);
        sendAll(publisher, "/topic/news", "while", 3);
        assertThat(broker.removeObserver(attached)).isTrue();
        sendAll(publisher, "/topic/news", "after", 4);

        assertThat(bodies(messages(subscriber))).hasSize(9);
        assertThat(attached.count("messageReceived", "/topic/news")).isEqualTo(3);
        assertThat(attached.delivered.sum()).isEqualTo(3);
        assertThat(fromTheStart.received.sum()).isEqualTo(broker.stats().messagesIn()).isEqualTo(9);
        assertThat(broker.removeObserver(attached)).as("removed already").isFalse();
    }

    @Test
    @DisplayName("a transacted SEND is received when its transaction commits, and not at all when it is aborted")
    void aTransactedSendIsReceivedAtCommit() {
        RecordingObserver observer = new RecordingObserver();
        Broker broker = Broker.builder().observer(observer).build();
        InMemoryConnection sender = connected(broker);

        sender.send(Command.BEGIN, "transaction", "kept");
        sender.sendWithBody(Command.SEND, "a", "destination", "/topic/t", "transaction", "kept");
        sender.send(Command.BEGIN, "transaction", "dropped");
        sender.sendWithBody(Command.SEND, "b", "destination", "/topic/t", "transaction", "dropped");
        sender.send(Command.ABORT, "transaction", "dropped");
        assertThat(observer.received.sum()).isEqualTo(broker.stats().messagesIn()).isZero();

        sender.send(Command.COMMIT, "transaction", "kept");

        assertThat(observer.received.sum()).isEqualTo(broker.stats().messagesIn()).isEqualTo(1);
        assertThat(observer.count("messageReceived", "/topic/t")).isEqualTo(1);
    }

    @Test
    @DisplayName("bug: a message a full queue refused was counted as received. It was not accepted, so it is not received: "
            + "neither a client's SEND, which gets ERROR, nor an in-process publish, which fails")
    void aMessageRefusedByAFullQueueIsNotReceived() {
        RecordingObserver observer = new RecordingObserver();
        Broker broker = Broker.builder().observer(observer).maxQueueDepth(1).build();
        InMemoryConnection sender = connected(broker);
        sender.sendWithBody(Command.SEND, "fits", "destination", "/queue/small");

        sender.sendWithBody(Command.SEND, "refused", "destination", "/queue/small");
        assertThat(sender.awaitFrame(WAIT).header("message")).isEqualTo("queue is full");
        assertThat(broker.publish("/queue/small", "refused too")).isCompletedExceptionally();

        assertThat(broker.stats().queueDepths()).containsEntry("/queue/small", 1);
        assertThat(observer.errors).containsExactly(sender.session().id() + ": queue is full");
        assertThat(observer.received.sum()).isEqualTo(broker.stats().messagesIn())
                .as("only the message the queue accepted").isEqualTo(1);
    }

    // ---- helpers

    private InMemoryConnection connected(Broker broker) {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        Frame connected = client.connect();
        assertThat(connected.command()).isEqualTo(Command.CONNECTED);
        return client;
    }

    private static void sendAll(InMemoryConnection client, String destination, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            client.sendWithBody(Command.SEND, prefix + i, "destination", destination);
        }
    }

    private static List<Frame> messages(InMemoryConnection client) {
        List<Frame> frames = client.frames();
        assertThat(frames).extracting(Frame::command).containsOnly(Command.MESSAGE);
        return frames;
    }

    private static List<String> bodies(List<Frame> frames) {
        return frames.stream().map(Frame::bodyAsString).toList();
    }

    private static List<String> numbered(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    private static String who(SessionInfo session) {
        return session == null ? IN_PROCESS : session.id();
    }

    /** Records every event, thread-safely: counts per event and per destination, and what each event named. */
    static final class RecordingObserver implements BrokerObserver {
        final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
        final Map<String, LongAdder> byDestination = new ConcurrentHashMap<>();
        final Map<String, LongAdder> bytesDelivered = new ConcurrentHashMap<>();
        final LongAdder received = new LongAdder();
        final LongAdder delivered = new LongAdder();
        final LongAdder dropped = new LongAdder();
        final LongAdder pending = new LongAdder();
        final Queue<String> connectionsOpened = new ConcurrentLinkedQueue<>();
        final Queue<String> connectionsClosed = new ConcurrentLinkedQueue<>();
        final Queue<String> sessionsConnected = new ConcurrentLinkedQueue<>();
        final Queue<String> sessionsClosed = new ConcurrentLinkedQueue<>();
        final Queue<String> subscribed = new ConcurrentLinkedQueue<>();
        final Queue<String> unsubscribed = new ConcurrentLinkedQueue<>();
        final Queue<String> errors = new ConcurrentLinkedQueue<>();
        final Queue<String> deadLetters = new ConcurrentLinkedQueue<>();
        final Queue<String> drops = new ConcurrentLinkedQueue<>();
        final Queue<String> paused = new ConcurrentLinkedQueue<>();
        final Queue<String> resumed = new ConcurrentLinkedQueue<>();

        private void called(String event) {
            calls.computeIfAbsent(event, e -> new LongAdder()).increment();
        }

        private void called(String event, String destination) {
            called(event);
            byDestination.computeIfAbsent(event + " " + destination, e -> new LongAdder()).increment();
        }

        long count(String event) {
            LongAdder count = calls.get(event);
            return count == null ? 0 : count.sum();
        }

        long count(String event, String destination) {
            LongAdder count = byDestination.get(event + " " + destination);
            return count == null ? 0 : count.sum();
        }

        Map<String, Long> countsByDestination(String event) {
            Map<String, Long> counts = new java.util.TreeMap<>();
            byDestination.forEach((key, count) -> {
                if (key.startsWith(event + " ")) {
                    counts.put(key.substring(event.length() + 1), count.sum());
                }
            });
            return counts;
        }

        long deliveredBytes(String destination) {
            LongAdder bytes = bytesDelivered.get(destination);
            return bytes == null ? 0 : bytes.sum();
        }

        @Override
        public void connectionOpened(ConnectionInfo connection) {
            called("connectionOpened");
            connectionsOpened.add(String.valueOf(connection.remoteAddress()));
        }

        @Override
        public void connectionClosed(ConnectionInfo connection) {
            called("connectionClosed");
            connectionsClosed.add(String.valueOf(connection.remoteAddress()));
        }

        @Override
        public void sessionConnected(SessionInfo session) {
            called("sessionConnected");
            sessionsConnected.add(session.id());
        }

        @Override
        public void sessionClosed(SessionInfo session) {
            called("sessionClosed");
            sessionsClosed.add(session.id());
        }

        @Override
        public void subscribed(SessionInfo session, String destination) {
            called("subscribed");
            subscribed.add(who(session) + " " + destination);
        }

        @Override
        public void unsubscribed(SessionInfo session, String destination) {
            called("unsubscribed");
            unsubscribed.add(who(session) + " " + destination);
        }

        @Override
        public void messageReceived(String destination, int bodyBytes) {
            called("messageReceived", destination);
            received.increment();
        }

        @Override
        public void messageDelivered(String destination, int bodyBytes) {
            called("messageDelivered", destination);
            delivered.increment();
            bytesDelivered.computeIfAbsent(destination, d -> new LongAdder()).add(bodyBytes);
        }

        @Override
        public void acknowledgementsPending(int delta) {
            called("acknowledgementsPending");
            pending.add(delta);
        }

        @Override
        public void errorSent(SessionInfo session, String message) {
            called("errorSent");
            errors.add(session.id() + ": " + message);
        }

        @Override
        public void messageDeadLettered(String queue, String reason) {
            called("messageDeadLettered");
            deadLetters.add(queue + " " + reason);
        }

        @Override
        public void slowConsumerDropped(String destination) {
            called("slowConsumerDropped", destination);
            dropped.increment();
            drops.add(destination);
        }

        @Override
        public void slowConsumerDisconnected(SessionInfo session) {
            called("slowConsumerDisconnected");
        }

        @Override
        public void producerPaused(SessionInfo session) {
            called("producerPaused");
            paused.add(session.id());
        }

        @Override
        public void producerResumed(SessionInfo session) {
            called("producerResumed");
            resumed.add(session.id());
        }
    }

    /** Counts each call, then throws, on every event. */
    static final class ThrowingObserver implements BrokerObserver {
        final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

        private void fail(String event) {
            calls.computeIfAbsent(event, e -> new LongAdder()).increment();
            throw new IllegalStateException("observer bug in " + event);
        }

        @Override
        public void connectionOpened(ConnectionInfo connection) {
            fail("connectionOpened");
        }

        @Override
        public void connectionClosed(ConnectionInfo connection) {
            fail("connectionClosed");
        }

        @Override
        public void sessionConnected(SessionInfo session) {
            fail("sessionConnected");
        }

        @Override
        public void sessionClosed(SessionInfo session) {
            fail("sessionClosed");
        }

        @Override
        public void subscribed(SessionInfo session, String destination) {
            fail("subscribed");
        }

        @Override
        public void unsubscribed(SessionInfo session, String destination) {
            fail("unsubscribed");
        }

        @Override
        public void messageReceived(String destination, int bodyBytes) {
            fail("messageReceived");
        }

        @Override
        public void messageDelivered(String destination, int bodyBytes) {
            fail("messageDelivered");
        }

        @Override
        public void acknowledgementsPending(int delta) {
            fail("acknowledgementsPending");
        }

        @Override
        public void errorSent(SessionInfo session, String message) {
            fail("errorSent");
        }

        @Override
        public void messageDeadLettered(String queue, String reason) {
            fail("messageDeadLettered");
        }

        @Override
        public void slowConsumerDropped(String destination) {
            fail("slowConsumerDropped");
        }

        @Override
        public void slowConsumerDisconnected(SessionInfo session) {
            fail("slowConsumerDisconnected");
        }

        @Override
        public void producerPaused(SessionInfo session) {
            fail("producerPaused");
        }

        @Override
        public void producerResumed(SessionInfo session) {
            fail("producerResumed");
        }
    }
}
