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
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Room history: topics that retain their last messages for subscribers that ask with x-history. */
class HistoryTest {
    private final VirtualClock clock = new VirtualClock();

    @TempDir
    Path dataDir;

    @Test
    @DisplayName("x-history:N gets up to N retained messages in order, marked, then live ones; other topics retain nothing")
    void historyThenLive() {
        Broker broker = Broker.builder().history("/topic/room.*", 3).build();
        for (int i = 1; i <= 5; i++) {
            broker.publish("/topic/room.a", "m" + i).join();
        }
        broker.publish("/topic/lobby", "not retained").join();
        InMemoryConnection late = connected(broker, clock);
        late.send(Command.SUBSCRIBE, "id", "h", "destination", "/topic/room.a", "x-history", "50");
        late.send(Command.SUBSCRIBE, "id", "two", "destination", "/topic/room.a", "x-history", "2");
        late.send(Command.SUBSCRIBE, "id", "none", "destination", "/topic/lobby", "x-history", "50");
        List<Frame> history = messages(late);
        assertThat(bodies(history)).containsExactly("m3", "m4", "m5", "m4", "m5");
        assertThat(history).allMatch(f -> "true".equals(f.header("x-history")));

        broker.publish("/topic/room.a", "live").join();
        List<Frame> live = messages(late);
        assertThat(bodies(live)).containsExactly("live", "live");
        assertThat(live).allMatch(f -> f.header("x-history") == null);
    }

    @Test
    @DisplayName("the RECEIPT of a SUBSCRIBE with x-history comes after the history it replayed, so it marks the end")
    void theReceiptComesAfterTheHistory() {
        Broker broker = Broker.builder().history("/topic/room.*", 3).build();
        for (int i = 1; i <= 3; i++) {
            broker.publish("/topic/room.a", "m" + i).join();
        }
        InMemoryConnection late = connected(broker, clock);

        late.send(Command.SUBSCRIBE, "id", "h", "destination", "/topic/room.a", "x-history", "3", "receipt", "r");

        List<Frame> frames = List.of(late.awaitFrame(WAIT), late.awaitFrame(WAIT), late.awaitFrame(WAIT),
                late.awaitFrame(WAIT));
        assertThat(frames).extracting(Frame::command)
                .containsExactly(Command.MESSAGE, Command.MESSAGE, Command.MESSAGE, Command.RECEIPT);
    }

    @Test
    @DisplayName("an in-process listener asks for history as a client does, through the same attach path")
    void listenersGetHistoryToo() {
        Broker broker = Broker.builder().history("/topic/room.*", 3).build();
        for (int i = 1; i <= 4; i++) {
            broker.publish("/topic/room.a", "m" + i).join();
        }
        List<String> heard = new ArrayList<>();
        broker.subscribe("/topic/room.a", 2, message -> heard.add(message.bodyAsString()
                + ("true".equals(message.headers().get("x-history")) ? " (history)" : "")));
        broker.publish("/topic/room.a", "live").join();
        assertThat(heard).containsExactly("m3 (history)", "m4 (history)", "live");
    }

    @Test
    @DisplayName("history survives a restart on the same data directory")
    void historySurvivesRestart() {
        Broker first = Broker.builder().history("/topic/**", 10).dataDirectory(dataDir, FsyncPolicy.always()).build();
        InMemoryConnection producer = connected(first, clock);
        for (int i = 0; i < 12; i++) {
            producer.sendWithBody(Command.SEND, "m" + i, "destination", "/topic/chat", "receipt", "r" + i);
            assertThat(producer.awaitFrame(WAIT).command()).isEqualTo(Command.RECEIPT);
        }
        first.close();

        Broker second = Broker.builder().history("/topic/**", 10).dataDirectory(dataDir, FsyncPolicy.always()).build();
        InMemoryConnection late = connected(second, clock);
        late.send(Command.SUBSCRIBE, "id", "h", "destination", "/topic/chat", "x-history", "50");
        assertThat(bodies(messages(late))).containsExactly("m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10", "m11");
        second.close();
    }

    @Test
    @DisplayName("a subscriber joining while a publisher runs sees history and live with no gap and no duplicate")
    void noGapNoDuplicateUnderConcurrency() throws InterruptedException {
        Broker broker = Broker.builder().history("/topic/busy", 5000).build();
        int total = 3000;
        CountDownLatch halfway = new CountDownLatch(1);
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                broker.publish("/topic/busy", Integer.toString(i)).join();
                if (i == total / 3) {
                    halfway.countDown();
                }
            }
        });
        publisher.start();
        halfway.await();
        InMemoryConnection late = connected(broker, clock);
        late.send(Command.SUBSCRIBE, "id", "h", "destination", "/topic/busy", "x-history", "5000");
        publisher.join();
        List<Integer> received = new ArrayList<>();
        while (received.isEmpty() || received.get(received.size() - 1) < total - 1) {
            received.add(Integer.parseInt(late.awaitFrame(WAIT).bodyAsString()));
        }
        for (int i = 0; i < received.size(); i++) {
            assertThat(received.get(i)).as("position %d", i).isEqualTo(i);
        }
    }
}
