package io.stompede.standalone;

import static io.stompede.standalone.ValueTypes.bool;
import static io.stompede.standalone.ValueTypes.choice;
import static io.stompede.standalone.ValueTypes.decimal;
import static io.stompede.standalone.ValueTypes.directory;
import static io.stompede.standalone.ValueTypes.duration;
import static io.stompede.standalone.ValueTypes.existingFile;
import static io.stompede.standalone.ValueTypes.fsyncPolicy;
import static io.stompede.standalone.ValueTypes.listOf;
import static io.stompede.standalone.ValueTypes.mapOf;
import static io.stompede.standalone.ValueTypes.size;
import static io.stompede.standalone.ValueTypes.text;
import static io.stompede.standalone.ValueTypes.wholeNumber;

import io.stompede.Broker;
import io.stompede.config.BrokerConfig;
import io.stompede.config.BrokerConfig.DestinationType;
import io.stompede.config.BrokerConfig.SlowConsumerPolicy;
import io.stompede.config.DurabilityConfig;
import io.stompede.frame.FrameLimits;
import io.stompede.frame.StompVersion;
import io.stompede.security.LoginThrottle;
import io.stompede.store.FsyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of the broker, {@link io.stompede.BrokerBuilder}: protocol limits, heart-beats,
 * routing, dead letters, durability, the journal and security. One row per key: name, kind of
 * value, default, what it means, and the builder call; the calls that take several keys are in
 * {@link #COMBINED}. Defaults are read from a fresh builder, so they are the embedding API's own.
 * Immutable.
 */
final class BrokerKeys {
    private static final BrokerConfig DEFAULTS = Broker.builder().config();
    private static final DurabilityConfig DURABILITY = Broker.builder().durability();
    private static final int INT_MAX = Integer.MAX_VALUE;
    private static final Duration MILLI = Duration.ofMillis(1);
    private static final ValueType<String> NAME = text("a non-empty name", s -> !s.isBlank());
    private static final ValueType<String> PATTERN = text("a destination or pattern such as /topic/chat.**",
            s -> !s.isBlank());

    static final Key<Duration> CONNECT_TIMEOUT = Key.of("limits.connect-timeout", duration(MILLI),
            DEFAULTS.connectTimeout(), "Time a client has between connecting and sending CONNECT.",
            (b, v) -> b.broker().connectTimeout(v));
    static final Key<Long> MAX_FRAME_SIZE = Key.combined("limits.max-frame-size", size(1, INT_MAX),
            (long) DEFAULTS.frameLimits().maxFrameSize(), "Largest frame, command to NUL.");
    static final Key<Long> MAX_BODY_SIZE = Key.combined("limits.max-body-size", size(0, INT_MAX),
            (long) DEFAULTS.frameLimits().maxBodySize(), "Largest frame body; at most max-frame-size.");
    static final Key<Integer> MAX_HEADER_COUNT = Key.combined("limits.max-header-count", wholeNumber(1, INT_MAX),
            DEFAULTS.frameLimits().maxHeaderCount(), "Most header lines in a frame.");
    static final Key<Long> MAX_HEADER_LINE_LENGTH = Key.combined("limits.max-header-line-length", size(1, INT_MAX),
            (long) DEFAULTS.frameLimits().maxHeaderLineLength(), "Longest command or header line.");
    static final Key<Integer> MAX_FRAMES_PER_SECOND = Key.combined("limits.max-frames-per-second",
            wholeNumber(0, INT_MAX), DEFAULTS.maxFramesPerSecond(),
            "Inbound frames per second and connection; past it reading pauses for the second. 0: no rate.");
    static final Key<Integer> MAX_THROTTLED_SECONDS = Key.combined("limits.max-throttled-seconds",
            wholeNumber(0, INT_MAX), DEFAULTS.maxThrottledSeconds(),
            "Seconds in a row over the frame rate after which a client gets an ERROR; 0: never.");
    static final Key<Integer> MAX_SUBSCRIPTIONS = Key.of("limits.max-subscriptions-per-session",
            wholeNumber(1, INT_MAX), DEFAULTS.maxSubscriptionsPerSession(), "Subscriptions one session may hold.",
            (b, v) -> b.broker().maxSubscriptionsPerSession(v));
    static final Key<Integer> MAX_TRANSACTIONS = Key.combined("limits.max-transactions-per-session",
            wholeNumber(1, INT_MAX), DEFAULTS.maxTransactionsPerSession(), "Transactions one session may have open.");
    static final Key<Integer> MAX_FRAMES_PER_TRANSACTION = Key.combined("limits.max-frames-per-transaction",
            wholeNumber(1, INT_MAX), DEFAULTS.maxFramesPerTransaction(), "Frames one transaction may hold.");
    static final Key<Long> MAX_TRANSACTION_BYTES = Key.of("limits.max-transaction-bytes", size(1, Long.MAX_VALUE),
            DEFAULTS.maxTransactionBytes(), "Bytes one session may hold in its open transactions together.",
            (b, v) -> b.broker().maxTransactionBytes(v));
    static final Key<Integer> MAX_DURABLE_SUBSCRIPTIONS = Key.combined("limits.max-durable-subscriptions",
            wholeNumber(1, INT_MAX), DEFAULTS.maxDurableSubscriptions(), "Durable subscriptions on the broker.");
    static final Key<Integer> MAX_DURABLE_SUBSCRIPTIONS_PER_PRINCIPAL = Key.combined(
            "limits.max-durable-subscriptions-per-principal", wholeNumber(1, INT_MAX),
            DEFAULTS.maxDurableSubscriptionsPerPrincipal(), "Durable subscriptions one principal may create.");
    static final Key<Integer> MAX_ANONYMOUS_DURABLE_SUBSCRIPTIONS = Key.combined(
            "limits.max-anonymous-durable-subscriptions", wholeNumber(0, INT_MAX),
            DEFAULTS.maxAnonymousDurableSubscriptions(), "Durable subscriptions a client with no login may create, per address.");
    static final Key<Integer> MAX_QUEUES = Key.combined("limits.max-queues", wholeNumber(1, INT_MAX),
            DEFAULTS.maxQueues(), "Queues on the broker; a frame that would create one more gets an ERROR.");
    static final Key<Integer> MAX_QUEUES_PER_PRINCIPAL = Key.combined("limits.max-queues-per-principal",
            wholeNumber(1, INT_MAX), DEFAULTS.maxQueuesPerPrincipal(), "Queues one principal may create.");
    static final Key<Duration> IDLE_DESTINATION_TIMEOUT = Key.of("limits.idle-destination-timeout",
            duration(Duration.ZERO), DEFAULTS.idleDestinationTimeout(),
            "Time an empty queue with no consumer is kept before it is forgotten; 0: forever.",
            (b, v) -> b.broker().idleDestinationTimeout(v));
    static final Key<Integer> MAX_QUEUE_DEPTH = Key.of("limits.max-queue-depth", wholeNumber(0, INT_MAX),
            DEFAULTS.maxQueueDepth(), "Messages a queue keeps waiting; a SEND beyond it gets an ERROR. 0: no count (max-memory still holds).",
            (b, v) -> b.broker().maxQueueDepth(v));
    static final Key<Integer> DEFAULT_PREFETCH = Key.of("limits.default-prefetch", wholeNumber(1, INT_MAX),
            DEFAULTS.defaultPrefetch(), "Unsettled queue messages per subscription whose SUBSCRIBE names none.",
            (b, v) -> b.broker().defaultPrefetch(v));
    static final Key<Integer> SLOW_CONSUMER_BACKLOG = Key.combined("limits.slow-consumer-backlog",
            wholeNumber(1, INT_MAX), DEFAULTS.maxPendingTopicMessages(),
            "Topic messages that may wait for one subscription before the slow-consumer policy acts.");
    static final Key<SlowConsumerPolicy> SLOW_CONSUMER_POLICY = Key.combined("limits.slow-consumer-policy",
            choice(SlowConsumerPolicy.class), DEFAULTS.slowConsumerPolicy(),
            "What happens past the backlog: drop-oldest (messages) or disconnect (the subscriber).");
    static final Key<Long> MAX_MEMORY = Key.of("limits.max-memory", size(1, Long.MAX_VALUE), null,
            "Queue message bytes in memory, shared among queues; none: a quarter of the heap.",
            (b, v) -> {
                if (v != null) {
                    b.broker().maxMemory(v);
                }
            });

    static final Key<Duration> HEARTBEAT_FLOOR = Key.combined("heartbeat.floor", duration(Duration.ZERO),
            DEFAULTS.heartbeatFloor(), "Shortest heart-beat interval the broker agrees to, either way.");
    static final Key<Duration> HEARTBEAT_CEILING = Key.combined("heartbeat.ceiling", duration(Duration.ZERO),
            DEFAULTS.heartbeatCeiling(), "Longest interval between the broker's heart-beats; 0 turns heart-beats off.");
    static final Key<Double> HEARTBEAT_GRACE = Key.of("heartbeat.grace-factor", decimal(1.0),
            DEFAULTS.heartbeatGraceFactor(), "How much longer than its interval a client may stay silent.",
            (b, v) -> b.broker().heartbeatGraceFactor(v));

    static final Key<List<StompVersion>> VERSIONS = Key.of("stomp.versions", listOf(choice(versionNames())),
            DEFAULTS.versions().stream().sorted().toList(), "STOMP versions offered.",
            (b, v) -> b.broker().versions(v.toArray(StompVersion[]::new)));
    static final Key<List<String>> VIRTUAL_HOSTS = Key.of("stomp.virtual-hosts", listOf(NAME), List.of(),
            "CONNECT host values accepted; empty accepts any.",
            (b, v) -> b.broker().virtualHosts(v.toArray(String[]::new)));
    static final Key<String> TOPIC_PREFIX = Key.of("stomp.topic-prefix", NAME, DEFAULTS.topicPrefix(),
            "Prefix of publish-subscribe destinations.", (b, v) -> b.broker().topicPrefix(v));
    static final Key<String> QUEUE_PREFIX = Key.of("stomp.queue-prefix", NAME, DEFAULTS.queuePrefix(),
            "Prefix of point-to-point destinations.", (b, v) -> b.broker().queuePrefix(v));
    static final Key<DestinationType> DEFAULT_TYPE = Key.of("stomp.default-destination-type",
            choice(DestinationType.class), DEFAULTS.defaultDestinationType(),
            "How destinations with neither prefix route: publish-subscribe or point-to-point.",
            (b, v) -> b.broker().defaultDestinationType(v));

    static final Key<String> DEAD_LETTER_DESTINATION = Key.of("dead-letters.destination", NAME,
            DEFAULTS.deadLetterDestination(), "Where dead-lettered queue messages go.",
            (b, v) -> b.broker().deadLetterDestination(v));
    static final Key<Integer> MAX_DELIVERIES = Key.of("dead-letters.max-deliveries", wholeNumber(1, INT_MAX),
            DEFAULTS.maxDeliveries(), "Deliveries without an ACK after which a queue message is dead-lettered.",
            (b, v) -> b.broker().maxDeliveries(v));

    static final Key<List<String>> DURABLE_QUEUES = Key.of("durability.durable-queues", listOf(PATTERN), List.of(),
            "Queues (patterns) whose every message is stored, as if sent with persistent:true.",
            (b, v) -> b.broker().durableQueues(v.toArray(String[]::new)));
    static final Key<Map<String, Integer>> HISTORY = Key.of("durability.history",
            mapOf(PATTERN, wholeNumber(1, INT_MAX)), Map.of(),
            "Topics (patterns) that retain their last N messages for SUBSCRIBE x-history; the first match wins.",
            (b, v) -> v.forEach(b.broker()::history));
    static final Key<Integer> MAX_DURABLE_SUBSCRIPTION_DEPTH = Key.of("durability.max-durable-subscription-depth",
            wholeNumber(1, INT_MAX), DURABILITY.maxDurableSubscriptionDepth(),
            "Messages a durable subscription keeps while its subscriber is away.",
            (b, v) -> b.broker().maxDurableSubscriptionDepth(v));

    static final Key<Path> DATA_DIR = Key.combined("journal.data-dir", directory(), null,
            "Directory of the journal that keeps persistent messages, durable subscriptions and history; "
                    + "none: memory only.");
    static final Key<FsyncPolicy> FSYNC = Key.combined("journal.fsync", fsyncPolicy(), FsyncPolicy.always(),
            "When the journal forces writes to disk: always (before each RECEIPT), interval[:MILLIS] or never.");

    static final Key<Path> USERS = Key.combined("security.users", existingFile(), null,
            "Users file (see 'stompede user add'); only its users may connect. None: everyone may.");
    static final Key<Boolean> ALLOW_ANONYMOUS = Key.combined("security.allow-anonymous", bool(), false,
            "With a users file, also accept clients that give no login, as 'anonymous'.");
    static final Key<Path> ACL = Key.combined("security.acl", existingFile(), null,
            "Access rules file: who may send and subscribe where. None: everything is allowed.");
    static final Key<Duration> LOGIN_THROTTLE_DELAY = Key.combined("security.login-throttle-delay",
            duration(Duration.ZERO), Duration.ofSeconds(1),
            "Wait before the next login from an address after its second failure, doubling; 0 turns it off.");
    static final Key<Duration> LOGIN_THROTTLE_MAX_DELAY = Key.combined("security.login-throttle-max-delay",
            duration(Duration.ZERO), Duration.ofSeconds(15), "Longest such wait; a login that would wait longer is refused.");
    static final Key<Integer> LOGIN_THROTTLE_ADDRESSES = Key.combined("security.login-throttle-addresses",
            wholeNumber(1, INT_MAX), LoginThrottle.DEFAULT_MAX_ADDRESSES, "Addresses the login throttle remembers.");
    static final Key<Integer> AUTHENTICATION_THREADS = Key.combined("security.authentication-threads",
            wholeNumber(0, 4096), 0, "Threads that check logins; 0 for half the cores, at least one.");
    static final Key<Integer> AUTHENTICATION_QUEUE = Key.combined("security.authentication-queue",
            wholeNumber(1, INT_MAX), 1_000, "Logins that may wait for a thread; one more is refused.");

    static final List<Key<?>> KEYS = List.of(CONNECT_TIMEOUT, MAX_FRAME_SIZE, MAX_BODY_SIZE, MAX_HEADER_COUNT,
            MAX_HEADER_LINE_LENGTH, MAX_FRAMES_PER_SECOND, MAX_THROTTLED_SECONDS, MAX_SUBSCRIPTIONS, MAX_TRANSACTIONS,
            MAX_FRAMES_PER_TRANSACTION, MAX_TRANSACTION_BYTES, MAX_DURABLE_SUBSCRIPTIONS,
            MAX_DURABLE_SUBSCRIPTIONS_PER_PRINCIPAL, MAX_ANONYMOUS_DURABLE_SUBSCRIPTIONS, MAX_QUEUES,
            MAX_QUEUES_PER_PRINCIPAL, IDLE_DESTINATION_TIMEOUT, MAX_QUEUE_DEPTH, DEFAULT_PREFETCH, SLOW_CONSUMER_BACKLOG, SLOW_CONSUMER_POLICY,
            MAX_MEMORY, HEARTBEAT_FLOOR, HEARTBEAT_CEILING, HEARTBEAT_GRACE, VERSIONS, VIRTUAL_HOSTS, TOPIC_PREFIX,
            QUEUE_PREFIX, DEFAULT_TYPE, DEAD_LETTER_DESTINATION, MAX_DELIVERIES, DURABLE_QUEUES, HISTORY,
            MAX_DURABLE_SUBSCRIPTION_DEPTH, DATA_DIR, FSYNC, USERS, ALLOW_ANONYMOUS, ACL, LOGIN_THROTTLE_DELAY,
            LOGIN_THROTTLE_MAX_DELAY, LOGIN_THROTTLE_ADDRESSES, AUTHENTICATION_THREADS, AUTHENTICATION_QUEUE);

    static final List<Combined> COMBINED = List.of(
            Combined.of((b, s) -> b.broker().frameLimits(new FrameLimits(Math.toIntExact(s.get(MAX_FRAME_SIZE)),
                    s.get(MAX_HEADER_COUNT), Math.toIntExact(s.get(MAX_HEADER_LINE_LENGTH)),
                    Math.toIntExact(s.get(MAX_BODY_SIZE)))),
                    MAX_FRAME_SIZE, MAX_BODY_SIZE, MAX_HEADER_COUNT, MAX_HEADER_LINE_LENGTH),
            Combined.of((b, s) -> b.broker().inboundFrameRate(s.get(MAX_FRAMES_PER_SECOND), s.get(MAX_THROTTLED_SECONDS)),
                    MAX_FRAMES_PER_SECOND, MAX_THROTTLED_SECONDS),
            Combined.of((b, s) -> b.broker().transactionLimits(s.get(MAX_TRANSACTIONS), s.get(MAX_FRAMES_PER_TRANSACTION)),
                    MAX_TRANSACTIONS, MAX_FRAMES_PER_TRANSACTION),
            Combined.of((b, s) -> b.broker().durableSubscriptionLimits(s.get(MAX_DURABLE_SUBSCRIPTIONS),
                    s.get(MAX_DURABLE_SUBSCRIPTIONS_PER_PRINCIPAL), s.get(MAX_ANONYMOUS_DURABLE_SUBSCRIPTIONS)),
                    MAX_DURABLE_SUBSCRIPTIONS, MAX_DURABLE_SUBSCRIPTIONS_PER_PRINCIPAL, MAX_ANONYMOUS_DURABLE_SUBSCRIPTIONS),
            Combined.of((b, s) -> b.broker().queueLimits(s.get(MAX_QUEUES), s.get(MAX_QUEUES_PER_PRINCIPAL)),
                    MAX_QUEUES, MAX_QUEUES_PER_PRINCIPAL),
            Combined.of((b, s) -> b.broker().slowConsumers(s.get(SLOW_CONSUMER_BACKLOG), s.get(SLOW_CONSUMER_POLICY)),
                    SLOW_CONSUMER_BACKLOG, SLOW_CONSUMER_POLICY),
            Combined.of((b, s) -> b.broker().heartbeatBounds(s.get(HEARTBEAT_FLOOR), s.get(HEARTBEAT_CEILING)),
                    HEARTBEAT_FLOOR, HEARTBEAT_CEILING),
            Combined.of((b, s) -> {
                if (s.get(DATA_DIR) != null) {
                    b.broker().dataDirectory(s.get(DATA_DIR), s.get(FSYNC));
                }
            }, DATA_DIR, FSYNC),
            Combined.of((b, s) -> b.broker().loginThrottle(new LoginThrottle(s.get(LOGIN_THROTTLE_DELAY),
                    s.get(LOGIN_THROTTLE_MAX_DELAY), s.get(LOGIN_THROTTLE_ADDRESSES))),
                    LOGIN_THROTTLE_DELAY, LOGIN_THROTTLE_MAX_DELAY, LOGIN_THROTTLE_ADDRESSES),
            Combined.of((b, s) -> b.broker().authenticationWorkers(authenticationThreads(s.get(AUTHENTICATION_THREADS)),
                    s.get(AUTHENTICATION_QUEUE)), AUTHENTICATION_THREADS, AUTHENTICATION_QUEUE));

    private BrokerKeys() {
    }

    private static Map<String, StompVersion> versionNames() {
        Map<String, StompVersion> names = new LinkedHashMap<>();
        Arrays.stream(StompVersion.values()).forEach(v -> names.put(v.wireValue(), v));
        return names;
    }

    /** 0 means the builder's own default, half the processors and at least one. */
    private static int authenticationThreads(int configured) {
        return configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }
}
