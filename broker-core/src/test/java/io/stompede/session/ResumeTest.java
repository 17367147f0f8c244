package io.stompede.session;

import static io.stompede.session.Clients.bodies;
import static io.stompede.session.Clients.messages;
import static io.stompede.session.Clients.sendAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stompede.Broker;
import io.stompede.BrokerBuilder;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Session resume: a dropped connection's session outlives it for the grace period, for its client alone. */
@Timeout(30)
class ResumeTest {
    private final VirtualClock clock = new VirtualClock();
    private Broker broker;

    @AfterEach
    void closeBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private void broker(UnaryOperator<BrokerBuilder> settings) {
        broker = settings.apply(Broker.builder()).build();
    }

    /** A client that sent CONNECT as {@code login}, with {@code token} to resume unless null; its answer is still to read. */
    private InMemoryConnection connecting(String login, String token) {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        Headers.Builder connect = Headers.builder().add("accept-version", "1.2").add("host", "localhost")
                .add("login", login);
        if (token != null) {
            connect.add("x-resume-token", token);
        }
        client.send(Frame.of(Command.CONNECT, connect.build()));
        return client;
    }

    private static Frame connectedFrame(InMemoryConnection client) {
        Frame connected = client.awaitFrame(Clients.WAIT);
        assertThat(connected.command()).as("%s", connected).isEqualTo(Command.CONNECTED);
        return connected;
    }

    private InMemoryConnection connected(String login) {
        InMemoryConnection client = connecting(login, null);
        connectedFrame(client);
        return client;
    }

    /** A connected client and its resume token. */
    private record Client(InMemoryConnection connection, String token) {
    }

    private Client withToken(String login) {
        InMemoryConnection client = connecting(login, null);
        return new Client(client, connectedFrame(client).header("x-resume-token"));
    }

    private static List<String> numbered(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    @Test
    @DisplayName("CONNECTED carries an unguessable token and the grace; a plain CONNECT says nothing of resuming")
    void connectedCarriesTokenAndGrace() {
        broker(b -> b);
        Frame first = connectedFrame(connecting("alice", null));
        Frame second = connectedFrame(connecting("alice", null));

        assertThat(first.header("x-resume-token")).hasSize(32).isNotEqualTo(second.header("x-resume-token"));
        assertThat(first.header("x-resume-grace")).isEqualTo("120000");
        assertThat(first.header("x-resumed")).isNull();
    }

    @Test
    @DisplayName("with resume off, CONNECTED carries no token and a token on CONNECT is ignored")
    void resumeOff() {
        broker(BrokerBuilder::noResume);
        Frame connected = connectedFrame(connecting("alice", "anything"));

        assertThat(connected.header("x-resume-token")).isNull();
        assertThat(connected.header("x-resumed")).isNull();
    }

    @Test
    @DisplayName("drop, publish 50, resume: all 50 once and in order on the old id, then live ones; the resubscribe is receipted, not doubled")
    void fiftyMessagesOnceInOrder() {
        broker(b -> b);
        Client alice = withToken("alice");
        alice.connection().send(Command.SUBSCRIBE, "id", "room", "destination", "/topic/room.5");
        InMemoryConnection bob = connected("bob");
        alice.connection().disconnectAbruptly();

        sendAll(bob, "/topic/room.5", "m", 50);
        InMemoryConnection back = connecting("alice", alice.token());
        Frame connected = connectedFrame(back);
        back.send(Command.SUBSCRIBE, "id", "room", "destination", "/topic/room.5", "receipt", "r1");
        bob.sendWithBody(Command.SEND, "live", "destination", "/topic/room.5");

        assertThat(connected.header("x-resumed")).isEqualTo("true");
        assertThat(connected.header("x-resume-refused")).isNull();
        assertThat(connected.header("x-resume-missed")).isNull();
        assertThat(connected.header("x-resume-token")).hasSize(32).isNotEqualTo(alice.token());
        List<Frame> frames = back.frames();
        List<Frame> received = frames.stream().filter(f -> f.command() == Command.MESSAGE).toList();
        assertThat(bodies(received).subList(0, 50)).containsExactlyElementsOf(numbered("m", 50));
        assertThat(bodies(received)).hasSize(51).last().isEqualTo("live");
        assertThat(received).extracting(f -> f.header("subscription")).containsOnly("room");
        assertThat(frames).filteredOn(f -> f.command() == Command.RECEIPT).extracting(f -> f.header("receipt-id"))
                .containsExactly("r1");
        assertThat(frames).noneMatch(f -> f.command() == Command.ERROR);
        assertThat(broker.stats().subscriptionCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("unacknowledged queue messages stay the session's while it is away, then come again flagged, and ACKs settle them")
    void unackedQueueMessagesRedelivered() {
        broker(b -> b);
        Client alice = withToken("alice");
        alice.connection().send(Command.SUBSCRIBE, "id", "jobs", "destination", "/queue/jobs",
                "ack", "client-individual", "prefetch-count", "3");
        InMemoryConnection producer = connected("producer");
        sendAll(producer, "/queue/jobs", "j", 3);
        assertThat(bodies(messages(alice.connection()))).containsExactly("j0", "j1", "j2");
        alice.connection().disconnectAbruptly();

        InMemoryConnection other = connected("carol");
        other.send(Command.SUBSCRIBE, "id", "jobs", "destination", "/queue/jobs", "ack", "client-individual");
        assertThat(other.frames()).as("what alice holds is not given to others").isEmpty();
        sendAll(producer, "/queue/jobs", "k", 1);
        assertThat(bodies(messages(other))).containsExactly("k0");

        InMemoryConnection back = connecting("alice", alice.token());
        assertThat(connectedFrame(back).header("x-resumed")).isEqualTo("true");
        List<Frame> again = messages(back);
        assertThat(bodies(again)).containsExactly("j0", "j1", "j2");
        assertThat(again).allSatisfy(m -> {
            assertThat(m.header("redelivered")).isEqualTo("true");
            assertThat(m.header("subscription")).isEqualTo("jobs");
        });
        for (Frame message : again) {
            back.send(Command.ACK, "id", message.header("ack"), "receipt", "a-" + message.bodyAsString());
        }
        assertThat(back.frames()).extracting(Frame::command).containsOnly(Command.RECEIPT).hasSize(3);
        assertThat(broker.stats().queueInFlight()).isEqualTo(1);     // carol's k0
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/jobs", 0);
    }

    @Test
    @DisplayName("unacknowledged topic messages of a client-ack subscription are redelivered before what came meanwhile")
    void unackedTopicMessagesFirst() {
        broker(b -> b);
        Client alice = withToken("alice");
        alice.connection().send(Command.SUBSCRIBE, "id", "t", "destination", "/topic/t", "ack", "client");
        InMemoryConnection bob = connected("bob");
        sendAll(bob, "/topic/t", "a", 2);
        assertThat(bodies(messages(alice.connection()))).containsExactly("a0", "a1");
        alice.connection().disconnectAbruptly();
        sendAll(bob, "/topic/t", "b", 2);

        InMemoryConnection back = connecting("alice", alice.token());
        connectedFrame(back);
        List<Frame> received = messages(back);

        assertThat(bodies(received)).containsExactly("a0", "a1", "b0", "b1");
        assertThat(received).extracting(f -> f.header("redelivered")).containsExactly("true", "true", null, null);
    }

    @Test
    @DisplayName("past the grace: x-resumed:false expired, a fresh session, and the held queue messages back on their queue")
    void graceExpiry() {
        broker(b -> b.resume(Duration.ofSeconds(30), 1000, 1 << 20));
        Client alice = withToken("alice");
        alice.connection().send(Command.SUBSCRIBE, "id", "jobs", "destination", "/queue/jobs", "ack", "client");
        InMemoryConnection producer = connected("producer");
        sendAll(producer, "/queue/jobs", "j", 2);
        assertThat(messages(alice.connection())).hasSize(2);
        alice.connection().disconnectAbruptly();
        assertThat(broker.stats().queueInFlight()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(31));

        assertThat(broker.stats().queueInFlight()).isZero();
        assertThat(broker.stats().queueDepths()).containsEntry("/queue/jobs", 2);
        assertThat(broker.stats().subscriptionCount()).isZero();
        InMemoryConnection late = connecting("alice", alice.token());
        Frame connected = connectedFrame(late);
        assertThat(connected.header("x-resumed")).isEqualTo("false");
        assertThat(connected.header("x-resume-refused")).isEqualTo("expired");
        assertThat(connected.header("x-resume-token")).isNotNull();
        late.send(Command.SUBSCRIBE, "id", "jobs", "destination", "/queue/jobs");
        List<Frame> back = messages(late);
        assertThat(bodies(back)).containsExactly("j0", "j1");
        assertThat(back).extracting(f -> f.header("redelivered")).containsOnly("true");
    }

    @Test
    @DisplayName("a stolen token used by another principal is refused, and its victim can still resume")
    void wrongPrincipalRefused() {
        broker(b -> b);
        Client alice = withToken("alice");
        alice.connection().send(Command.SUBSCRIBE, "id", "room", "destination", "/topic/room");
        alice.connection().disconnectAbruptly();
        InMemoryConnection bob = connected("bob");
        sendAll(bob, "/topic/room", "m", 3);

        InMemoryConnection mallory = connecting("mallory", alice.token());
        Frame refused = connectedFrame(mallory);
        assertThat(refused.header("x-resumed")).isEqualTo("false");
        assertThat(refused.header("x-resume-refused")).isEqualTo("principal");
        assertThat(mallory.frames()).isEmpty();
        sendAll(bob, "/topic/room", "n", 1);
        assertThat(mallory.frames()).isEmpty();

        InMemoryConnection back = connecting("alice", alice.token());
        assertThat(connectedFrame(back).header("x-resumed")).isEqualTo("true");
        assertThat(bodies(messages(back))).containsExactly("m0", "m1", "m2", "n0");
    }

    @Test
    @DisplayName("an unknown token, and a token already used, are refused as unknown")
    void unknownAndUsedTokens() {
        broker(b -> b);
        Client alice = withToken("alice");
        alice.connection().disconnectAbruptly();
        assertThat(connectedFrame(connecting("alice", "not-a-token")).header("x-resume-refused")).isEqualTo("unknown");
        assertThat(connectedFrame(connecting("alice", alice.token())).header("x-resumed")).isEqualTo("true");

        Frame again = connectedFrame(connecting("alice", alice.token()));

        assertThat(again.header("x-resumed")).isEqualTo("false");
        assertThat(again.header("x-resume-refused")).isEqualTo("unknown");
    }

    @Test
    @DisplayName("a clean DISCONNECT ends the session for good")
    void disconnectEndsTheSession() {
        broker(b -> b);
        Client alice = withToken("alice");
        alice.connection().send(Command.SUBSCRIBE, "id", "room", "destination", "/topic/room");
        alice.connection().send(Command.DISCONNECT, "receipt", "bye");
        assertThat(alice.connection().awaitFrame(Clients.WAIT).command()).isEqualTo(Command.RECEIPT);

        assertThat(broker.stats().subscriptionCount()).isZero();
        assertThat(connectedFrame(connecting("alice", alice.token())).header("x-resume-refused")).isEqualTo("unknown");
    }

    @Test
    @DisplayName("past the away bound the first messages are kept and the rest counted in x-resume-missed")
    void boundAndMissed() {
        broker(b -> b.resume(Duration.ofMinutes(2), 10, 1 << 20));
        Client alice = withToken("alice");
        alice.connection().send(Command.SUBSCRIBE, "id", "a", "destination", "/topic/a");
        alice.connection().send(Command.SUBSCRIBE, "id", "b", "destination", "/topic/b");
        InMemoryConnection bob = connected("bob");
        alice.connection().disconnectAbruptly();
        sendAll(bob, "/topic/a", "a", 6);
        sendAll(bob, "/topic/b", "b", 9);

        InMemoryConnection back = connecting("alice", alice.token());
        Frame connected = connectedFrame(back);

        assertThat(connected.header("x-resume-missed")).isEqualTo("5");
        List<Frame> received = messages(back);
        assertThat(bodies(received)).hasSize(10).containsSubsequence("a0", "a5").containsSubsequence("b0", "b3")
                .doesNotContain("b4");
    }

    @Test
    @DisplayName("after resume, the same id with another destination replaces the subscription the session got back; "
            + "once the client made an id its own, another destination is an ERROR as ever")
    void sameIdOtherDestination() {
        broker(b -> b);
        Client alice = withToken("alice");
        alice.connection().send(Command.SUBSCRIBE, "id", "sub-0", "destination", "/topic/room");
        alice.connection().send(Command.SUBSCRIBE, "id", "sub-1", "destination", "/topic/news", "receipt", "r0");
        assertThat(alice.connection().awaitFrame(Clients.WAIT).header("receipt-id")).isEqualTo("r0");
        alice.connection().disconnectAbruptly();
        InMemoryConnection back = connecting("alice", alice.token());
        connectedFrame(back);

        // The client subscribes anew, numbering from sub-0, in another order.
        back.send(Command.SUBSCRIBE, "id", "sub-0", "destination", "/topic/news", "receipt", "r1");
        assertThat(back.awaitFrame(Clients.WAIT).header("receipt-id")).isEqualTo("r1");
        back.send(Command.SUBSCRIBE, "id", "sub-1", "destination", "/topic/room", "receipt", "r2");
        assertThat(back.awaitFrame(Clients.WAIT).header("receipt-id")).isEqualTo("r2");
        broker.publish("/topic/room", "in the room").join();
        broker.publish("/topic/news", "news").join();

        Frame inTheRoom = back.awaitFrame(Clients.WAIT);
        assertThat(inTheRoom.bodyAsString()).isEqualTo("in the room");
        assertThat(inTheRoom.header("subscription")).isEqualTo("sub-1");
        Frame news = back.awaitFrame(Clients.WAIT);
        assertThat(news.bodyAsString()).isEqualTo("news");
        assertThat(news.header("subscription")).isEqualTo("sub-0");
        assertThat(broker.stats().subscriptionCount()).as("two, not four").isEqualTo(2);

        back.send(Command.SUBSCRIBE, "id", "sub-0", "destination", "/topic/other");
        Frame error = back.awaitFrame(Clients.WAIT);
        assertThat(error.command()).isEqualTo(Command.ERROR);
        assertThat(error.header("message")).isEqualTo("subscription id in use");
    }

    @Test
    @DisplayName("a resume while the old connection still looks alive takes the session over and closes that connection")
    void takeoverOfALiveConnection() {
        broker(b -> b);
        Client alice = withToken("alice");
        alice.connection().send(Command.SUBSCRIBE, "id", "room", "destination", "/topic/room");

        InMemoryConnection phone = connecting("alice", alice.token());
        assertThat(connectedFrame(phone).header("x-resumed")).isEqualTo("true");
        InMemoryConnection bob = connected("bob");
        sendAll(bob, "/topic/room", "m", 2);

        Frame error = alice.connection().awaitFrame(Clients.WAIT);
        assertThat(error.command()).isEqualTo(Command.ERROR);
        assertThat(error.header("message")).isEqualTo("session resumed elsewhere");
        assertThat(alice.connection().isClosed()).isTrue();
        assertThat(bodies(messages(phone))).containsExactly("m0", "m1");
    }

    @Test
    @DisplayName("a heart-beat timeout keeps the session for resume, as a lost network does")
    void heartbeatTimeoutKeepsTheSession() {
        broker(b -> b.heartbeatBounds(Duration.ofSeconds(1), Duration.ofMinutes(1)));
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        client.send(Command.CONNECT, "accept-version", "1.2", "host", "localhost", "login", "alice",
                "heart-beat", "1000,0");
        String token = connectedFrame(client).header("x-resume-token");
        client.send(Command.SUBSCRIBE, "id", "room", "destination", "/topic/room");

        clock.advance(Duration.ofSeconds(5));
        assertThat(client.isClosed()).isTrue();
        InMemoryConnection bob = connected("bob");
        sendAll(bob, "/topic/room", "m", 1);

        InMemoryConnection back = connecting("alice", token);
        assertThat(connectedFrame(back).header("x-resumed")).isEqualTo("true");
        assertThat(bodies(messages(back))).containsExactly("m0");
    }

    @Test
    @DisplayName("detached sessions past the per-owner limit end at once")
    void detachedPerOwnerLimit() {
        broker(b -> b.detachedSessionLimits(100, 1));
        Client first = withToken("alice");
        Client second = withToken("alice");
        first.connection().disconnectAbruptly();
        second.connection().disconnectAbruptly();

        assertThat(broker.stats().subscriptionCount()).isZero();
        assertThat(connectedFrame(connecting("alice", second.token())).header("x-resume-refused")).isEqualTo("unknown");
        assertThat(connectedFrame(connecting("alice", first.token())).header("x-resumed")).isEqualTo("true");
    }

    @Test
    @DisplayName("a resume racing its connection's drop leaves no detached session counted: the per-owner limit still admits one")
    void resumesRacingDropsLeaveNothingCounted() throws Exception {
        broker(b -> b.detachedSessionLimits(100, 1));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 100; round++) {
                Client alice = withToken("alice");
                InMemoryConnection back = InMemoryConnection.open(broker, clock, threads);
                Future<?> drop = threads.submit(alice.connection()::disconnectAbruptly);
                back.send(Frame.of(Command.CONNECT, Headers.of("accept-version", "1.2", "host", "localhost",
                        "login", "alice", "x-resume-token", alice.token())));
                drop.get();
                assertThat(connectedFrame(back).header("x-resumed")).as("round %d", round).isEqualTo("true");
                back.send(Command.DISCONNECT, "receipt", "bye");
                assertThat(back.awaitFrame(Clients.WAIT).header("receipt-id")).isEqualTo("bye");
                // Closed on its threads, which must outlive it.
                await().pollInterval(Duration.ofMillis(1)).atMost(Clients.WAIT).until(back::isClosed);
            }
        } finally {
            threads.shutdownNow();
        }

        Client kept = withToken("alice");
        kept.connection().disconnectAbruptly();
        assertThat(connectedFrame(connecting("alice", kept.token())).header("x-resumed")).isEqualTo("true");
    }

    @Test
    @DisplayName("messages published from other threads while a session is resumed leave nothing on the memory gauge")
    void resumesRacingPublishesLeaveTheGaugeEmpty() throws Exception {
        broker(b -> b);
        InMemoryConnection bob = connected("bob");
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < 50; round++) {
                Client alice = withToken("alice");
                alice.connection().send(Command.SUBSCRIBE, "id", "t", "destination", "/topic/t");
                alice.connection().disconnectAbruptly();
                Future<?> publishing = publisher.submit(() -> sendAll(bob, "/topic/t", "m", 200));
                InMemoryConnection back = connecting("alice", alice.token());
                assertThat(connectedFrame(back).header("x-resumed")).isEqualTo("true");
                publishing.get();
                back.send(Command.DISCONNECT);
            }
        } finally {
            publisher.shutdownNow();
        }
        assertThat(broker.stats().queueMemoryBytes()).isZero();
    }

    @Test
    @DisplayName("a resubscribe after resume with x-since-offset gets what the old connection lost, without what the new one had")
    void resubscribeWithAPositionReplaysWhatWasLost() {
        broker(b -> b.history("/topic/room", 100));
        Client alice = withToken("alice");
        alice.connection().send(Command.SUBSCRIBE, "id", "room", "destination", "/topic/room");
        InMemoryConnection bob = connected("bob");
        sendAll(bob, "/topic/room", "m", 5);
        List<Frame> before = messages(alice.connection());
        assertThat(bodies(before)).containsExactly("m0", "m1", "m2", "m3", "m4");
        // The client saw m0 to m2: m3 and m4 were on the wire when its network went.
        Frame lastSeen = before.get(2);
        alice.connection().disconnectAbruptly();
        sendAll(bob, "/topic/room", "k", 3);

        InMemoryConnection back = connecting("alice", alice.token());
        assertThat(connectedFrame(back).header("x-resumed")).isEqualTo("true");
        assertThat(bodies(messages(back))).as("what was kept while away").containsExactly("k0", "k1", "k2");
        back.send(Command.SUBSCRIBE, "id", "room", "destination", "/topic/room", "receipt", "again",
                "x-since-offset", lastSeen.header("x-offset"), "x-since-epoch", lastSeen.header("x-epoch"));
        bob.sendWithBody(Command.SEND, "live", "destination", "/topic/room");

        List<Frame> frames = back.frames();
        assertThat(frames).extracting(f -> f.command() == Command.RECEIPT ? "RECEIPT " + f.header("x-recovered")
                : f.bodyAsString()).containsExactly("m3", "m4", "RECEIPT true", "live");
        assertThat(frames).filteredOn(f -> f.command() == Command.MESSAGE)
                .extracting(f -> f.header("subscription")).containsOnly("room");
        assertThat(broker.stats().subscriptionCount()).isEqualTo(1);
    }
}
