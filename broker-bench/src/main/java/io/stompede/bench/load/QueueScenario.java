package io.stompede.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Producers to competing consumers on one queue, a bounded number of messages in flight; after
 * the run, waits for the queue to drain and counts what never arrived and what arrived twice.
 */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = "P producers to C consumers of one queue, at most W in flight; prints msgs/s, loss and duplicates.")
final class QueueScenario extends Scenario {
    @Mixin
    Placement placement;

    @Option(names = "--producers", defaultValue = "4", description = "Producers (default: ${DEFAULT-VALUE}).")
    int producers;

    @Option(names = "--consumers", defaultValue = "4", description = "Consumers (default: ${DEFAULT-VALUE}).")
    int consumers;

    @Option(names = "--window", defaultValue = "2000", description = "Messages in flight at most, all producers together (default: ${DEFAULT-VALUE}).")
    int window;

    @Override
    String name() {
        return "queue";
    }

    @Override
    int run() throws Exception {
        String destination = target.queuePrefix + "bench.queue." + RunId.get();
        Seen[] seen = new Seen[producers];
        AtomicLong[] delivered = new AtomicLong[producers];
        WindowedProducer[] senders = new WindowedProducer[producers];
        AtomicLong received = new AtomicLong();
        for (int p = 0; p < producers; p++) {
            seen[p] = new Seen();
            delivered[p] = new AtomicLong();
        }
        List<StompClient> consumerClients = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            consumerClients.add(open(placement.consumer(c, target.port), (client, frame) -> {
                int origin = (int) Payload.field(frame.bytes, frame.bodyStart, frame.bodyEnd, 0);
                if (origin < 0 || origin >= producers) {
                    return;
                }
                seen[origin].mark(Payload.field(frame.bytes, frame.bodyStart, frame.bodyEnd, 1));
                received.incrementAndGet();
                senders[origin].onDelivered(delivered[origin].incrementAndGet());
            }));
        }
        awaitConnected(consumerClients);
        consumerClients.forEach(c -> on(c, () -> c.subscribe(destination, "queue", "subscribed")));
        awaitSubscribed(consumerClients);
        List<StompClient> producerClients = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            producerClients.add(open(placement.producer(target.port), (client, frame) -> { }));
        }
        awaitConnected(producerClients);
        for (int p = 0; p < producers; p++) {
            AtomicLong mine = delivered[p];
            senders[p] = new WindowedProducer(producerClients.get(p), destination, p, size, window / producers, mine::get);
        }
        for (WindowedProducer sender : senders) {
            sender.start();
        }

        Thread.sleep(warmupSeconds * 1000L);
        long before = received.get();
        long cpuBefore = brokerCpuNanos();
        long start = System.nanoTime();
        Thread.sleep(durationSeconds * 1000L);
        long count = received.get() - before;
        double seconds = (System.nanoTime() - start) / 1e9;
        String cpu = brokerCpuPer("msg", cpuBefore, count);
        for (WindowedProducer sender : senders) {
            sender.stop();
        }
        Thread.sleep(200);
        long sent = 0;
        for (WindowedProducer sender : senders) {
            sent += sender.sent;
        }
        long deadline = System.nanoTime() + drainTimeoutSeconds * 1_000_000_000L;
        while (unique(seen) < sent && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long unique = unique(seen);
        long duplicates = 0;
        for (Seen each : seen) {
            duplicates += each.duplicates();
        }
        result("msgs_per_s=" + format(count / seconds) + " sent=" + sent + " received=" + unique
                + " lost=" + (sent - unique) + " duplicates=" + duplicates
                + " producers=" + producers + " consumers=" + consumers + " window=" + window + " size=" + size + placement.fields() + cpu);
        return 0;
    }

    private static long unique(Seen[] seen) {
        long unique = 0;
        for (Seen each : seen) {
            unique += each.unique();
        }
        return unique;
    }
}
