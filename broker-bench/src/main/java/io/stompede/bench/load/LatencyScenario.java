package io.stompede.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A fixed message rate to one topic with a few subscribers: the latency distribution from the scheduled send time. */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = "A fixed rate to one topic with N subscribers; prints p50/p99/p99.9/max latency.")
final class LatencyScenario extends Scenario {
    @Mixin
    Placement placement;

    @Mixin
    Publishing publishing;

    @Option(names = "--rate", defaultValue = "10000", description = "Messages per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--subscribers", defaultValue = "10", description = "Subscribers (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Override
    String name() {
        return "latency";
    }

    @Override
    int run() throws Exception {
        String destination = target.topicPrefix + "bench.latency." + RunId.get();
        long total = (long) rate * (warmupSeconds + durationSeconds);
        AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
        AtomicLong measured = new AtomicLong();
        List<Histogram> histograms = new ArrayList<>();
        List<StompClient> consumers = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            Histogram histogram = Latencies.histogram();
            histograms.add(histogram);
            consumers.add(open(placement.consumer(i, target.port), (client, frame) -> {
                long sentAt = Payload.field(frame.bytes, frame.bodyStart, frame.bodyEnd, 2);
                if (sentAt >= measureFrom.get()) {
                    histogram.recordValue(Math.max(0, System.nanoTime() - sentAt));
                    measured.incrementAndGet();
                }
            }));
        }
        awaitConnected(consumers);
        consumers.forEach(c -> on(c, () -> c.subscribe(destination, "latency", "subscribed")));
        awaitSubscribed(consumers);
        StompClient sender = open(placement.producer(target.port), (client, frame) -> { });
        awaitConnected(List.of(sender));

        byte[] prefix = Target.sendPrefix(publishing.destination(destination, target.topicPrefix), size);
        Pacer[] pacer = new Pacer[1];
        pacer[0] = new Pacer(rate, total, (from, to) -> on(sender, () -> {
            for (long seq = from; seq < to; seq++) {
                sender.send(prefix, 0, seq, pacer[0].intended(seq), size);
            }
        }));
        pacer[0].start();
        measureFrom.set(pacer[0].intended((long) rate * warmupSeconds));
        Thread.sleep((warmupSeconds + durationSeconds) * 1000L);
        pacer[0].stop();
        long expected = (long) rate * durationSeconds * subscribers;
        // A broker that fell behind still delivers the backlog: its late messages count, with their latency.
        awaitCount(measured, expected);
        Histogram all = Barrier.read(consumers, () -> Latencies.merge(histograms));
        result(Latencies.fields(all) + " received=" + all.getTotalCount() + " expected=" + expected
                + " rate=" + rate + " subscribers=" + subscribers + " size=" + size + placement.fields() + publishing.fields());
        return 0;
    }
}
