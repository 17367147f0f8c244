package io.stompede.netty.admin;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.stompede.Broker;
import io.stompede.BrokerStats;
import io.stompede.admin.DestinationSummary;
import io.stompede.cluster.redis.RedisClusterBus;
import io.stompede.netty.admin.BrokerCounts.DestinationClass;
import io.stompede.store.StoreStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The broker's figures as Prometheus metrics, read when scraped: connections, sessions (and those
 * kept for resume), subscriptions, messages and bytes in and out per class of destination, queue depths (the
 * {@value #MAX_QUEUE_SERIES} deepest queues each, and all of them summed), the journal's records,
 * bytes, fsyncs and their time, segments and live entries, ERRORs by reason, dead letters, and with a cluster its Redis figures. Every
 * metric reads the broker through a callback (one {@code Broker.stats()} per scrape); only the
 * observer's {@link BrokerCounts} count anything. Its own registry, so that two endpoints in one
 * JVM do not share metrics.
 *
 * <p>Confined to the admin event loop, on which every scrape runs.
 */
final class BrokerMetrics {
    /** Queues that get a depth series of their own, the deepest first; the others are only summed. */
    static final int MAX_QUEUE_SERIES = 1000;

    private static final ExpositionFormatWriter PROMETHEUS = PrometheusTextFormatWriter.create();
    private static final ExpositionFormatWriter OPEN_METRICS = OpenMetricsTextFormatWriter.create();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Broker broker;
    // Read once at the start of each scrape, for every metric that comes from the broker's stats.
    private BrokerStats stats;
    private StoreStats storeStats;

    /** The text of one scrape and its content type. */
    record Scrape(String contentType, byte[] body) {
    }

    BrokerMetrics(Broker broker, BrokerCounts counts, RedisClusterBus cluster, String version) {
        this.broker = broker;
        Info.builder().name("stompede_build").help("The broker's version (and cluster node), as a label.")
                .labelNames("version", "node").register(registry)
                .setLabelValues(version, cluster == null ? "" : cluster.nodeId());
        gauge("stompede_connections", "Open client connections, connected or not yet.", BrokerStats::connections);
        gauge("stompede_sessions", "Sessions that completed CONNECT.", BrokerStats::connectedSessions);
        GaugeWithCallback.builder().name("stompede_sessions_detached")
                .help("Sessions kept for resume after their connection dropped, not counted in stompede_sessions.")
                .callback(callback -> callback.call(broker.detachedSessions())).register(registry);
        gauge("stompede_subscriptions", "Client and in-process subscriptions.", BrokerStats::subscriptionCount);
        gauge("stompede_queued_messages", "Messages waiting in all queues together.",
                s -> s.queueDepths().values().stream().mapToLong(Integer::longValue).sum());
        gauge("stompede_queue_in_flight_messages", "Queue messages handed to consumers and not settled yet.",
                BrokerStats::queueInFlight);
        gauge("stompede_awaiting_ack_messages", "Deliveries written to clients that await ACK or NACK.",
                BrokerStats::awaitingAck);
        gauge("stompede_queue_memory_bytes", "Estimated bytes of queue messages held in memory, which the memory "
                + "cap bounds.", BrokerStats::queueMemoryBytes);
        gauge("stompede_journal_paged_out_messages", "Stored queue messages kept in the journal on disk rather "
                + "than in memory.", BrokerStats::pagedOut);
        GaugeWithCallback.builder().name("stompede_queue_depth")
                .help("Messages waiting per queue or durable subscription; the " + MAX_QUEUE_SERIES
                        + " deepest only (stompede_queued_messages sums all).")
                .labelNames("queue", "kind")
                .callback(callback -> deepestQueues().forEach(queue -> callback.call(queue.depth(), queue.name(),
                        queue.kind().name().toLowerCase(Locale.ROOT))))
                .register(registry);
        counter("stompede_messages_dropped", "Topic messages dropped for slow consumers.",
                () -> stats.messagesDropped());
        perClass("stompede_messages_received", "Messages accepted from clients and in-process publishers, by the "
                + "class of their destination.", counts::messagesIn);
        perClass("stompede_messages_delivered", "Messages written to clients or handed to in-process listeners, by "
                + "the class of their destination.", counts::messagesOut);
        perClass("stompede_received_bytes", "Body bytes of the messages received.", counts::bytesIn);
        perClass("stompede_delivered_bytes", "Body bytes of the messages delivered.", counts::bytesOut);
        counter("stompede_connections_opened", "Client connections opened.", counts::connectionsOpened);
        counter("stompede_sessions_connected", "Clients that completed CONNECT.", counts::sessionsConnected);
        labelled("stompede_errors", "ERROR frames sent to clients, by their message (the first "
                + BrokerCounts.MAX_REASONS + " distinct ones; the rest as other).", "reason", counts.errors());
        labelled("stompede_dead_letters", "Queue messages dead-lettered, by reason.", "reason", counts.deadLetters());
        counter("stompede_slow_consumer_disconnects", "Clients disconnected for not keeping up.",
                counts::slowConsumerDisconnects);
        counter("stompede_producer_pauses", "Times reading from a producer paused for queued memory over the cap.",
                counts::producerPauses);
        if (broker.storeStats().isPresent()) {
            journalMetrics();
        }
        if (cluster != null) {
            clusterMetrics(cluster);
        }
    }

    /** Only with a journal: a broker without one has nothing on disk to tell of. */
    private void journalMetrics() {
        counter("stompede_journal_records_written", "Records the journal wrote: messages stored and settled, "
                + "durable subscriptions bound and unbound.", () -> journal().recordsWritten());
        counter("stompede_journal_written_bytes", "Bytes of the records the journal wrote.",
                () -> journal().bytesWritten());
        counter("stompede_journal_fsyncs", "Times the journal forced its writes to the disk.", () -> journal().fsyncs());
        CounterWithCallback.builder().name("stompede_journal_fsync_seconds")
                .help("Time spent forcing the journal's writes to the disk; against the fsyncs, a slow disk.")
                .callback(callback -> callback.call(journal().fsyncNanos() / 1e9)).register(registry);
        GaugeWithCallback.builder().name("stompede_journal_segments").help("Journal segment files kept.")
                .callback(callback -> callback.call(journal().segments())).register(registry);
        GaugeWithCallback.builder().name("stompede_journal_live_entries")
                .help("Stored messages and bindings not settled yet, which a restart recovers.")
                .callback(callback -> callback.call(journal().liveEntries())).register(registry);
        GaugeWithCallback.builder().name("stompede_journal_failed")
                .help("1 once the journal stopped writing after an error (persistent messages are refused), else 0.")
                .callback(callback -> callback.call(journal().failed() ? 1 : 0)).register(registry);
    }

    private StoreStats journal() {
        return storeStats;
    }

    private void clusterMetrics(RedisClusterBus cluster) {
        GaugeWithCallback.builder().name("stompede_cluster_connected")
                .help("1 while this node's connections to Redis are up, else 0.")
                .callback(callback -> callback.call(cluster.connected() ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name("stompede_cluster_subscriptions")
                .help("Redis channels and patterns this node is subscribed to.")
                .callback(callback -> callback.call(cluster.stats().subscriptions())).register(registry);
        GaugeWithCallback.builder().name("stompede_cluster_round_trip_seconds")
                .help("The last heartbeat's round trip to Redis.")
                .callback(callback -> {
                    long micros = cluster.stats().roundTripMicros();
                    if (micros >= 0) {
                        callback.call(micros / 1e6);
                    }
                }).register(registry);
        List<ClusterCounter> counters = List.of(
                new ClusterCounter("published_messages", "Topic messages Redis accepted from this node.",
                        RedisClusterBus.Stats::published),
                new ClusterCounter("publish_failures", "Topic messages that did not reach Redis.",
                        RedisClusterBus.Stats::publishFailures),
                new ClusterCounter("received_messages", "Other nodes' topic messages delivered here.",
                        RedisClusterBus.Stats::received),
                new ClusterCounter("undecodable_messages", "Messages on the cluster's channels that were dropped as "
                        + "unreadable.", RedisClusterBus.Stats::undecodable),
                new ClusterCounter("disconnects", "Connections to Redis lost.", RedisClusterBus.Stats::disconnects),
                new ClusterCounter("enqueued_messages", "Shared queue messages Redis accepted from this node.",
                        RedisClusterBus.Stats::enqueued),
                new ClusterCounter("enqueue_failures", "Shared queue messages Redis refused or did not get.",
                        RedisClusterBus.Stats::enqueueFailures),
                new ClusterCounter("fetched_messages", "Shared queue messages handed to this node's consumers.",
                        RedisClusterBus.Stats::fetched),
                new ClusterCounter("claimed_messages", "Shared queue messages claimed from dead nodes or given back.",
                        RedisClusterBus.Stats::claimed),
                new ClusterCounter("acknowledged_messages", "Shared queue messages this node settled at Redis.",
                        RedisClusterBus.Stats::acknowledged),
                new ClusterCounter("given_back_messages", "Shared queue messages handed back for other nodes.",
                        RedisClusterBus.Stats::givenBack));
        for (ClusterCounter counter : counters) {
            counter("stompede_cluster_" + counter.name(), counter.help(), () -> counter.value().applyAsLong(cluster.stats()));
        }
    }

    private record ClusterCounter(String name, String help, ToLongFunction<RedisClusterBus.Stats> value) {
    }

    private void gauge(String name, String help, ToDoubleFunction<BrokerStats> value) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(value.applyAsDouble(stats))).register(registry);
    }

    private void counter(String name, String help, LongSupplier value) {
        CounterWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(value.getAsLong())).register(registry);
    }

    private void perClass(String name, String help, ToLongFunction<DestinationClass> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("class")
                .callback(callback -> {
                    for (DestinationClass kind : DestinationClass.values()) {
                        callback.call(value.applyAsLong(kind), kind.label);
                    }
                }).register(registry);
    }

    private void labelled(String name, String help, String label, BoundedLabels counts) {
        CounterWithCallback.builder().name(name).help(help).labelNames(label)
                .callback(callback -> {
                    for (Map.Entry<String, Long> count : counts.snapshot().entrySet()) {
                        callback.call(count.getValue(), count.getKey());
                    }
                }).register(registry);
    }

    private List<DestinationSummary> deepestQueues() {
        return broker.destinations().stream()
                .filter(d -> d.kind() != DestinationSummary.Kind.TOPIC)
                .sorted(Comparator.comparingInt(DestinationSummary::depth).reversed()
                        .thenComparing(DestinationSummary::name))
                .limit(MAX_QUEUE_SERIES)
                .toList();
    }

    /**
     * Every metric now, in the Prometheus text format 0.0.4, or in OpenMetrics when {@code accept}
     * (the request's {@code Accept} header, or {@code null}) asks for it.
     */
    Scrape scrape(String accept) {
        ExpositionFormatWriter writer = accept != null && accept.contains("application/openmetrics-text")
                ? OPEN_METRICS : PROMETHEUS;
        stats = broker.stats();
        storeStats = broker.storeStats().orElse(null);
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to memory", e);
        }
        return new Scrape(writer.getContentType(), out.toByteArray());
    }
}
