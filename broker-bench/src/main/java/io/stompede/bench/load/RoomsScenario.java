package io.stompede.bench.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Chat rooms: every member is a connection subscribed to its room's topic, and members take
 * turns sending to their room at a fixed total rate; each message reaches every member, sender
 * included. Prints deliveries per second against the expected figure, and latency.
 */
@Command(name = "rooms", mixinStandardHelpOptions = true,
        description = "R rooms of M members, each its own connection, sending at a fixed total rate; prints deliveries/s and latency.")
final class RoomsScenario extends Scenario {
    @Mixin
    Publishing publishing;

    @Option(names = "--rooms", defaultValue = "500", description = "Rooms (default: ${DEFAULT-VALUE}).")
    int rooms;

    @Option(names = "--members", defaultValue = "5", description = "Members per room (default: ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--rate", defaultValue = "1000", description = "Messages per second sent by all members together (default: ${DEFAULT-VALUE}).")
    int rate;

    @Override
    String name() {
        return "rooms";
    }

    @Override
    int run() throws Exception {
        target.bufferBytes = 8 * 1024;
        String prefix = target.topicPrefix + "bench.room." + RunId.get() + ".";
        AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
        AtomicLong measured = new AtomicLong();
        Map<NioLoop, Histogram> perLoop = new HashMap<>();
        List<StompClient> all = new ArrayList<>();
        for (int i = 0; i < rooms * members; i++) {
            Histogram[] mine = new Histogram[1];
            StompClient client = open((c, frame) -> {
                long sentAt = Payload.field(frame.bytes, frame.bodyStart, frame.bodyEnd, 2);
                if (sentAt >= measureFrom.get()) {
                    mine[0].recordValue(Math.max(0, System.nanoTime() - sentAt));
                    measured.incrementAndGet();
                }
            });
            mine[0] = perLoop.computeIfAbsent(client.loop(), loop -> Latencies.histogram());
            all.add(client);
        }
        awaitConnected(all);
        for (int i = 0; i < all.size(); i++) {
            StompClient client = all.get(i);
            String room = prefix + (i % rooms);
            on(client, () -> client.subscribe(room, "room", "subscribed"));
        }
        awaitSubscribed(all);

        byte[][] sendPrefixes = new byte[rooms][];
        for (int r = 0; r < rooms; r++) {
            sendPrefixes[r] = Target.sendPrefix(publishing.destination(prefix + r, target.topicPrefix), size);
        }
        long total = (long) rate * (warmupSeconds + durationSeconds);
        Pacer[] pacer = new Pacer[1];
        pacer[0] = new Pacer(rate, total, (from, to) -> {
            for (long seq = from; seq < to; seq++) {
                // Member i is in room i % rooms: walk the rooms first, then the members.
                int room = (int) (seq % rooms);
                int member = (int) ((seq / rooms) % members);
                StompClient sender = all.get(member * rooms + room);
                long sentAt = pacer[0].intended(seq);
                long sequence = seq;
                sender.loop().executeLater(() -> sender.send(sendPrefixes[room], 0, sequence, sentAt, size));
            }
            perLoop.keySet().forEach(NioLoop::wakeup);
        });
        pacer[0].start();
        measureFrom.set(pacer[0].intended((long) rate * warmupSeconds));
        Thread.sleep((warmupSeconds + durationSeconds) * 1000L);
        pacer[0].stop();
        long expected = (long) rate * durationSeconds * members;
        awaitCount(measured, expected);
        Histogram latencies = Barrier.read(all, () -> Latencies.merge(new ArrayList<>(perLoop.values())));
        double deliveredPerSecond = latencies.getTotalCount() / (double) durationSeconds;
        boolean keptUp = latencies.getTotalCount() >= expected * 0.99;
        result("deliveries_per_s=" + format(deliveredPerSecond) + " expected_per_s=" + format(expected / (double) durationSeconds)
                + " kept_up=" + keptUp + " " + Latencies.fields(latencies)
                + " rooms=" + rooms + " members=" + members + " rate=" + rate + " size=" + size + publishing.fields());
        return 0;
    }
}
