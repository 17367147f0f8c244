package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stompede.standalone.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's promise under kill -9: a broker in a child JVM with {@code --fsync always} is
 * killed while producers send persistent messages with receipts and a consumer takes some; after
 * a restart every receipted message arrives at least once, intact, and a repeat is flagged.
 */
class CrashRecoveryTest {
    private static final Pattern LISTENING = Pattern.compile("listening stomp tcp://127\\.0\\.0\\.1:(\\d+)");
    private static final String QUEUE = "/queue/crash";
    private static final int PRODUCERS = 4;
    private static final int WINDOW = 16;
    private static final int KILLS = 3;

    @TempDir
    Path dataDir;

    private final Set<String> receipted = ConcurrentHashMap.newKeySet();
    /** Every delivery the consumers saw: body, then whether it was flagged redelivered. */
    private final Map<String, List<Boolean>> deliveries = new ConcurrentHashMap<>();
    private final Set<String> corrupt = ConcurrentHashMap.newKeySet();

    @Test
    @Timeout(90)
    @DisplayName("kill -9 at random points loses no receipted persistent message and flags every repeat")
    void killNineLosesNothingReceipted() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < KILLS; round++) {
            Process broker = startBroker();
            int port = portOf(broker);
            List<Thread> clients = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                String prefix = "r" + round + "p" + p;
                clients.add(started(() -> produce(port, prefix)));
            }
            clients.add(started(() -> consume(port)));
            int target = receipted.size() + 200 + random.nextInt(1500);
            await().atMost(Duration.ofSeconds(30)).until(() -> receipted.size() >= target);
            broker.destroyForcibly();
            assertThat(broker.waitFor(10, TimeUnit.SECONDS)).isTrue();
            for (Thread client : clients) {
                client.join(TimeUnit.SECONDS.toMillis(15));
            }
        }

        Process broker = startBroker();
        try {
            int port = portOf(broker);
            Thread consumer = started(() -> consume(port));
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.keySet().containsAll(receipted));
            broker.destroyForcibly();
            consumer.join(TimeUnit.SECONDS.toMillis(15));
        } finally {
            broker.destroyForcibly();
        }
        assertThat(corrupt).as("corrupt bodies (seed %d)", seed).isEmpty();
        assertThat(deliveries.keySet()).as("seed %d", seed).containsAll(receipted);
        deliveries.forEach((body, flags) -> assertThat(flags.subList(1, flags.size()))
                .as("repeats of %s are flagged redelivered (seed %d)", body, seed).allMatch(flag -> flag));
    }

    private static Thread started(Runnable task) {
        Thread thread = new Thread(task);
        thread.start();
        return thread;
    }

    private Process startBroker() throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--tcp-port", "0", "--ws-port", "-1",
                "--data-dir", dataDir.toString(), "--fsync", "always")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static int portOf(Process broker) throws IOException {
        String line = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8)).readLine();
        Matcher matcher = LISTENING.matcher(String.valueOf(line));
        assertThat(matcher.matches()).as("listening line: %s", line).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    /** Sends windows of persistent SENDs with receipts until the broker dies. */
    private void produce(int port, String prefix) {
        try (TcpTestClient client = TcpTestClient.open(port)) {
            client.connect();
            for (int n = 0; ; n += WINDOW) {
                for (int i = n; i < n + WINDOW; i++) {
                    client.sendWithBody("SEND", body(prefix + "-" + i), "destination", QUEUE, "persistent", "true",
                            "receipt", prefix + "-" + i);
                }
                for (int i = 0; i < WINDOW; i++) {
                    StompFrame receipt = client.receive();
                    if (!receipt.command().equals("RECEIPT")) {
                        return;
                    }
                    receipted.add(body(receipt.header("receipt-id")));
                }
            }
        } catch (IOException | RuntimeException broken) {
            // The broker was killed: what was receipted so far is what counts.
        }
    }

    /**
     * Takes messages until the broker dies, noting each delivery and acknowledging it only then:
     * in auto mode the broker settles a message as it writes it, and a crash before the bytes
     * leave would lose it, as auto mode allows.
     */
    private void consume(int port) {
        try (TcpTestClient client = TcpTestClient.open(port)) {
            client.connect();
            client.send("SUBSCRIBE", "id", "s", "destination", QUEUE, "ack", "client-individual", "prefetch-count", "64");
            while (true) {
                StompFrame message = client.receive();
                if (!message.command().equals("MESSAGE")) {
                    return;
                }
                String body = message.bodyText();
                if (!intact(body)) {
                    corrupt.add(body);
                }
                deliveries.computeIfAbsent(body, b -> java.util.Collections.synchronizedList(new ArrayList<>()))
                        .add("true".equals(message.header("redelivered")));
                client.send("ACK", "id", message.header("ack"));
            }
        } catch (IOException | RuntimeException broken) {
            // The broker was killed, or the test is over.
        }
    }

    /** A body that repeats its id a number of times that depends on the id: any damage shows. */
    private static String body(String id) {
        return id + "|" + id.repeat(1 + Math.floorMod(id.hashCode(), 9));
    }

    private static boolean intact(String body) {
        int bar = body.indexOf('|');
        return bar > 0 && body.equals(body(body.substring(0, bar)));
    }
}
