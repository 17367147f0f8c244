package io.stompede.session;

import static io.stompede.session.Clients.WAIT;
import static io.stompede.session.Clients.bodies;
import static io.stompede.session.Clients.connected;
import static io.stompede.session.Clients.messages;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import io.stompede.store.FsyncPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Positions (x-offset, x-epoch) on messages of topics that keep history, and SUBSCRIBE x-since-offset. */
@Timeout(60)
class PositionsTest {
    private final VirtualClock clock = new VirtualClock();

    @TempDir
    Path dataDir;

    private static long offset(Frame frame) {
        return Long.parseLong(frame.header("x-offset"));
    }

    private static Frame receipt(InMemoryConnection client) {
        Frame frame = client.awaitFrame(WAIT);
        assertThat(frame.command()).as("a RECEIPT: %s", frame).isEqualTo(Command.RECEIPT);
        return frame;
    }

    /** What a SUBSCRIBE after a position got: its RECEIPT, and the messages replayed (which may come after it). */
    private record Resubscribed(Frame receipt, List<Frame> messages) {
    }

    /** SUBSCRIBEs after {@code offset} of {@code epoch}, with a receipt, and takes what was replayed to it. */
    private static Resubscribed since(InMemoryConnection client, String id, String topic, long offset, String epoch,
                                      String... more) {
        List<String> headers = new ArrayList<>(List.of("id", id, "destination", topic, "x-since-offset",
                Long.toString(offset), "x-since-epoch", epoch, "receipt", "r-" + id));
        headers.addAll(List.of(more));
        client.send(Command.SUBSCRIBE, headers.toArray(String[]::new));
        List<Frame> messages = new ArrayList<>();
        Frame receipt = null;
        while (receipt == null) {
            Frame frame = client.awaitFrame(WAIT);
            if (frame.command() == Command.RECEIPT) {
                receipt = frame;
            } else {
                messages.add(frame);
            }
        }
        messages.addAll(client.frames());
        return new Resubscribed(receipt, messages);
    }

    @Test
    @DisplayName("every message of a topic that keeps history carries x-offset, one more each time, and one x-epoch; "
            + "other topics carry none, and a client's own x-offset is not forwarded")
    void offsetsIncreaseByOneInOneEpoch() {
        Broker broker = Broker.builder().history("/topic/room.*", 3).build();
        InMemoryConnection client = connected(broker, clock);
        client.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/room.a");
        client.send(Command.SUBSCRIBE, "id", "p", "destination", "/topic/lobby");
        for (int i = 1; i <= 5; i++) {
            client.sendWithBody(Command.SEND, "m" + i, "destination", "/topic/room.a");
        }
        client.sendWithBody(Command.SEND, "plain", "destination", "/topic/lobby", "x-offset", "99", "x-epoch", "forged");
        List<Frame> frames = messages(client);
        List<Frame> room = frames.subList(0, 5);
        assertThat(room).extracting(PositionsTest::offset).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(room).extracting(f -> f.header("x-epoch")).doesNotContainNull().containsOnly(room.get(0).header("x-epoch"));
        assertThat(frames.get(5).header("x-offset")).isNull();
        assertThat(frames.get(5).header("x-epoch")).isNull();
        broker.close();
    }

    @Test
    @DisplayName("x-since-offset replays exactly the retained messages after it, then live ones; RECEIPT x-recovered:true")
    void sinceReplaysWhatWasMissed() {
        Broker broker = Broker.builder().history("/topic/room.*", 10).build();
        for (int i = 1; i <= 6; i++) {
            broker.publish("/topic/room.a", "m" + i).join();
        }
        InMemoryConnection first = connected(broker, clock);
        first.send(Command.SUBSCRIBE, "id", "h", "destination", "/topic/room.a", "x-history", "1");
        Frame last = messages(first).get(0);
        assertThat(offset(last)).isEqualTo(6);
        String epoch = last.header("x-epoch");

        InMemoryConnection back = connected(broker, clock);
        Resubscribed back3 = since(back, "s", "/topic/room.a", 3, epoch);
        assertThat(bodies(back3.messages())).containsExactly("m4", "m5", "m6");
        assertThat(back3.messages()).allMatch(f -> "true".equals(f.header("x-history")));
        assertThat(back3.messages()).extracting(PositionsTest::offset).containsExactly(4L, 5L, 6L);
        Frame receipt = back3.receipt();
        assertThat(receipt.header("x-recovered")).isEqualTo("true");
        assertThat(receipt.header("x-recovery")).isNull();

        // Up to date: nothing replayed, recovered all the same; x-since wins over x-history.
        Resubscribed upToDate = since(back, "u", "/topic/room.a", 6, epoch, "x-history", "10");
        assertThat(upToDate.messages()).isEmpty();
        assertThat(upToDate.receipt().header("x-recovered")).isEqualTo("true");

        broker.publish("/topic/room.a", "live").join();
        List<Frame> live = messages(back);
        assertThat(bodies(live)).containsExactly("live", "live");
        assertThat(live).extracting(PositionsTest::offset).containsOnly(7L);
        broker.close();
    }

    @Test
    @DisplayName("a position older than the history, or of another epoch, gets everything retained and "
            + "x-recovered:false with x-recovery too-old or epoch-changed; no history: no-history")
    void tooOldEpochChangedNoHistory() {
        Broker broker = Broker.builder().history("/topic/room.*", 3).build();
        for (int i = 1; i <= 6; i++) {
            broker.publish("/topic/room.a", "m" + i).join();
        }
        InMemoryConnection client = connected(broker, clock);
        client.send(Command.SUBSCRIBE, "id", "h", "destination", "/topic/room.a", "x-history", "1");
        String epoch = messages(client).get(0).header("x-epoch");

        Resubscribed old = since(client, "old", "/topic/room.a", 2, epoch);
        assertThat(bodies(old.messages())).containsExactly("m4", "m5", "m6");
        assertThat(old.receipt().header("x-recovered")).isEqualTo("false");
        assertThat(old.receipt().header("x-recovery")).isEqualTo("too-old");

        Resubscribed justInReach = since(client, "reach", "/topic/room.a", 3, epoch);
        assertThat(bodies(justInReach.messages())).containsExactly("m4", "m5", "m6");
        assertThat(justInReach.receipt().header("x-recovered")).isEqualTo("true");

        Resubscribed other = since(client, "other", "/topic/room.a", 5, "not-" + epoch);
        assertThat(bodies(other.messages())).containsExactly("m4", "m5", "m6");
        assertThat(other.receipt().header("x-recovery")).isEqualTo("epoch-changed");

        Resubscribed none = since(client, "none", "/topic/lobby", 5, epoch);
        assertThat(none.messages()).isEmpty();
        assertThat(none.receipt().header("x-recovered")).isEqualTo("false");
        assertThat(none.receipt().header("x-recovery")).isEqualTo("no-history");

        client.send(Command.SUBSCRIBE, "id", "plain", "destination", "/topic/room.a", "receipt", "plain");
        Frame plain = receipt(client);
        assertThat(plain.header("x-recovered")).as("no position asked, nothing told").isNull();
        broker.close();
    }

    @Test
    @DisplayName("a position past the last offset given (the history lost its latest records, as a crash with "
            + "fsync never can) gets everything retained, x-recovered:false with x-recovery ahead, and every live message")
    void positionAheadOfTheHistory() {
        Broker broker = Broker.builder().history("/topic/room.*", 3).build();
        for (int i = 1; i <= 4; i++) {
            broker.publish("/topic/room.a", "m" + i).join();
        }
        InMemoryConnection client = connected(broker, clock);
        client.send(Command.SUBSCRIBE, "id", "h", "destination", "/topic/room.a", "x-history", "1");
        String epoch = messages(client).get(0).header("x-epoch");

        Resubscribed ahead = since(client, "ahead", "/topic/room.a", 6, epoch);
        assertThat(bodies(ahead.messages())).containsExactly("m2", "m3", "m4");
        assertThat(ahead.receipt().header("x-recovered")).isEqualTo("false");
        assertThat(ahead.receipt().header("x-recovery")).isEqualTo("ahead");

        for (int i = 5; i <= 7; i++) {
            broker.publish("/topic/room.a", "m" + i).join();
        }
        List<Frame> live = messages(client).stream().filter(f -> "ahead".equals(f.header("subscription"))).toList();
        assertThat(bodies(live)).as("offsets 5 to 7 given out again, to new messages").containsExactly("m5", "m6", "m7");
        assertThat(live).extracting(PositionsTest::offset).containsExactly(5L, 6L, 7L);
        broker.close();
    }

    @Test
    @DisplayName("x-since-offset without x-since-epoch, or not a number, is refused with an ERROR")
    void malformedSinceIsRefused() {
        Broker broker = Broker.builder().history("/topic/room.*", 3).build();
        InMemoryConnection client = connected(broker, clock);
        client.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/room.a", "x-since-offset", "3");
        Clients.error(client, "invalid x-since");
        InMemoryConnection other = connected(broker, clock);
        other.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/room.a", "x-since-offset", "-1",
                "x-since-epoch", "e");
        Clients.error(other, "invalid x-since-offset");
        broker.close();
    }

    @Test
    @DisplayName("with a journal, offsets and the epoch survive a restart and x-since recovers across it")
    void journalKeepsOffsetsAndEpoch() {
        Broker first = Broker.builder().history("/topic/**", 5).dataDirectory(dataDir, FsyncPolicy.always()).build();
        InMemoryConnection producer = connected(first, clock);
        producer.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/chat");
        for (int i = 1; i <= 8; i++) {
            producer.sendWithBody(Command.SEND, "m" + i, "destination", "/topic/chat", "receipt", "r" + i);
        }
        List<Frame> seen = producer.frames().stream().filter(f -> f.command() == Command.MESSAGE).toList();
        Frame sixth = seen.get(5);
        String epoch = sixth.header("x-epoch");
        assertThat(offset(sixth)).isEqualTo(6);
        first.close();

        Broker second = Broker.builder().history("/topic/**", 5).dataDirectory(dataDir, FsyncPolicy.always()).build();
        second.publish("/topic/chat", "m9").join();
        InMemoryConnection back = connected(second, clock);
        Resubscribed resumed = since(back, "s", "/topic/chat", 6, epoch);
        assertThat(bodies(resumed.messages())).containsExactly("m7", "m8", "m9");
        assertThat(resumed.messages()).extracting(PositionsTest::offset).containsExactly(7L, 8L, 9L);
        assertThat(resumed.messages()).extracting(f -> f.header("x-epoch")).containsOnly(epoch);
        assertThat(resumed.receipt().header("x-recovered")).isEqualTo("true");
        second.close();
    }

    @Test
    @DisplayName("without a journal a restarted broker has a new epoch, told as epoch-changed")
    void noJournalNewEpoch() {
        Broker first = Broker.builder().history("/topic/**", 5).build();
        first.publish("/topic/chat", "m1").join();
        InMemoryConnection client = connected(first, clock);
        client.send(Command.SUBSCRIBE, "id", "h", "destination", "/topic/chat", "x-history", "1");
        String epoch = messages(client).get(0).header("x-epoch");
        first.close();

        Broker second = Broker.builder().history("/topic/**", 5).build();
        second.publish("/topic/chat", "m2").join();
        InMemoryConnection back = connected(second, clock);
        Resubscribed resumed = since(back, "s", "/topic/chat", 1, epoch);
        assertThat(bodies(resumed.messages())).containsExactly("m2");
        assertThat(offset(resumed.messages().get(0))).isEqualTo(1);
        assertThat(resumed.messages().get(0).header("x-epoch")).isNotEqualTo(epoch);
        assertThat(resumed.receipt().header("x-recovery")).isEqualTo("epoch-changed");
        second.close();
    }

    @Test
    @DisplayName("a subscriber that comes back after a position while two publishers run gets every offset after it "
            + "exactly once, in order")
    void sinceUnderConcurrentPublishers() throws InterruptedException {
        Broker broker = Broker.builder().history("/topic/busy", 10_000).build();
        int perPublisher = 1500;
        CountDownLatch started = new CountDownLatch(2);
        List<Thread> publishers = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            Thread publisher = new Thread(() -> {
                for (int i = 0; i < perPublisher; i++) {
                    broker.publish("/topic/busy", name + i).join();
                    if (i == perPublisher / 4) {
                        started.countDown();
                    }
                }
            });
            publishers.add(publisher);
            publisher.start();
        }
        started.await();
        InMemoryConnection peek = connected(broker, clock);
        peek.send(Command.SUBSCRIBE, "id", "h", "destination", "/topic/busy", "x-history", "1");
        Frame position = peek.awaitFrame(WAIT);
        long from = offset(position) / 2;
        InMemoryConnection back = connected(broker, clock);
        back.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/busy", "x-since-offset", Long.toString(from),
                "x-since-epoch", position.header("x-epoch"));
        for (Thread publisher : publishers) {
            publisher.join();
        }
        long total = 2L * perPublisher;
        Map<String, Integer> perSender = new HashMap<>();
        long expected = from + 1;
        while (expected <= total) {
            Frame frame = back.awaitFrame(WAIT);
            assertThat(offset(frame)).as("the offset after %d", expected - 1).isEqualTo(expected);
            String body = frame.bodyAsString();
            int index = Integer.parseInt(body.substring(1));
            Integer previous = perSender.put(body.substring(0, 1), index);
            assertThat(previous == null || previous < index).as("%s in its sender's order", body).isTrue();
            expected++;
        }
        assertThat(back.frames()).as("nothing after the last").isEmpty();
        broker.close();
    }
}
