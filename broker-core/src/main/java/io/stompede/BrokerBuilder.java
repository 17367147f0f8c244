package io.stompede;

import io.stompede.application.ApplicationHandler;
import io.stompede.application.FrameInterceptor;
import io.stompede.cluster.ClusterBus;
import io.stompede.config.BrokerConfig.DestinationType;
import io.stompede.config.BrokerConfig.SlowConsumerPolicy;
import io.stompede.config.BrokerConfig;
import io.stompede.config.DurabilityConfig;
import io.stompede.config.ResumeConfig;
import io.stompede.destination.DestinationPattern;
import io.stompede.frame.FrameLimits;
import io.stompede.frame.StompVersion;
import io.stompede.observer.BrokerObserver;
import io.stompede.observer.WireTap;
import io.stompede.security.AsyncAuthenticator;
import io.stompede.security.Authenticator;
import io.stompede.security.Authorizer;
import io.stompede.security.LoginThrottle;
import io.stompede.store.FsyncPolicy;
import io.stompede.store.InMemoryMessageStore;
import io.stompede.store.JournalMessageStore;
import io.stompede.store.MessageStore;
import io.stompede.transport.ConnectionDecorator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Configures a broker. Every setting has a default fit for a developer's machine and safe
 * for a public deployment; see each method. Confined to the thread that configures it; the
 * broker it builds is thread-safe.
 */
public final class BrokerBuilder {
    private Set<StompVersion> versions = EnumSet.allOf(StompVersion.class);
    private FrameLimits frameLimits = FrameLimits.DEFAULTS;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration heartbeatFloor = DEFAULT_HEARTBEAT_FLOOR;
    private Duration heartbeatCeiling = DEFAULT_HEARTBEAT_CEILING;
    private double heartbeatGraceFactor = 2.0;
    private Set<String> virtualHosts = Set.of();
    private String topicPrefix = "/topic/";
    private String queuePrefix = "/queue/";
    private DestinationType defaultDestinationType = DestinationType.PUBLISH_SUBSCRIBE;
    private int defaultPrefetch = 1000;
    private int maxQueueDepth = 0;
    private int maxDeliveries = 10;
    private String deadLetterDestination = "/queue/DLQ";
    private int maxPendingTopicMessages = 10_000;
    private SlowConsumerPolicy slowConsumerPolicy = SlowConsumerPolicy.DROP_OLDEST;
    private int maxSubscriptionsPerSession = 1000;
    private int maxTransactionsPerSession = 16;
    private int maxFramesPerTransaction = 10_000;
    private long maxTransactionBytes = DEFAULT_MAX_TRANSACTION_BYTES;
    private int maxDurableSubscriptions = DEFAULT_MAX_DURABLE_SUBSCRIPTIONS;
    private int maxDurableSubscriptionsPerPrincipal = DEFAULT_MAX_DURABLE_SUBSCRIPTIONS_PER_PRINCIPAL;
    private int maxAnonymousDurableSubscriptions = DEFAULT_MAX_ANONYMOUS_DURABLE_SUBSCRIPTIONS;
    private int maxQueues = DEFAULT_MAX_QUEUES;
    private int maxQueuesPerPrincipal = DEFAULT_MAX_QUEUES_PER_PRINCIPAL;
    private Duration idleDestinationTimeout = DEFAULT_IDLE_DESTINATION_TIMEOUT;
    private Duration credentialsWarning = DEFAULT_CREDENTIALS_WARNING;
    AsyncAuthenticator authenticator = Authenticator.async(Authenticator.ALLOW_ALL);
    int authenticationThreads = AuthenticationWorkers.defaultThreads();
    int authenticationQueue = 1_000;
    MessageStore store = new InMemoryMessageStore();
    // ---- durability settings
    Path dataDirectory;
    private FsyncPolicy fsyncPolicy = FsyncPolicy.always();
    private final List<DestinationPattern> durableQueues = new ArrayList<>();
    private int maxDurableSubscriptionDepth = DurabilityConfig.DEFAULTS.maxDurableSubscriptionDepth();
    private final List<DurabilityConfig.HistoryRule> history = new ArrayList<>();
    private long maxMemoryBytes = DurabilityConfig.DEFAULTS.maxMemoryBytes();
    Clock clock = Clock.systemUTC();
    Authorizer authorizer = Authorizer.ALLOW_ALL;
    private LoginThrottle loginThrottle;
    private int maxFramesPerSecond = DEFAULT_MAX_FRAMES_PER_SECOND;
    private int maxThrottledSeconds = DEFAULT_MAX_THROTTLED_SECONDS;
    final Map<String, ApplicationHandler> applications = new LinkedHashMap<>();
    final List<FrameInterceptor> interceptors = new ArrayList<>();

    final List<BrokerObserver> observers = new ArrayList<>();
    WireTap wireTap;
    ConnectionDecorator connectionDecorator;
    ClusterBus clusterBus = ClusterBus.LOCAL;

    BrokerBuilder() {
    }

    /** The STOMP versions offered; default 1.0, 1.1 and 1.2. */
    public BrokerBuilder versions(StompVersion... supported) {
        this.versions = EnumSet.copyOf(List.of(supported));
        return this;
    }

    /** Frame size, header count, header line and body limits; default {@link FrameLimits#DEFAULTS}. */
    public BrokerBuilder frameLimits(FrameLimits limits) {
        this.frameLimits = Objects.requireNonNull(limits);
        return this;
    }

    /** How long a client may take between connecting and sending CONNECT; default 10 s. */
    public BrokerBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    /** See {@link #heartbeatBounds}. */
    public static final Duration DEFAULT_HEARTBEAT_FLOOR = Duration.ofSeconds(1);
    /** See {@link #heartbeatBounds}. */
    public static final Duration DEFAULT_HEARTBEAT_CEILING = Duration.ofMinutes(1);

    /**
     * The bounds within which the broker follows the heart-beats a client asks for: it sends at
     * the interval the client wants ({@code heart-beat}'s second figure), no more often than
     * {@code floor} and no more rarely than {@code ceiling}, and expects the client at the
     * interval it can send (the first figure), no more often than {@code floor}. A client that
     * asks for none gets none; a {@code ceiling} of {@link Duration#ZERO} turns heart-beats off.
     * CONNECTED states the intervals agreed. Default 1 s and 1 min: a client that asks for 1 s
     * heart-beats gets them, and a dead connection is found as fast as its client wanted.
     */
    public BrokerBuilder heartbeatBounds(Duration floor, Duration ceiling) {
        this.heartbeatFloor = Objects.requireNonNull(floor);
        this.heartbeatCeiling = Objects.requireNonNull(ceiling);
        return this;
    }

    /** How much longer than its interval a client may stay silent before it is closed; default 2.0. */
    public BrokerBuilder heartbeatGraceFactor(double factor) {
        this.heartbeatGraceFactor = factor;
        return this;
    }

    /** Accepts only CONNECTs whose {@code host} is one of these; default: any host. */
    public BrokerBuilder virtualHosts(String... hosts) {
        this.virtualHosts = Set.of(hosts);
        return this;
    }

    /** The prefix of publish-subscribe destinations; default {@code /topic/}. */
    public BrokerBuilder topicPrefix(String prefix) {
        this.topicPrefix = prefix;
        return this;
    }

    /** The prefix of point-to-point destinations; default {@code /queue/}. */
    public BrokerBuilder queuePrefix(String prefix) {
        this.queuePrefix = prefix;
        return this;
    }

    /** How destinations with neither prefix route; default publish-subscribe. */
    public BrokerBuilder defaultDestinationType(DestinationType type) {
        this.defaultDestinationType = type;
        return this;
    }

    /**
     * How many messages a subscription may hold unsettled when its SUBSCRIBE names no
     * {@code prefetch-count}; default 1000. For a queue, the queue hands the next message to
     * another consumer; for a topic subscription with {@code ack:client} or
     * {@code client-individual}, further messages wait behind the window, under the slow-consumer
     * policy ({@link #slowConsumers}), until the client acknowledges.
     */
    public BrokerBuilder defaultPrefetch(int prefetch) {
        this.defaultPrefetch = prefetch;
        return this;
    }

    /**
     * The most messages a queue keeps waiting; a SEND beyond it gets ERROR "queue is full" and an
     * in-process publish fails. Default 0, no count: the memory cap ({@link #maxMemory}) bounds
     * the queues, holding a queue's producers back until its consumers catch up, so a fast
     * producer beside a slow consumer is slowed down, not disconnected. Set a depth where a
     * queue that backs up should refuse rather than wait.
     */
    public BrokerBuilder maxQueueDepth(int depth) {
        this.maxQueueDepth = depth;
        return this;
    }

    /** After this many deliveries without an ACK a queue message is dead-lettered; default 10. */
    public BrokerBuilder maxDeliveries(int deliveries) {
        this.maxDeliveries = deliveries;
        return this;
    }

    /** Where dead-lettered messages go; default {@code /queue/DLQ}. */
    public BrokerBuilder deadLetterDestination(String destination) {
        this.deadLetterDestination = destination;
        return this;
    }

    /**
     * The slow-consumer policy and its bound: how many topic messages may wait for one
     * subscription before the oldest are dropped or the client is disconnected. Default
     * 10,000 and {@link SlowConsumerPolicy#DROP_OLDEST}.
     */
    public BrokerBuilder slowConsumers(int maxPendingTopicMessages, SlowConsumerPolicy policy) {
        this.maxPendingTopicMessages = maxPendingTopicMessages;
        this.slowConsumerPolicy = policy;
        return this;
    }

    /** The most subscriptions one session may hold; default 1000. */
    public BrokerBuilder maxSubscriptionsPerSession(int max) {
        this.maxSubscriptionsPerSession = max;
        return this;
    }

    /** Open transactions per session and frames per transaction; default 16 and 10,000. */
    public BrokerBuilder transactionLimits(int maxOpen, int maxFrames) {
        this.maxTransactionsPerSession = maxOpen;
        this.maxFramesPerTransaction = maxFrames;
        return this;
    }

    /** See {@link #maxTransactionBytes}. */
    public static final long DEFAULT_MAX_TRANSACTION_BYTES = 16L * 1024 * 1024;

    /**
     * The most bytes (bodies and headers) one session may hold in its open transactions together;
     * the SEND that would pass it gets ERROR "transaction too large". Default 16 MiB: a
     * transaction is held in memory until COMMIT, and the memory cap does not see it.
     */
    public BrokerBuilder maxTransactionBytes(long bytes) {
        this.maxTransactionBytes = bytes;
        return this;
    }

    /** See {@link #durableSubscriptionLimits}. */
    public static final int DEFAULT_MAX_DURABLE_SUBSCRIPTIONS = 10_000;
    /** See {@link #durableSubscriptionLimits}. */
    public static final int DEFAULT_MAX_DURABLE_SUBSCRIPTIONS_PER_PRINCIPAL = 100;
    /** See {@link #durableSubscriptionLimits}. */
    public static final int DEFAULT_MAX_ANONYMOUS_DURABLE_SUBSCRIPTIONS = 10;

    /**
     * How many durable subscriptions may exist: {@code total} on the broker, {@code perPrincipal}
     * created by one principal, and {@code anonymous} by clients that gave no login, counted by
     * their address; a SUBSCRIBE that would create one more gets ERROR "too many durable
     * subscriptions". Every durable subscription stores a copy of each message of its topic and
     * outlives its client, so each one costs disk for as long as it exists. Default 10,000, 100
     * and 10: an open broker still offers durable subscriptions out of the box. Subscriptions
     * restored from the journal count toward the total, and toward a principal when their name
     * says which ({@code login:NAME:...}).
     */
    public BrokerBuilder durableSubscriptionLimits(int total, int perPrincipal, int anonymous) {
        this.maxDurableSubscriptions = total;
        this.maxDurableSubscriptionsPerPrincipal = perPrincipal;
        this.maxAnonymousDurableSubscriptions = anonymous;
        return this;
    }

    /** See {@link #queueLimits}. */
    public static final int DEFAULT_MAX_QUEUES = 100_000;
    /** See {@link #queueLimits}. */
    public static final int DEFAULT_MAX_QUEUES_PER_PRINCIPAL = 10_000;

    /**
     * How many queues may exist: {@code total} on the broker and {@code perPrincipal} created by
     * one principal (clients that gave no login: by their address; a queue is created by the first
     * SEND or SUBSCRIBE that names it); the frame
     * that would create one more gets ERROR "too many queues". Reclaimed queues (see
     * {@link #idleDestinationTimeout}) no longer count. Default 100,000 and 10,000.
     */
    public BrokerBuilder queueLimits(int total, int perPrincipal) {
        this.maxQueues = total;
        this.maxQueuesPerPrincipal = perPrincipal;
        return this;
    }

    /** See {@link #idleDestinationTimeout}. */
    public static final Duration DEFAULT_IDLE_DESTINATION_TIMEOUT = Duration.ofMinutes(1);

    /**
     * How long a queue may stay empty with no consumer (and no durable subscription behind it)
     * before the broker forgets it; the next frame that names it creates it afresh. Nothing is
     * lost: an empty queue holds nothing but its name and the totals the admin view shows, which
     * start again. Default 1 minute; {@link Duration#ZERO} keeps every queue forever.
     */
    public BrokerBuilder idleDestinationTimeout(Duration timeout) {
        this.idleDestinationTimeout = Objects.requireNonNull(timeout);
        return this;
    }

    /**
     * Who may connect; default {@link Authenticator#ALLOW_ALL}. The broker calls it on its
     * authentication workers (see {@link #authenticationWorkers}), never on a transport thread,
     * so it may block; one that is also an {@link AsyncAuthenticator} (such as
     * {@link io.stompede.security.UsersFile#authenticator}) is called as that.
     */
    public BrokerBuilder authenticator(Authenticator authenticator) {
        this.authenticator = Authenticator.async(Objects.requireNonNull(authenticator));
        return this;
    }

    /**
     * Who may connect, answered later: for an authenticator that waits on a service through a
     * client of its own, or does slow work only some of the time. Replaces
     * {@link #authenticator(Authenticator)}.
     */
    public BrokerBuilder authenticator(AsyncAuthenticator authenticator) {
        this.authenticator = Objects.requireNonNull(authenticator);
        return this;
    }

    /**
     * The pool that checks logins off the transport threads: {@code threads} at most (default
     * half the processors, at least 1), and up to {@code queued} checks waiting for a thread
     * (default 1,000). A login that finds the queue full is refused with the generic ERROR.
     */
    public BrokerBuilder authenticationWorkers(int threads, int queued) {
        if (threads < 1 || queued < 1) {
            throw new IllegalArgumentException("need at least 1 thread and 1 queued check");
        }
        this.authenticationThreads = threads;
        this.authenticationQueue = queued;
        return this;
    }

    // ---- security and abuse limits

    /**
     * What each authenticated client may do: SEND to which destinations, SUBSCRIBE to which
     * (see {@link io.stompede.security.AccessRules} for the built-in rules file); default
     * {@link Authorizer#ALLOW_ALL}.
     */
    public BrokerBuilder authorizer(Authorizer authorizer) {
        this.authorizer = Objects.requireNonNull(authorizer);
        return this;
    }

    /** See {@link #credentialsWarning}. */
    public static final Duration DEFAULT_CREDENTIALS_WARNING = Duration.ofSeconds(60);

    /**
     * How long before a session's credentials expire (a token's {@code exp}, see
     * {@link io.stompede.security.StompPrincipal#expiresAt}) the broker warns it, with an
     * {@code x-notice:credentials-expiring} MESSAGE on its {@code /stompede/session} subscription,
     * so that the client can send new credentials before the ERROR {@code credentials expired}.
     * Default 60 s; {@link Duration#ZERO} warns at the expiry itself, which is to say not at all.
     */
    public BrokerBuilder credentialsWarning(Duration beforeExpiry) {
        this.credentialsWarning = Objects.requireNonNull(beforeExpiry);
        return this;
    }

    /**
     * How failed logins slow down the next ones from the same address; default a new
     * {@code LoginThrottle} waiting 1 s after a second failure, doubling up to 15 s, remembering up to
     * 10,000 addresses. {@link LoginThrottle#NONE} turns it off.
     */
    public BrokerBuilder loginThrottle(LoginThrottle throttle) {
        this.loginThrottle = Objects.requireNonNull(throttle);
        return this;
    }

    /** 0: no frame rate. Floods are held off by back-pressure on real resources instead; see {@link #inboundFrameRate}. */
    public static final int DEFAULT_MAX_FRAMES_PER_SECOND = 0;
    /** 0: a throttled client is slowed down, never disconnected; see {@link #inboundFrameRate}. */
    public static final int DEFAULT_MAX_THROTTLED_SECONDS = 0;

    /**
     * Inbound frames allowed per second and connection: past it the broker stops reading from
     * the connection until the second is over, so the client slows down to the rate. With
     * {@code maxThrottledSeconds > 0}, a client still over the rate after that many seconds in a
     * row gets an ERROR and is disconnected; with 0 it is only ever slowed down. Default 0 and 0:
     * no rate at all, because a well-behaved client must never be cut off for being fast; memory
     * and slow readers already hold a flood back (the broker stops reading from a producer while
     * queued messages are over the memory cap, or while its outbound buffers are full).
     */
    public BrokerBuilder inboundFrameRate(int maxFramesPerSecond, int maxThrottledSeconds) {
        this.maxFramesPerSecond = maxFramesPerSecond;
        this.maxThrottledSeconds = maxThrottledSeconds;
        return this;
    }

    LoginThrottle loginThrottle() {
        return loginThrottle != null ? loginThrottle
                : new LoginThrottle(Duration.ofSeconds(1), Duration.ofSeconds(15), LoginThrottle.DEFAULT_MAX_ADDRESSES);
    }

    /**
     * Where persistent messages are kept; default a new {@link InMemoryMessageStore}. The
     * caller owns the store and closes it after the broker. Replaces {@link #dataDirectory}.
     */
    public BrokerBuilder messageStore(MessageStore store) {
        this.store = Objects.requireNonNull(store);
        this.dataDirectory = null;
        return this;
    }

    /**
     * Keeps persistent messages in a {@link JournalMessageStore} in {@code dir} (created if
     * needed), which the broker opens when built (replaying what it holds) and closes when
     * closed. {@code policy} decides when a RECEIPT is sent: {@link FsyncPolicy#always()}
     * (the default) once the message is on disk. Replaces {@link #messageStore}.
     */
    public BrokerBuilder dataDirectory(Path dir, FsyncPolicy policy) {
        this.dataDirectory = Objects.requireNonNull(dir);
        this.fsyncPolicy = Objects.requireNonNull(policy);
        return this;
    }

    /**
     * Stores every message sent to a queue matching one of {@code patterns} (wildcards as for
     * subscriptions), as if it was sent with {@code persistent:true}. Default: none.
     */
    public BrokerBuilder durableQueues(String... patterns) {
        for (String pattern : patterns) {
            durableQueues.add(DestinationPattern.compile(pattern));
        }
        return this;
    }

    /**
     * How many messages a durable topic subscription keeps while its subscriber is away;
     * beyond that, newer messages are dropped for that subscription (and counted as dropped)
     * while the publisher is not failed. Default 10,000.
     */
    public BrokerBuilder maxDurableSubscriptionDepth(int depth) {
        this.maxDurableSubscriptionDepth = depth;
        return this;
    }

    /**
     * Lets topics matching {@code pattern} retain their last {@code count} messages, which a
     * SUBSCRIBE with {@code x-history:N} receives first. The first matching rule wins; with a
     * data directory, retained messages survive restarts. Default: no topic retains any.
     */
    public BrokerBuilder history(String pattern, int count) {
        history.add(new DurabilityConfig.HistoryRule(DestinationPattern.compile(pattern), count));
        return this;
    }

    /**
     * Caps the bytes of queue messages (bodies and headers) held in memory, shared among the
     * queues that hold them, so that one queue nobody consumes cannot stop every producer: from
     * half the cap on, a producer whose SEND lands on a queue over its share is paused (the broker
     * stops reading from it) until that queue is back under its share; from the cap on, such a
     * queue refuses messages that would stay in memory (ERROR "queue over its memory share"),
     * while stored ones page out to a journal; and half again above the cap, every queue not
     * being drained refuses them. See {@link io.stompede.routing.MemoryGauge}. Default: a quarter
     * of the maximum heap.
     */
    public BrokerBuilder maxMemory(long bytes) {
        this.maxMemoryBytes = bytes;
        return this;
    }

    /**
     * The clock that message expiry ({@code expires}) and credentials' expiry are judged by; default
     * the system clock.
     */
    public BrokerBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        return this;
    }

    /** The durability settings as they stand, validated. */
    public DurabilityConfig durability() {
        return new DurabilityConfig(durableQueues, maxDurableSubscriptionDepth, history, maxMemoryBytes);
    }

    MessageStore openJournal() {
        try {
            return JournalMessageStore.open(dataDirectory, fsyncPolicy);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the journal in " + dataDirectory, e);
        }
    }

    /**
     * Sends every SEND whose destination starts with {@code prefix} to {@code handler} instead
     * of routing it. The longest matching prefix wins.
     */
    public BrokerBuilder application(String prefix, ApplicationHandler handler) {
        applications.put(Objects.requireNonNull(prefix), Objects.requireNonNull(handler));
        return this;
    }

    /** Adds an interceptor that sees every inbound frame, in the order added. */
    public BrokerBuilder interceptor(FrameInterceptor interceptor) {
        interceptors.add(Objects.requireNonNull(interceptor));
        return this;
    }

    // ---- session resume

    private ResumeConfig resume = ResumeConfig.DEFAULTS;

    /**
     * Session resume (the {@code x-resume-*} headers): a session whose connection drops without
     * DISCONNECT is kept for {@code grace}, its subscriptions listening and what it delivered still
     * its own, for its client to resume with the token of its CONNECTED; the topic messages that
     * arrive meanwhile are kept up to {@code maxMessages} and {@code maxBytes} for the whole
     * session, later ones counted as missed. Default 2 minutes, 1,000 messages, 1 MiB.
     */
    public BrokerBuilder resume(Duration grace, int maxMessages, long maxBytes) {
        this.resume = new ResumeConfig(true, grace, maxMessages, maxBytes, resume.maxDetachedSessions(),
                resume.maxDetachedPerOwner());
        return this;
    }

    /**
     * How many detached sessions are kept at once: {@code total} on the broker and
     * {@code perOwner} per principal (per address for anonymous clients); a session that drops
     * past them ends at once. Default 10,000 and 1,000: a client dropping connections in a loop
     * keeps a bounded number, each bounded by {@link #resume}.
     */
    public BrokerBuilder detachedSessionLimits(int total, int perOwner) {
        this.resume = new ResumeConfig(resume.enabled(), resume.grace(), resume.maxMessages(), resume.maxBytes(),
                total, perOwner);
        return this;
    }

    /** Turns session resume off: no token on CONNECTED, and every session ends with its connection. */
    public BrokerBuilder noResume() {
        this.resume = new ResumeConfig(false, resume.grace(), resume.maxMessages(), resume.maxBytes(),
                resume.maxDetachedSessions(), resume.maxDetachedPerOwner());
        return this;
    }

    /** The resume settings as they stand, validated. */
    public ResumeConfig resumeConfig() {
        return resume;
    }

    /** The configuration as it stands, validated. */
    public BrokerConfig config() {
        return new BrokerConfig(Broker.SERVER_NAME, versions, frameLimits, connectTimeout, heartbeatFloor, heartbeatCeiling,
                heartbeatGraceFactor, virtualHosts, topicPrefix, queuePrefix, defaultDestinationType, defaultPrefetch,
                maxQueueDepth, maxDeliveries, deadLetterDestination, maxPendingTopicMessages, slowConsumerPolicy,
                maxSubscriptionsPerSession, maxTransactionsPerSession, maxFramesPerTransaction, maxTransactionBytes,
                maxFramesPerSecond, maxThrottledSeconds, maxDurableSubscriptions, maxDurableSubscriptionsPerPrincipal,
                maxAnonymousDurableSubscriptions, maxQueues, maxQueuesPerPrincipal, idleDestinationTimeout,
                credentialsWarning);
    }

    /**
     * Builds the broker; stored messages are restored to their queues first.
     *
     * @throws UncheckedIOException when the {@link #dataDirectory} cannot be opened
     */
    public Broker build() {
        return new Broker(this);
    }

    // ---- seams

    /**
     * Adds an observer that hears connections, sessions, subscriptions, messages, errors, dead
     * letters and slow consumers, in the order added, after the broker's own counters. Default: none.
     */
    public BrokerBuilder observer(BrokerObserver observer) {
        observers.add(Objects.requireNonNull(observer));
        return this;
    }

    /**
     * Lets {@code tap} see the bytes of every connection both ways, as the wire carries them; for
     * test kits and protocol debugging. Default none, at no cost.
     */
    public BrokerBuilder wireTap(WireTap tap) {
        this.wireTap = Objects.requireNonNull(tap);
        return this;
    }

    /**
     * Puts {@code decorator} between every connection and its session, able to change what
     * passes, as a test kit injecting faults does. Default none.
     */
    public BrokerBuilder connectionDecorator(ConnectionDecorator decorator) {
        this.connectionDecorator = Objects.requireNonNull(decorator);
        return this;
    }

    /**
     * Makes this broker one node of several that share their topics through {@code bus}; the
     * broker starts the bus when built and closes it when closed. Default {@link ClusterBus#LOCAL},
     * a single node.
     */
    public BrokerBuilder clusterBus(ClusterBus bus) {
        this.clusterBus = Objects.requireNonNull(bus);
        return this;
    }
}
