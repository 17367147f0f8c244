package io.stompede.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** One producer to many subscribers of one topic, a bounded number of messages in flight: deliveries per second. */
@Command(name = "fanout", mixinStandardHelpOptions = true,
        description = "1 producer to N subscribers of one topic, at most W messages in flight; prints deliveries/s.")
final class FanoutScenario extends Scenario {
    @Mixin
    Placement placement;

    @Mixin
    Publishing publishing;

    @Option(names = "--subscribers", defaultValue = "50", description = "Subscribers (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--window", defaultValue = "200", description = "Messages in flight at most (default: ${DEFAULT-VALUE}).")
    int window;

    @Override
    String name() {
        return "fanout";
    }

    @Override
    int run() throws Exception {
        String destination = target.topicPrefix + "bench.fanout." + RunId.get();
        List<AtomicLong> counts = new ArrayList<>();
        List<StompClient> consumers = new ArrayList<>();
        WindowedProducer[] producer = new WindowedProducer[1];
        for (int i = 0; i < subscribers; i++) {
            AtomicLong count = new AtomicLong();
            counts.add(count);
            consumers.add(open(placement.consumer(i, target.port), (client, frame) -> {
                long n = count.get() + 1;
                count.lazySet(n);
                producer[0].onDelivered(n);
            }));
        }
        awaitConnected(consumers);
        consumers.forEach(c -> on(c, () -> c.subscribe(destination, "fanout", "subscribed")));
        awaitSubscribed(consumers);
        StompClient sender = open(placement.producer(target.port), (client, frame) -> { });
        awaitConnected(List.of(sender));
        producer[0] = new WindowedProducer(sender, publishing.destination(destination, target.topicPrefix), 0, size, window,
                () -> counts.stream().mapToLong(AtomicLong::get).min().orElse(0));
        producer[0].start();

        Thread.sleep(warmupSeconds * 1000L);
        long before = total(counts);
        long cpuBefore = brokerCpuNanos();
        long start = System.nanoTime();
        Thread.sleep(durationSeconds * 1000L);
        long delivered = total(counts) - before;
        double seconds = (System.nanoTime() - start) / 1e9;
        String cpu = brokerCpuPer("delivery", cpuBefore, delivered);
        producer[0].stop();
        result("deliveries_per_s=" + format(delivered / seconds) + " msgs_per_s=" + format(delivered / seconds / subscribers)
                + " subscribers=" + subscribers + " window=" + window + " size=" + size + placement.fields() + publishing.fields() + cpu);
        return 0;
    }

    private static long total(List<AtomicLong> counts) {
        return counts.stream().mapToLong(AtomicLong::get).sum();
    }
}
