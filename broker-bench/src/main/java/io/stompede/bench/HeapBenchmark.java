package io.stompede.bench;

import io.stompede.Broker;
import io.stompede.BrokerStats;
import io.stompede.frame.Command;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import io.stompede.store.FsyncPolicy;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * Whether the heap stays bounded while a producer outruns a stalled consumer with persistent
 * messages (a benchmark program, not a test): a journaled broker with a 32 MiB memory cap, one
 * client sending persistent 1 KiB messages to a queue as fast as the broker reads them, and one
 * subscriber that takes its prefetch of 10 and never acknowledges. Twice a second it prints what
 * was sent, what the queue holds in memory and on disk, and the heap in use now and after the
 * last collection; at the end, the highest heap after a collection.
 *
 * <pre>
 * java -Xmx256m -cp broker-bench/target/benchmarks.jar io.stompede.bench.HeapBenchmark [dir] [messages]
 * </pre>
 */
public final class HeapBenchmark {
    private static final long CAP = 32L << 20;
    private static final String QUEUE = "/queue/backlog";

    private HeapBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("stompede-heap-bench");
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
        String body = "x".repeat(1024);
        VirtualClock clock = new VirtualClock();
        try (Broker broker = Broker.builder().dataDirectory(dir, FsyncPolicy.interval(FsyncPolicy.DEFAULT_INTERVAL))
                .maxMemory(CAP).maxQueueDepth(Integer.MAX_VALUE).inboundFrameRate(0, 10).build()) {
            InMemoryConnection consumer = InMemoryConnection.open(broker, clock);
            consumer.connect();
            consumer.send(Command.SUBSCRIBE, "id", "stalled", "destination", QUEUE, "ack", "client-individual",
                    "prefetch-count", "10");
            InMemoryConnection producer = InMemoryConnection.open(broker, clock);
            producer.connect();
            System.out.printf("cap %d MiB, max heap %d MiB, %d persistent messages of 1 KiB%n",
                    CAP >> 20, Runtime.getRuntime().maxMemory() >> 20, messages);
            long start = System.nanoTime();
            long nextReport = 0;
            long maxAfterGc = 0;
            for (int sent = 0; sent < messages; sent++) {
                boolean paused = false;
                while (!producer.isBeingRead()) {
                    // The broker paused reading, as a full TCP window would stop a real client.
                    paused = true;
                    LockSupport.parkNanos(100_000);
                    if (System.nanoTime() - start >= nextReport) {
                        maxAfterGc = Math.max(maxAfterGc, report(broker, sent, System.nanoTime() - start, true));
                        nextReport += 500_000_000L;
                    }
                }
                producer.sendWithBody(Command.SEND, body, "destination", QUEUE, "persistent", "true");
                long elapsed = System.nanoTime() - start;
                if (elapsed >= nextReport) {
                    maxAfterGc = Math.max(maxAfterGc, report(broker, sent, elapsed, paused));
                    nextReport += 500_000_000L;
                }
            }
            producer.send(Command.DISCONNECT, "receipt", "done");
            producer.awaitFrame(java.time.Duration.ofMinutes(1));
            long elapsed = System.nanoTime() - start;
            maxAfterGc = Math.max(maxAfterGc, report(broker, messages, elapsed, false));
            System.gc();
            System.out.printf("%d messages in %.1f s (%.0f/s); the consumer holds %d; highest heap after a collection %d MiB;"
                            + " after a full collection at the end %d MiB%n",
                    messages, elapsed / 1e9, messages / (elapsed / 1e9), consumer.frames().size(), maxAfterGc >> 20,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
        }
    }

    /** Prints one line; returns the heap in use after the last collection. */
    private static long report(Broker broker, int sent, long elapsedNanos, boolean paused) {
        BrokerStats stats = broker.stats();
        long afterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage collected = pool.getCollectionUsage();
            if (pool.getType() == MemoryType.HEAP && collected != null) {
                afterGc += collected.getUsed();
            }
        }
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("%5.1f s  sent %7d%s  depth %7d  paged out %7d  in memory %5.1f MiB  heap used %5d MiB  after GC %5d MiB%n",
                elapsedNanos / 1e9, sent, paused ? " (paused)" : "", stats.queueDepths().getOrDefault(QUEUE, 0), stats.pagedOut(),
                stats.queueMemoryBytes() / 1048576.0, used >> 20, afterGc >> 20);
        return afterGc;
    }
}
