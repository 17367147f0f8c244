package io.stompede.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Many idle, CONNECTed connections: whether the broker holds them all, and what each costs it in
 * resident memory and, for a JVM broker, in live heap.
 */
@Command(name = "connections", mixinStandardHelpOptions = true,
        description = "N idle CONNECTed connections; prints how many the broker held and its RSS and heap per connection.")
final class ConnectionsScenario extends Scenario {
    @Option(names = "--count", defaultValue = "1000", description = "Connections (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--batch", defaultValue = "500", description = "Connections opened at once (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--hold", defaultValue = "5", description = "Seconds to hold the connections after measuring (default: ${DEFAULT-VALUE}).")
    int holdSeconds;

    @Override
    String name() {
        return "connections";
    }

    @Override
    int run() throws Exception {
        // An idle connection receives only CONNECTED: small buffers keep the tool's own heap small.
        target.bufferBytes = 1024;
        BrokerProcess broker = brokerPid == null ? null : new BrokerProcess(brokerPid);
        // Heap first: its full GC would otherwise shrink the resident set between the two readings.
        OptionalLong heapBefore = broker == null ? OptionalLong.empty() : broker.liveHeapKb();
        OptionalLong rssBefore = broker == null ? OptionalLong.empty() : broker.rssKb();
        List<StompClient> all = new ArrayList<>();
        while (all.size() < count) {
            List<StompClient> group = new ArrayList<>();
            for (int i = 0; i < batch && all.size() < count; i++) {
                StompClient client = open((c, frame) -> { });
                group.add(client);
                all.add(client);
            }
            awaitConnected(group);
        }
        Thread.sleep(2000);
        OptionalLong heapAfter = broker == null ? OptionalLong.empty() : broker.liveHeapKb();
        OptionalLong rssAfter = broker == null ? OptionalLong.empty() : broker.rssKb();
        Thread.sleep(holdSeconds * 1000L);
        long held = all.stream().filter(c -> !c.closed).count();
        result("connections=" + count + " held=" + held
                + " rss_kb_per_conn=" + perConnection(rssBefore, rssAfter)
                + " heap_kb_per_conn=" + perConnection(heapBefore, heapAfter));
        return 0;
    }

    private String perConnection(OptionalLong before, OptionalLong after) {
        if (before.isEmpty() || after.isEmpty()) {
            return "n/a";
        }
        return String.format(java.util.Locale.ROOT, "%.2f", (after.getAsLong() - before.getAsLong()) / (double) count);
    }
}
