package io.stompede;

import io.stompede.admin.DestinationSummary;
import io.stompede.admin.PrincipalSummary;
import io.stompede.admin.SessionSummary;
import io.stompede.cluster.ClusterBus;
import io.stompede.observer.WireTap;
import io.stompede.config.BrokerConfig;
import io.stompede.config.DurabilityConfig;
import io.stompede.frame.Headers;
import io.stompede.message.Message;
import io.stompede.observer.BrokerCounters;
import io.stompede.observer.BrokerObserver;
import io.stompede.observer.Observers;
import io.stompede.routing.Router;
import io.stompede.security.StompPrincipal;
import io.stompede.session.ApplicationDestinations;
import io.stompede.session.BrokerServices;
import io.stompede.session.FrameInterceptors;
import io.stompede.session.ResumableSessions;
import io.stompede.session.Session;
import io.stompede.session.Sessions;
import io.stompede.store.MessageStore;
import io.stompede.store.StoreStats;
import io.stompede.transport.Connection;
import io.stompede.transport.ConnectionDecorator;
import io.stompede.transport.ProtocolHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A STOMP broker: destinations, subscriptions, queues and sessions, with no transport of its own.
 * A transport (the Netty module, or {@code InMemoryConnection} in tests) opens a session per
 * client connection, a {@link ProtocolHandler} it feeds; an embedding application publishes and subscribes in-process, and an
 * administrator lists and closes sessions, lists destinations, purges queues and deletes durable
 * subscriptions.
 *
 * <pre>{@code
 * Broker broker = Broker.builder()
 *         .application("/app/", (message, context) -> context.publish("/topic/echo", message.bodyAsString()))
 *         .build();
 * broker.subscribe("/topic/**", message -> log.info("{}", message.bodyAsString()));
 * broker.publish("/topic/greetings", "hello");
 * }</pre>
 *
 * <p>This class is the composition root: it builds every part from its {@link BrokerBuilder} and
 * hands each what it needs. Thread-safe. Several brokers in one JVM share nothing.
 */
public final class Broker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    /** The name and version sent in CONNECTED's {@code server} header. */
    public static final String SERVER_NAME = "Stompede/0.1.0";

    private final BrokerConfig config;
    private final DurabilityConfig durability;
    private final BrokerServices services;
    private final Router router;
    private final MessageStore store;
    private final boolean ownsStore;
    private final AuthenticationWorkers authenticationWorkers;
    private final BrokerCounters counters = new BrokerCounters();
    private final Observers observer;
    private final ClusterBus bus;
    private final IdleQueueReclaimer reclaimer;
    private final WireTap wireTap;
    private final ConnectionDecorator connectionDecorator;
    private volatile boolean closed;

    Broker(BrokerBuilder builder) {
        this.config = builder.config();
        this.ownsStore = builder.dataDirectory != null;
        this.store = ownsStore ? builder.openJournal() : builder.store;
        AuthenticationWorkers workers = null;
        try {
            this.durability = builder.durability();
            this.observer = new Observers(counters, builder.observers);
            this.bus = builder.clusterBus;
            this.wireTap = builder.wireTap;
            this.connectionDecorator = builder.connectionDecorator;
            this.router = new Router(config, durability, store, builder.clock, bus, observer);
            workers = new AuthenticationWorkers(builder.authenticationThreads, builder.authenticationQueue);
            this.authenticationWorkers = workers;
            this.services = new BrokerServices(config, builder.authenticator, authenticationWorkers, router,
                    new ApplicationDestinations(builder.applications), new FrameInterceptors(builder.interceptors),
                    new Sessions(""), observer, builder.authorizer, builder.loginThrottle(), builder.clock,
                    new ResumableSessions(builder.resumeConfig(), builder.clock, router.memory(), bus));
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
            bus.start(router.clusterInbound());
            this.reclaimer = IdleQueueReclaimer.start(router, config.idleDestinationTimeout());
        } catch (RuntimeException | Error e) {
            // A bus that cannot start (Redis unreachable) must not leave the journal locked or threads running.
            if (workers != null) {
                workers.shutDown();
            }
            if (ownsStore) {
                store.close();
            }
            throw e;
        }
    }

    /**
     * Starts configuring a broker. Every setting has a default, so {@code builder().build()} is
     * a working broker for a developer's machine.
     */
    public static BrokerBuilder builder() {
        return new BrokerBuilder();
    }

    /** The protocol, destination and limit settings this broker was built with. */
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
    public ProtocolHandler openSession(Connection connection) {
        if (closed) {
            throw new IllegalStateException("the broker is closed");
        }
        // The tap hears the wire as the client does: outside any decorator's faults.
        if (wireTap != null) {
            return TappedConnection.open(connection, wireTap, this::openDecorated);
        }
        return openDecorated(connection);
    }

    private ProtocolHandler openDecorated(Connection connection) {
        if (connectionDecorator != null) {
            return connectionDecorator.open(connection, decorated -> Session.open(services, decorated));
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
        CompletableFuture<Void> routed = router.publish(destination, headers, body);
        // A full queue refuses at once, and what it refused was never received.
        if (!routed.isCompletedExceptionally()) {
            observer.messageReceived(destination, body.length);
        }
        return routed;
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
     *
     * @throws IllegalArgumentException for a queue pattern: a queue subscription names one queue
     */
    public Subscription subscribe(String destinationOrPattern, MessageListener listener) {
        return subscribe(destinationOrPattern, 0, listener);
    }

    /**
     * Subscribes a listener as {@link #subscribe(String, MessageListener)} does, giving it first
     * up to {@code history} of the messages a topic retains (see {@link BrokerBuilder#history}),
     * as a client's {@code x-history} SUBSCRIBE would, then every live one.
     */
    public Subscription subscribe(String destinationOrPattern, int history, MessageListener listener) {
        Objects.requireNonNull(destinationOrPattern, "destinationOrPattern");
        Objects.requireNonNull(listener, "listener");
        ListenerSubscription subscription = new ListenerSubscription(destinationOrPattern, listener,
                config.defaultPrefetch(), observer);
        subscription.start(router, history);
        return subscription;
    }

    /** A snapshot of connections, subscriptions, message counts and queue depths. */
    public BrokerStats stats() {
        return new BrokerStats(services.sessions().count(), services.sessions().connectedCount(),
                router.subscriptionCounts(), counters.messagesIn(), counters.messagesOut(), counters.messagesDropped(),
                router.queueDepths(), router.queueInFlight(), counters.awaitingAck(),
                router.memory().bytes(), router.pagedOut());
    }

    /**
     * Sessions kept for resume now: their connections dropped without DISCONNECT, and their
     * clients may still resume them within the grace. They hold subscriptions and buffered
     * messages but no connection, so {@link #stats()} counts them nowhere; this is for monitoring
     * what they hold against {@link BrokerBuilder#detachedSessionLimits}.
     */
    public int detachedSessions() {
        return services.resumption().detachedCount();
    }

    /**
     * Adds an observer to the running broker: it hears what happens from now on, after the
     * observers given to the builder. For what is attached once the broker runs, such as an admin
     * endpoint's metrics; what must hear everything from the start goes to
     * {@link BrokerBuilder#observer}.
     */
    public void addObserver(BrokerObserver observer) {
        this.observer.add(observer);
    }

    /** Removes an observer added by {@link #addObserver} (or the builder); {@code false} when it was not there. */
    public boolean removeObserver(BrokerObserver observer) {
        return this.observer.remove(observer);
    }

    /**
     * What the journal wrote and keeps (records, bytes, fsyncs and their time, segments, live
     * entries); empty without a journal.
     */
    public Optional<StoreStats> storeStats() {
        return store.stats();
    }

    // ---- admin operations

    /**
     * Every open session: its address, principal, version, subscriptions and pending acks, each
     * read on the session's own thread, oldest first. Completes once every session answered.
     */
    public CompletableFuture<List<SessionSummary>> sessions() {
        List<CompletableFuture<SessionSummary>> answers = new ArrayList<>();
        for (Session session : services.sessions().snapshot()) {
            answers.add(session.describe());
        }
        return CompletableFuture.allOf(answers.toArray(new CompletableFuture[0])).thenApply(done -> {
            List<SessionSummary> all = new ArrayList<>(answers.size());
            answers.forEach(answer -> all.add(answer.join()));
            // Ids are numbers: the shorter is the older.
            all.sort(Comparator.comparing(SessionSummary::id, Comparator.comparingInt(String::length)
                    .thenComparing(Comparator.naturalOrder())));
            return all;
        });
    }

    /**
     * Every principal with open sessions or with queues or durable subscriptions it created, by
     * name: what its sessions hold and what it created, to find the client that takes more than
     * its share. Clients that gave no login are summed per address. Completes once every session
     * answered.
     */
    public CompletableFuture<List<PrincipalSummary>> principals() {
        return sessions().thenApply(all -> {
            Map<String, PrincipalSummary> byName = new TreeMap<>();
            for (SessionSummary session : all) {
                if (session.principal() == null) {
                    continue;
                }
                String name = PrincipalSummary.nameOf(session.principal(),
                        StompPrincipal.ANONYMOUS.name().equals(session.principal()), session.remoteAddress());
                byName.merge(name, new PrincipalSummary(name, 1, session.pendingAckBytes(), session.transactionBytes(),
                        session.backlogBytes(), 0, 0), Broker::sum);
            }
            router.queuesByCreator().forEach((name, queues) ->
                    byName.merge(name, new PrincipalSummary(name, 0, 0, 0, 0, queues, 0), Broker::sum));
            router.durableSubscriptionsByCreator().forEach((name, durables) ->
                    byName.merge(name, new PrincipalSummary(name, 0, 0, 0, 0, 0, durables), Broker::sum));
            return List.copyOf(byName.values());
        });
    }

    private static PrincipalSummary sum(PrincipalSummary a, PrincipalSummary b) {
        return new PrincipalSummary(a.name(), a.sessions() + b.sessions(), a.pendingAckBytes() + b.pendingAckBytes(),
                a.transactionBytes() + b.transactionBytes(), a.backlogBytes() + b.backlogBytes(),
                a.queuesCreated() + b.queuesCreated(), a.durableSubscriptions() + b.durableSubscriptions());
    }

    /**
     * Closes session {@code id}: its client gets an ERROR whose {@code message} is
     * {@code reason}, after what was already written. Returns {@code false} when no session has
     * that id.
     */
    public boolean closeSession(String id, String reason) {
        Objects.requireNonNull(reason, "reason");
        Session session = services.sessions().find(id);
        if (session == null) {
            return false;
        }
        session.close(reason, "An administrator closed this session.");
        return true;
    }

    /**
     * Tells every connected session that the security settings changed, as when a users file or
     * an access rules file was reloaded (see {@link io.stompede.security.SecurityFiles}): a session
     * whose principal {@code revoked} accepts gets ERROR {@code credentials revoked} and is closed;
     * every other forgets the rights it remembered and asks the authorizer again for each
     * subscription it holds, and is closed likewise when one is no longer allowed. Each session
     * does this on its own thread; this call returns at once. The authorizer must already give
     * the new answers.
     */
    public void recheckSessions(Predicate<StompPrincipal> revoked) {
        Objects.requireNonNull(revoked, "revoked");
        for (Session session : services.sessions().snapshot()) {
            session.recheck(revoked);
        }
    }

    /** Every queue and durable subscription, and every topic pattern with subscribers, by name. */
    public List<DestinationSummary> destinations() {
        return router.destinations();
    }

    /**
     * Drops every message waiting on queue {@code name} (and from the store, when stored);
     * messages lent to consumers stay theirs. Returns how many were dropped, {@code -1} when
     * there is no such queue.
     */
    public int purgeQueue(String name) {
        return router.purge(name);
    }

    /**
     * Deletes durable subscription {@code name} and the messages waiting on it, as an UNSUBSCRIBE
     * that names it would. Returns {@code false} when there is none of that name.
     */
    public boolean deleteDurableSubscription(String name) {
        return router.removeDurableSubscription(name);
    }

    /**
     * Stops taking new sessions and tells every connected client "server shutting down" (an
     * ERROR), after which its connection closes once what was already written is flushed.
     * Unacknowledged queue messages go back to their queues (and stay in the store, if
     * persistent). Leaves the cluster. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        reclaimer.close();
        for (Session session : services.sessions().snapshot()) {
            try {
                session.close("server shutting down", "The broker is shutting down.");
            } catch (RejectedExecutionException e) {
                // Its transport stopped first (an event loop shut down): the rest still close, the store too.
                LOG.warn("Session {} could not be closed: its connection runs no more tasks", session.id());
            }
        }
        services.resumption().closeAll();
        bus.close();
        authenticationWorkers.shutDown();
        if (ownsStore) {
            store.close();
        }
    }

    /** Whether {@link #close()} was called: a closed broker opens no new sessions. */
    public boolean isClosed() {
        return closed;
    }
}
