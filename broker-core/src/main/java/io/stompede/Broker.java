package io.stompede;

import io.stompede.application.FrameInterceptor;
import io.stompede.application.ApplicationHandler;
import io.stompede.config.DurabilityConfig;
import io.stompede.config.BrokerConfig;
import io.stompede.config.BrokerConfig.DestinationType;
import io.stompede.config.BrokerConfig.SlowConsumerPolicy;
import io.stompede.frame.FrameLimits;
import io.stompede.frame.Headers;
import io.stompede.frame.StompVersion;
import io.stompede.message.MessageIds;
import io.stompede.routing.Router;
import io.stompede.security.AsyncAuthenticator;
import io.stompede.security.Authenticator;
import io.stompede.security.Authorizer;
import io.stompede.security.LoginThrottle;
import io.stompede.session.ApplicationDestinations;
import io.stompede.session.BrokerCounters;
import io.stompede.session.BrokerServices;
import io.stompede.transport.Connection;
import io.stompede.session.Session;
import io.stompede.session.Sessions;
import io.stompede.destination.DestinationPattern;
import io.stompede.message.Message;
import io.stompede.store.FsyncPolicy;
import io.stompede.store.InMemoryMessageStore;
import io.stompede.store.JournalMessageStore;
import io.stompede.store.MessageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A STOMP broker: destinations, subscriptions, queues and sessions, with no transport of its own.
 * A transport (the Netty module, or {@code InMemoryConnection} in tests) opens a {@link Session}
 * per client connection; an embedding application publishes and subscribes in-process.
 *
 * <pre>{@code
 * Broker broker = Broker.builder()
 *         .application("/app/", (message, context) -> context.publish("/topic/echo", message.bodyAsString()))
 *         .build();
 * broker.subscribe("/topic/**", message -> log.info("{}", message.bodyAsString()));
 * broker.publish("/topic/greetings", "hello");
 * }</pre>
 *
 * <p>Thread-safe. Several brokers in one JVM share nothing.
 */
public final class Broker implements AutoCloseable {
    /** The name and version sent in CONNECTED's {@code server} header. */
    public static final String SERVER_NAME = "Stompede/0.1.0";

    private final BrokerConfig config;
    private final DurabilityConfig durability;
    private final BrokerServices services;
    private final Router router;
    private final MessageStore store;
    private final boolean ownsStore;
    private final AuthenticationWorkers authenticationWorkers;
    private volatile boolean closed;

    private Broker(Builder builder) {
        this.config = builder.config();
        this.ownsStore = builder.dataDirectory != null;
        this.store = ownsStore ? builder.openJournal() : builder.store;
        this.durability = builder.durability();
        this.router = new Router(config, durability, store, new MessageIds(), builder.clock);
        this.authenticationWorkers = new AuthenticationWorkers(builder.authenticationThreads,
                builder.authenticationQueue);
        this.services = new BrokerServices(config, builder.authenticator, authenticationWorkers, router,
                new ApplicationDestinations(builder.applications), builder.interceptors,
                new Sessions(""), new BrokerCounters(), builder.authorizer, builder.loginThrottle());
        store.replay(new MessageStore.Recovery() {
            @Override
            public void binding(String queue, String topicPattern) {
                router.restoreDurableSubscription(queue, topicPattern);
            }

            @Override
            public void message(String queue, long location, Supplier<Message> message) {
                router.restore(queue, location, message);
            }
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    public BrokerConfig config() {
        return config;
    }

    /** What this broker stores, retains and holds in memory. */
    public DurabilityConfig durability() {
        return durability;
    }

    /**
     * Opens a session for a new transport connection. The transport then feeds it what the
     * client sends and tells it when the connection closes.
     *
     * @throws IllegalStateException when the broker is closed
     */
    public Session openSession(Connection connection) {
        if (closed) {
            throw new IllegalStateException("the broker is closed");
        }
        return Session.open(services, connection);
    }

    /**
     * Publishes a message as if a client had sent it: to every subscriber of a topic, or to one
     * consumer of a queue. The stage completes once the message is routed (and stored, when
     * persistent); it fails when a queue is full.
     */
    public CompletableFuture<Void> publish(String destination, Headers headers, byte[] body) {
        Objects.requireNonNull(destination, "destination");
        services.counters().publishedInProcess();
        return router.publish(destination, headers, body);
    }

    /** Publishes a UTF-8 text with {@code content-type:text/plain}. */
    public CompletableFuture<Void> publish(String destination, String text) {
        return publish(destination, Headers.of("content-type", "text/plain;charset=UTF-8"),
                text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Subscribes a listener in-process: to a topic, a wildcard pattern ({@code *} one segment,
     * {@code **} or {@code #} any number, segments split on {@code /} or {@code .}), or a queue,
     * whose messages it then shares round robin with the queue's other consumers.
     */
    public Subscription subscribe(String destinationOrPattern, MessageListener listener) {
        Objects.requireNonNull(destinationOrPattern, "destinationOrPattern");
        Objects.requireNonNull(listener, "listener");
        if (router.isQueue(destinationOrPattern) && io.stompede.destination.SubscriptionRegistry.isWildcard(destinationOrPattern)) {
            throw new IllegalArgumentException("a queue subscription names one queue, not a pattern: " + destinationOrPattern);
        }
        ListenerSubscription subscription = new ListenerSubscription(destinationOrPattern, listener, router,
                config.defaultPrefetch(), services.counters());
        subscription.start();
        return subscription;
    }

    /** A snapshot of connections, subscriptions, message counts and queue depths. */
    public BrokerStats stats() {
        BrokerCounters counters = services.counters();
        return new BrokerStats(services.sessions().count(), services.sessions().connectedCount(),
                router.subscriptionCounts(), counters.messagesIn(), counters.messagesOut(), counters.messagesDropped(),
                router.queueDepths(), router.queueInFlight(), counters.awaitingAck(),
                router.memory().bytes(), router.pagedOut());
    }

    /**
     * Stops taking new sessions and tells every connected client "server shutting down" (an
     * ERROR), after which its connection closes once what was already written is flushed.
     * Unacknowledged queue messages go back to their queues (and stay in the store, if
     * persistent). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Session session : services.sessions().snapshot()) {
            session.shutDown();
        }
        authenticationWorkers.shutDown();
        if (ownsStore) {
            store.close();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Configures a broker. Every setting has a default fit for a developer's machine and safe
     * for a public deployment; see each method.
     */
    public static final class Builder {
        private Set<StompVersion> versions = EnumSet.allOf(StompVersion.class);
        private FrameLimits frameLimits = FrameLimits.DEFAULTS;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration heartbeatSend = Duration.ofSeconds(10);
        private Duration heartbeatReceive = Duration.ofSeconds(10);
        private double heartbeatGraceFactor = 2.0;
        private Set<String> virtualHosts = Set.of();
        private String topicPrefix = "/topic/";
        private String queuePrefix = "/queue/";
        private DestinationType defaultDestinationType = DestinationType.PUBLISH_SUBSCRIBE;
        private int defaultPrefetch = 1000;
        private int maxQueueDepth = 100_000;
        private int maxDeliveries = 10;
        private String deadLetterDestination = "/queue/DLQ";
        private int maxPendingTopicMessages = 10_000;
        private SlowConsumerPolicy slowConsumerPolicy = SlowConsumerPolicy.DROP_OLDEST;
        private int maxSubscriptionsPerSession = 1000;
        private int maxTransactionsPerSession = 16;
        private int maxFramesPerTransaction = 10_000;
        private AsyncAuthenticator authenticator = Authenticator.async(Authenticator.ALLOW_ALL);
        private int authenticationThreads = AuthenticationWorkers.defaultThreads();
        private int authenticationQueue = 1_000;
        private MessageStore store = new InMemoryMessageStore();
        // ---- durability settings
        private Path dataDirectory;
        private FsyncPolicy fsyncPolicy = FsyncPolicy.always();
        private final List<DestinationPattern> durableQueues = new ArrayList<>();
        private int maxDurableSubscriptionDepth = DurabilityConfig.DEFAULTS.maxDurableSubscriptionDepth();
        private final List<DurabilityConfig.HistoryRule> history = new ArrayList<>();
        private long maxMemoryBytes = DurabilityConfig.DEFAULTS.maxMemoryBytes();
        private Clock clock = Clock.systemUTC();
        private Authorizer authorizer = Authorizer.ALLOW_ALL;
        private LoginThrottle loginThrottle;
        private int maxFramesPerSecond = DEFAULT_MAX_FRAMES_PER_SECOND;
        private int maxThrottledSeconds = DEFAULT_MAX_THROTTLED_SECONDS;
        private final Map<String, ApplicationHandler> applications = new LinkedHashMap<>();
        private final List<FrameInterceptor> interceptors = new ArrayList<>();

        private Builder() {
        }

        /** The STOMP versions offered; default 1.0, 1.1 and 1.2. */
        public Builder versions(StompVersion... supported) {
            this.versions = EnumSet.copyOf(List.of(supported));
            return this;
        }

        /** Frame size, header count, header line and body limits; default {@link FrameLimits#DEFAULTS}. */
        public Builder frameLimits(FrameLimits limits) {
            this.frameLimits = Objects.requireNonNull(limits);
            return this;
        }

        /** How long a client may take between connecting and sending CONNECT; default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * The broker's heart-beat offer: how often it can send, how often it wants to hear from
         * the client; {@link Duration#ZERO} refuses that direction. Default 10 s both ways.
         */
        public Builder heartbeat(Duration send, Duration receive) {
            this.heartbeatSend = send;
            this.heartbeatReceive = receive;
            return this;
        }

        /** How much longer than its interval a client may stay silent before it is closed; default 2.0. */
        public Builder heartbeatGraceFactor(double factor) {
            this.heartbeatGraceFactor = factor;
            return this;
        }

        /** Accepts only CONNECTs whose {@code host} is one of these; default: any host. */
        public Builder virtualHosts(String... hosts) {
            this.virtualHosts = Set.of(hosts);
            return this;
        }

        /** The prefix of publish-subscribe destinations; default {@code /topic/}. */
        public Builder topicPrefix(String prefix) {
            this.topicPrefix = prefix;
            return this;
        }

        /** The prefix of point-to-point destinations; default {@code /queue/}. */
        public Builder queuePrefix(String prefix) {
            this.queuePrefix = prefix;
            return this;
        }

        /** How destinations with neither prefix route; default publish-subscribe. */
        public Builder defaultDestinationType(DestinationType type) {
            this.defaultDestinationType = type;
            return this;
        }

        /**
         * How many queue messages a subscription may hold unsettled when its SUBSCRIBE names no
         * {@code prefetch-count}; default 1000.
         */
        public Builder defaultPrefetch(int prefetch) {
            this.defaultPrefetch = prefetch;
            return this;
        }

        /** The most messages a queue keeps waiting; a SEND beyond it is refused. Default 100,000. */
        public Builder maxQueueDepth(int depth) {
            this.maxQueueDepth = depth;
            return this;
        }

        /** After this many deliveries without an ACK a queue message is dead-lettered; default 10. */
        public Builder maxDeliveries(int deliveries) {
            this.maxDeliveries = deliveries;
            return this;
        }

        /** Where dead-lettered messages go; default {@code /queue/DLQ}. */
        public Builder deadLetterDestination(String destination) {
            this.deadLetterDestination = destination;
            return this;
        }

        /**
         * The slow-consumer policy and its bound: how many topic messages may wait for one
         * subscription before the oldest are dropped or the client is disconnected. Default
         * 10,000 and {@link SlowConsumerPolicy#DROP_OLDEST}.
         */
        public Builder slowConsumers(int maxPendingTopicMessages, SlowConsumerPolicy policy) {
            this.maxPendingTopicMessages = maxPendingTopicMessages;
            this.slowConsumerPolicy = policy;
            return this;
        }

        /** The most subscriptions one session may hold; default 1000. */
        public Builder maxSubscriptionsPerSession(int max) {
            this.maxSubscriptionsPerSession = max;
            return this;
        }

        /** Open transactions per session and frames per transaction; default 16 and 10,000. */
        public Builder transactionLimits(int maxOpen, int maxFrames) {
            this.maxTransactionsPerSession = maxOpen;
            this.maxFramesPerTransaction = maxFrames;
            return this;
        }

        /**
         * Who may connect; default {@link Authenticator#ALLOW_ALL}. The broker calls it on its
         * authentication workers (see {@link #authenticationWorkers}), never on a transport thread,
         * so it may block; one that is also an {@link AsyncAuthenticator} (such as
         * {@link io.stompede.security.UsersFile#authenticator}) is called as that.
         */
        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = Authenticator.async(Objects.requireNonNull(authenticator));
            return this;
        }

        /**
         * Who may connect, answered later: for an authenticator that waits on a service through a
         * client of its own, or does slow work only some of the time. Replaces
         * {@link #authenticator(Authenticator)}.
         */
        public Builder authenticator(AsyncAuthenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator);
            return this;
        }

        /**
         * The pool that checks logins off the transport threads: {@code threads} at most (default
         * half the processors, at least 1), and up to {@code queued} checks waiting for a thread
         * (default 1,000). A login that finds the queue full is refused with the generic ERROR.
         */
        public Builder authenticationWorkers(int threads, int queued) {
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
        public Builder authorizer(Authorizer authorizer) {
            this.authorizer = Objects.requireNonNull(authorizer);
            return this;
        }

        /**
         * How failed logins slow down the next ones from the same address; default a new
         * {@code LoginThrottle} waiting 1 s after a second failure, doubling up to 15 s, remembering up to
         * 10,000 addresses. {@link LoginThrottle#NONE} turns it off.
         */
        public Builder loginThrottle(LoginThrottle throttle) {
            this.loginThrottle = Objects.requireNonNull(throttle);
            return this;
        }

        /** See {@link #inboundFrameRate}. */
        public static final int DEFAULT_MAX_FRAMES_PER_SECOND = 10_000;
        /** See {@link #inboundFrameRate}. */
        public static final int DEFAULT_MAX_THROTTLED_SECONDS = 10;

        /**
         * Inbound frames allowed per second and connection: past it the broker stops reading from
         * the connection until the second is over; after {@code maxThrottledSeconds} such seconds
         * in a row the client gets an ERROR. Default 10,000 and 10; 0 frames turns it off.
         */
        public Builder inboundFrameRate(int maxFramesPerSecond, int maxThrottledSeconds) {
            this.maxFramesPerSecond = maxFramesPerSecond;
            this.maxThrottledSeconds = maxThrottledSeconds;
            return this;
        }

        private LoginThrottle loginThrottle() {
            return loginThrottle != null ? loginThrottle
                    : new LoginThrottle(Duration.ofSeconds(1), Duration.ofSeconds(15), LoginThrottle.DEFAULT_MAX_ADDRESSES);
        }

        /**
         * Where persistent messages are kept; default a new {@link InMemoryMessageStore}. The
         * caller owns the store and closes it after the broker. Replaces {@link #dataDirectory}.
         */
        public Builder messageStore(MessageStore store) {
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
        public Builder dataDirectory(Path dir, FsyncPolicy policy) {
            this.dataDirectory = Objects.requireNonNull(dir);
            this.fsyncPolicy = Objects.requireNonNull(policy);
            return this;
        }

        /**
         * Stores every message sent to a queue matching one of {@code patterns} (wildcards as for
         * subscriptions), as if it was sent with {@code persistent:true}. Default: none.
         */
        public Builder durableQueues(String... patterns) {
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
        public Builder maxDurableSubscriptionDepth(int depth) {
            this.maxDurableSubscriptionDepth = depth;
            return this;
        }

        /**
         * Lets topics matching {@code pattern} retain their last {@code count} messages, which a
         * SUBSCRIBE with {@code x-history:N} receives first. The first matching rule wins; with a
         * data directory, retained messages survive restarts. Default: no topic retains any.
         */
        public Builder history(String pattern, int count) {
            history.add(new DurabilityConfig.HistoryRule(DestinationPattern.compile(pattern), count));
            return this;
        }

        /**
         * Caps the bytes of queue messages (bodies and headers) held in memory: past it, the
         * broker stops reading from producers' connections until the total falls below three
         * quarters of the cap. Default: a quarter of the maximum heap.
         */
        public Builder maxMemory(long bytes) {
            this.maxMemoryBytes = bytes;
            return this;
        }

        /** The clock that message expiry ({@code expires}) is judged by; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** The durability settings as they stand, validated. */
        public DurabilityConfig durability() {
            return new DurabilityConfig(durableQueues, maxDurableSubscriptionDepth, history, maxMemoryBytes);
        }

        private MessageStore openJournal() {
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
        public Builder application(String prefix, ApplicationHandler handler) {
            applications.put(Objects.requireNonNull(prefix), Objects.requireNonNull(handler));
            return this;
        }

        /** Adds an interceptor that sees every inbound frame, in the order added. */
        public Builder interceptor(FrameInterceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor));
            return this;
        }

        /** The configuration as it stands, validated. */
        public BrokerConfig config() {
            return new BrokerConfig(SERVER_NAME, versions, frameLimits, connectTimeout, heartbeatSend, heartbeatReceive,
                    heartbeatGraceFactor, virtualHosts, topicPrefix, queuePrefix, defaultDestinationType, defaultPrefetch,
                    maxQueueDepth, maxDeliveries, deadLetterDestination, maxPendingTopicMessages, slowConsumerPolicy,
                    maxSubscriptionsPerSession, maxTransactionsPerSession, maxFramesPerTransaction,
                    maxFramesPerSecond, maxThrottledSeconds);
        }

        /**
         * Builds the broker; stored messages are restored to their queues first.
         *
         * @throws UncheckedIOException when the {@link #dataDirectory} cannot be opened
         */
        public Broker build() {
            return new Broker(this);
        }
    }
}
