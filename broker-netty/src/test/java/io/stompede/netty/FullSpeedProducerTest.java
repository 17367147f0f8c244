package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.standalone.Main;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The standalone broker with its defaults, in a JVM of its own with a small heap, against a
 * producer that sends as fast as the broker takes it, beside a consumer that cannot keep up: the
 * broker holds the producer back instead of cutting it off or running out of memory, and every
 * message it receipted reaches the consumer.
 */
class FullSpeedProducerTest {
    private static final Pattern LISTENING = Pattern.compile("listening stomp tcp://127\\.0\\.0\\.1:(\\d+)");
    private static final Duration RUN = Duration.ofSeconds(30);
    private static final String QUEUE = "/queue/full-speed";
    private static final int BATCH = 100;
    private static final String PADDING = "x".repeat(200);

    private Process broker;

    @AfterEach
    void stopBroker() throws InterruptedException {
        if (broker != null) {
            broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(120)
    @DisplayName("bug: a producer at full speed was closed after 10 s; with the defaults it is held back, never closed, and loses nothing receipted")
    void aFullSpeedProducerBesideASlowConsumerIsHeldBackNotClosed() throws Exception {
        broker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--tcp-port", "0", "--ws-port", "-1")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        int port = portOf(broker);

        AtomicInteger highestReceipted = new AtomicInteger(-1);
        AtomicReference<String> producerTrouble = new AtomicReference<>();
        BitSet seen = new BitSet();
        AtomicInteger consumed = new AtomicInteger();
        try (TcpTestClient producer = TcpTestClient.open(port); TcpTestClient consumer = TcpTestClient.open(port)) {
            producer.connect();
            // Held back at the memory cap, the producer hears nothing until the consumer has taken a
            // quarter of the cap: seconds, with a consumer this slow.
            producer.setReadTimeout(Duration.ofSeconds(60));
            consumer.connect();
            consumer.send("SUBSCRIBE", "id", "s", "destination", QUEUE, "ack", "client-individual");
            Thread receipts = new Thread(() -> readReceipts(producer, highestReceipted, producerTrouble), "receipts");
            receipts.start();
            Thread slowConsumer = new Thread(() -> consume(consumer, seen, consumed, true), "slow consumer");
            slowConsumer.start();

            long deadline = System.nanoTime() + RUN.toNanos();
            int sent = 0;
            while (System.nanoTime() < deadline && producerTrouble.get() == null) {
                producer.sendRaw(batch(sent));
                sent += BATCH;
            }
            producer.send("DISCONNECT", "receipt", "bye");
            receipts.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(producerTrouble.get()).as("what the producer heard").isEqualTo("closed after its DISCONNECT");
            assertThat(sent).as("the producer got far enough to fill the memory cap").isGreaterThan(100_000);
            int receipted = highestReceipted.get();
            assertThat(receipted).isEqualTo(sent - 1);

            slowConsumer.interrupt();
            slowConsumer.join();
            consume(consumer, seen, consumed, false);
            assertThat(seen.nextClearBit(0)).as("every receipted message reached the consumer").isGreaterThan(receipted);
            assertThat(consumed.get()).as("each once").isEqualTo(receipted + 1);
        }
        assertThat(broker.isAlive()).as("the broker stayed within its heap").isTrue();
    }

    private static byte[] batch(int first) {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int seq = first; seq < first + BATCH; seq++) {
            boolean last = seq == first + BATCH - 1;
            byte[] frame = StompFrame.encode("SEND", last
                    ? TestClient.headers("destination", QUEUE, "receipt", Integer.toString(seq))
                    : TestClient.headers("destination", QUEUE), seq + " " + PADDING);
            frames.writeBytes(frame);
        }
        return frames.toByteArray();
    }

    /** Notes each RECEIPT (they come in order), until the connection ends or something else arrives. */
    private static void readReceipts(TcpTestClient producer, AtomicInteger highest, AtomicReference<String> trouble) {
        try {
            while (true) {
                StompFrame frame = producer.receive();
                if (!frame.command().equals("RECEIPT")) {
                    trouble.set(frame.command() + " " + frame.header("message"));
                    return;
                }
                String id = frame.header("receipt-id");
                if (id.equals("bye")) {
                    trouble.set("closed after its DISCONNECT");
                    return;
                }
                highest.set(Integer.parseInt(id));
            }
        } catch (IOException | RuntimeException e) {
            trouble.compareAndSet(null, "connection lost: " + e);
        }
    }

    /**
     * Takes and acknowledges messages, a little at a time when {@code slowly}, until interrupted;
     * otherwise until nothing more arrives within the client's read timeout.
     */
    private static void consume(TcpTestClient consumer, BitSet seen, AtomicInteger consumed, boolean slowly) {
        try {
            while (!(slowly && Thread.currentThread().isInterrupted())) {
                StompFrame message;
                try {
                    message = consumer.receive();
                } catch (IOException timedOut) {
                    return;
                }
                int seq = Integer.parseInt(message.bodyText().substring(0, message.bodyText().indexOf(' ')));
                synchronized (seen) {
                    seen.set(seq);
                }
                consumed.incrementAndGet();
                consumer.send("ACK", "id", message.header("ack"));
                if (slowly) {
                    // A consumer that cannot keep up: about 5,000 messages a second.
                    LockSupport.parkNanos(200_000);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("the consumer lost its connection", e);
        }
    }

    private static int portOf(Process broker) throws IOException {
        String line = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8)).readLine();
        Matcher matcher = LISTENING.matcher(String.valueOf(line));
        assertThat(matcher.matches()).as("listening line: %s", line).isTrue();
        return Integer.parseInt(matcher.group(1));
    }
}
