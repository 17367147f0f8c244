package io.stompede.bench;

import io.stompede.Broker;
import io.stompede.frame.Headers;
import io.stompede.store.FsyncPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Two figures for the journal, printed on standard output (a benchmark program, not library
 * code): persistent queue throughput with {@code fsync always} and 16 concurrent producers, each
 * keeping up to 32 unreceipted messages in flight as a pipelining STOMP client would; and the
 * time to build a broker on a journal holding 1,000,000 stored messages.
 *
 * <pre>
 * java -cp broker-bench/target/benchmarks.jar io.stompede.bench.JournalBenchmark [dir]
 * </pre>
 */
public final class JournalBenchmark {
    private static final int PRODUCERS = 16;
    private static final int WINDOW = 32;
    private static final int PER_PRODUCER = 20_000;
    private static final int RECOVERY_MESSAGES = 1_000_000;
    private static final Headers PERSISTENT = Headers.of("persistent", "true", "content-type", "text/plain");

    private JournalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path base = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("stompede-journal-bench");
        throughput(base.resolve("throughput"));
        recovery(base.resolve("recovery"));
    }

    private static void throughput(Path dir) throws Exception {
        byte[] body = new byte[128];
        try (Broker broker = Broker.builder().dataDirectory(dir, FsyncPolicy.always()).maxQueueDepth(1_000_000).build()) {
            run(broker, body, 2_000);
            long start = System.nanoTime();
            run(broker, body, PER_PRODUCER);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("fsync always, %d producers, window %d: %.0f persistent msgs/s%n",
                    PRODUCERS, WINDOW, PRODUCERS * PER_PRODUCER / seconds);
        }
    }

    private static void run(Broker broker, byte[] body, int perProducer) throws Exception {
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            String queue = "/queue/bench" + p;
            Thread producer = new Thread(() -> {
                Semaphore window = new Semaphore(WINDOW);
                for (int i = 0; i < perProducer; i++) {
                    window.acquireUninterruptibly();
                    broker.publish(queue, PERSISTENT, body).whenComplete((ok, failed) -> window.release());
                }
                window.acquireUninterruptibly(WINDOW);
            });
            producer.start();
            producers.add(producer);
        }
        for (Thread producer : producers) {
            producer.join();
        }
    }

    private static void recovery(Path dir) throws IOException {
        byte[] body = new byte[100];
        try (Broker broker = Broker.builder().dataDirectory(dir, FsyncPolicy.never()).maxQueueDepth(RECOVERY_MESSAGES).build()) {
            CompletableFuture<Void> last = null;
            for (int i = 0; i < RECOVERY_MESSAGES; i++) {
                last = broker.publish("/queue/stored" + (i % 10), PERSISTENT, body);
            }
            last.join();
        }
        long start = System.nanoTime();
        try (Broker broker = Broker.builder().dataDirectory(dir, FsyncPolicy.never()).build()) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            long restored = broker.stats().queueDepths().values().stream().mapToLong(Integer::longValue).sum();
            System.out.printf("recovery of %d stored messages: %d ms%n", restored, millis);
        }
    }
}
