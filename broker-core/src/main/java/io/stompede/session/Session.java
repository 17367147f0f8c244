package io.stompede.session;

import io.stompede.application.SessionInfo;
import io.stompede.transport.ConnectionInfo;
import io.stompede.transport.Connection;
import io.stompede.application.ApplicationContext;
import io.stompede.application.ApplicationHandler;
import io.stompede.application.ApplicationMessage;
import io.stompede.config.BrokerConfig;
import io.stompede.application.FrameInterceptor;
import io.stompede.application.MessageRejectedException;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.FrameDecoder;
import io.stompede.frame.FrameEncoder;
import io.stompede.frame.FrameSink;
import io.stompede.frame.Headers;
import io.stompede.frame.StompProtocolException;
import io.stompede.frame.StompVersion;
import io.stompede.destination.DestinationPattern;
import io.stompede.routing.DurableSubscription;
import io.stompede.routing.MemoryGauge;
import io.stompede.message.Message;
import io.stompede.routing.Queue;
import io.stompede.routing.QueuedMessage;
import io.stompede.destination.SubscriptionRegistry;
import io.stompede.security.AuthenticationRequest;
import io.stompede.security.LoginThrottle;
import io.stompede.security.Permission;
import io.stompede.security.StompPrincipal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's protocol state: the version it negotiated, its heart-beats, subscriptions,
 * deliveries awaiting ACK and open transactions. The transport feeds it bytes; it answers through
 * its {@link Connection}.
 *
 * <p>Confined to its connection's thread: the transport calls {@link #receive},
 * {@link #writabilityChanged} and {@link #connectionClosed} from it, and deliveries from other
 * threads reach the session only through its {@link Outbox}, drained on that thread.
 */
public final class Session implements SessionInfo {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    private static final int DRAIN_BATCH = 256;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** Frames a client may pipeline behind a CONNECT whose check is not answered yet. */
    private static final int MAX_FRAMES_BEFORE_CONNECTED = 64;

    private enum State { AWAITING_CONNECT, AUTHENTICATING, CONNECTED, CLOSED }

    private final BrokerServices services;
    private final BrokerConfig config;
    private final Connection connection;
    private final String id;
    private final FrameDecoder decoder;
    private final Outbox outbox;
    private final FrameSink sink = new FrameSink() {
        @Override
        public void onFrame(Frame frame) throws StompProtocolException {
            handle(frame);
        }
    };
    private final Outbox.Writer writer = this::write;
    private final Outbox.Writer discarder = this::discard;
    private final Map<String, SessionSubscription> subscriptions = new HashMap<>();
    private final Map<Long, PendingDelivery> pendingByAckId = new HashMap<>();
    private final Transactions transactions;
    private final SessionPermissions permissions;
    private final InboundRate inboundRate;
    // Frames that arrived while CONNECT waited for the throttle or the authenticator; null otherwise.
    private List<Frame> heldUntilConnected;
    // The authenticator's answer being waited for, called off if the session closes first.
    private CompletionStage<Optional<StompPrincipal>> pendingAnswer;

    private State state = State.AWAITING_CONNECT;
    private volatile StompVersion version;
    private volatile StompPrincipal principal;
    private StompVersion wireVersion = StompVersion.V1_2;
    private HeartbeatMonitor heartbeats;
    private Connection.Cancellable connectTimer;
    private long lastAckId;
    private boolean unflushed;
    // Completes when everything stored so far is durable; receipts wait for it, in order.
    private CompletableFuture<Void> durable = DONE;
    // Whether queue messages over the memory cap hold this producer back.
    private boolean pausedForMemory;
    // The ActiveMQ/Artemis client-id of CONNECT, which names durable subscriptions.
    private String clientId;

    private Session(BrokerServices services, Connection connection) {
        this.services = services;
        this.config = services.config();
        this.connection = connection;
        this.id = services.sessions().nextId();
        this.decoder = new FrameDecoder(config.frameLimits());
        this.transactions = new Transactions(config.maxTransactionsPerSession(), config.maxFramesPerTransaction());
        this.outbox = new Outbox(connection, this::drain, this::slowConsumer, config.maxPendingTopicMessages(),
                config.slowConsumerPolicy(), services.counters());
        this.permissions = new SessionPermissions(services.authorizer());
        this.inboundRate = new InboundRate(connection, config.maxFramesPerSecond(), config.maxThrottledSeconds(),
                this::updateReading, this::floodedTooLong);
    }

    /**
     * Opens a session on a new connection: it waits for CONNECT, and closes the connection if
     * none arrives within the configured time.
     */
    public static Session open(BrokerServices services, Connection connection) {
        Session session = new Session(services, connection);
        services.sessions().add(session);
        session.connectTimer = connection.schedule(session::connectTimedOut,
                services.config().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return session;
    }

    // ---- transport-facing

    /** Feeds bytes that arrived from the peer; {@code bytes} is fully consumed before this returns. */
    public void receive(ByteBuffer bytes) {
        if (state == State.CLOSED) {
            bytes.position(bytes.limit());
            return;
        }
        if (heartbeats != null) {
            heartbeats.onRead();
        }
        try {
            decoder.decode(bytes, sink);
        } catch (StompProtocolException e) {
            fail(e);
        } catch (RuntimeException e) {
            LOG.error("Session {} failed on its input; closing it", id, e);
            fail(new StompProtocolException("internal error", "The broker could not process the frame."));
        }
        bytes.position(bytes.limit());
        flushIfNeeded();
    }

    /** Tells the session that {@link Connection#isWritable()} changed: it resumes writing. */
    public void writabilityChanged() {
        if (state != State.CLOSED && connection.isWritable()) {
            drain();
        }
    }

    /** Tells the session that the transport closed, whoever closed it. Idempotent. */
    public void connectionClosed() {
        cleanUp();
    }

    /**
     * Tells the client the broker is going away (ERROR "server shutting down") and closes the
     * connection after what was already written. Thread-safe: runs on the session's thread.
     */
    public void shutDown() {
        connection.execute(() -> {
            if (state != State.CLOSED) {
                fail(new StompProtocolException("server shutting down", "The broker is shutting down."));
            }
        });
    }

    // ---- SessionInfo

    @Override
    public String id() {
        return id;
    }

    @Override
    public StompPrincipal principal() {
        return principal;
    }

    @Override
    public StompVersion version() {
        return version;
    }

    @Override
    public ConnectionInfo connection() {
        return connection.info();
    }

    /** Subscriptions of this session; for tests and statistics, read on the session's thread. */
    int subscriptionCount() {
        return subscriptions.size();
    }

    // ---- frames

    private void handle(Frame frame) throws StompProtocolException {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.AUTHENTICATING) {
            holdUntilConnected(frame);
            return;
        }
        inboundRate.onFrame();
        String receipt = frame.header("receipt");
        try {
            intercept(frame);
            if (state == State.AWAITING_CONNECT) {
                if (frame.command() != Command.CONNECT && frame.command() != Command.STOMP) {
                    throw new StompProtocolException("not connected",
                            "The first frame must be CONNECT or STOMP, not " + frame.command() + ".");
                }
                connect(frame);
                return;
            }
            switch (frame.command()) {
                case SEND -> onSend(frame);
                case SUBSCRIBE -> subscribe(frame);
                case UNSUBSCRIBE -> unsubscribe(frame);
                case ACK -> onAcknowledge(frame, true);
                case NACK -> onAcknowledge(frame, false);
                case BEGIN -> transactions.begin(required(frame, "transaction"));
                case COMMIT -> commit(frame);
                case ABORT -> transactions.abort(required(frame, "transaction"));
                case DISCONNECT -> {
                    disconnect(receipt);
                    return;
                }
                case CONNECT, STOMP -> throw new StompProtocolException("already connected",
                        "This session is already connected; a second CONNECT is not allowed.");
                default -> throw new StompProtocolException("unexpected command",
                        frame.command() + " is sent by servers, not clients.");
            }
        } catch (StompProtocolException e) {
            throw e.receiptId() == null && receipt != null ? e.withReceiptId(receipt) : e;
        }
        if (receipt != null) {
            sendReceipt(receipt, false);
        }
    }

    private void intercept(Frame frame) throws StompProtocolException {
        for (FrameInterceptor interceptor : services.interceptors()) {
            try {
                interceptor.inbound(this, frame);
            } catch (MessageRejectedException e) {
                throw new StompProtocolException(e.getMessage());
            }
        }
    }

    private void connect(Frame frame) throws StompProtocolException {
        StompVersion negotiated = StompVersion.negotiate(frame.header("accept-version"), config.versions());
        if (negotiated == null) {
            throw new UnsupportedVersionException(supportedVersions());
        }
        String host = frame.header("host");
        if (!config.virtualHosts().isEmpty() && (host == null || !config.virtualHosts().contains(host))) {
            throw new StompProtocolException("unknown virtual host", "The host header names no virtual host of this broker.");
        }
        Heartbeat heartbeat = negotiated.supportsHeartbeats()
                ? Heartbeat.negotiate(frame.header("heart-beat"), config.heartbeatSend().toMillis(),
                        config.heartbeatReceive().toMillis())
                : Heartbeat.NONE;
        long wait = services.loginThrottle().reserve(connection.info().remoteAddress());
        if (wait == LoginThrottle.REFUSE) {
            throw refused();
        }
        // Until the answer, frames pipelined behind CONNECT are held, to run in order after CONNECTED.
        state = State.AUTHENTICATING;
        heldUntilConnected = new ArrayList<>();
        connectTimer.cancel();
        connectTimer = null;
        Runnable check = () -> authenticate(frame, negotiated, host, heartbeat);
        if (wait == 0) {
            check.run();
            return;
        }
        // This address failed recently: the check waits its turn, reading nothing meanwhile.
        updateReading();
        connectTimer = connection.schedule(check, wait, TimeUnit.MILLISECONDS);
    }

    /**
     * Asks the authenticator. An answer it has at once completes the CONNECT right here; a later
     * one (a password hash on the workers) comes back to this session's thread, and until then
     * the session reads nothing and the connect timeout bounds the wait.
     */
    private void authenticate(Frame frame, StompVersion negotiated, String host, Heartbeat heartbeat) {
        if (state != State.AUTHENTICATING) {
            return;
        }
        connectTimer = null;
        AuthenticationRequest request = new AuthenticationRequest(frame.header("login"), frame.header("passcode"),
                host, connection.info());
        // A copy that completes with the authenticator's stage: it works for any CompletionStage.
        CompletableFuture<Optional<StompPrincipal>> answer = new CompletableFuture<>();
        try {
            pendingAnswer = services.authenticator().authenticate(request, services.authenticationWorkers());
            pendingAnswer.whenComplete((authenticated, failure) -> {
                if (failure != null) {
                    answer.completeExceptionally(failure);
                } else {
                    answer.complete(authenticated);
                }
            });
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
        if (answer.isDone()) {
            answered(answer, frame, negotiated, heartbeat);
            return;
        }
        updateReading();
        connectTimer = connection.schedule(this::authenticationTimedOut, config.connectTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        answer.whenComplete((authenticated, failure) ->
                connection.execute(() -> answered(answer, frame, negotiated, heartbeat)));
    }

    /** Completes the CONNECT (then the frames held behind it) or refuses it; on the session's thread. */
    private void answered(CompletableFuture<Optional<StompPrincipal>> answer, Frame frame, StompVersion negotiated,
                          Heartbeat heartbeat) {
        Optional<StompPrincipal> authenticated = outcome(answer);
        if (state != State.AUTHENTICATING) {
            return;     // the client left, or ran out of time, before the answer
        }
        pendingAnswer = null;
        if (connectTimer != null) {
            connectTimer.cancel();
            connectTimer = null;
        }
        List<Frame> held = heldUntilConnected;
        heldUntilConnected = null;
        try {
            if (authenticated.isEmpty()) {
                throw refused();
            }
            connected(authenticated.get(), frame, negotiated, heartbeat);
            for (Frame next : held) {
                handle(next);
            }
        } catch (StompProtocolException e) {
            fail(e);
        } catch (RuntimeException e) {
            LOG.error("Session {} failed on its input; closing it", id, e);
            fail(new StompProtocolException("internal error", "The broker could not process the frame."));
        }
        if (state != State.CLOSED) {
            updateReading();
        }
        flushIfNeeded();
    }

    /**
     * The principal the authenticator answered, or empty for a refusal. A refusal counts against
     * the client's address even when the client left meanwhile, so that hanging up early does not
     * dodge the login throttle; a failure of the broker's own (workers busy, authenticator broken)
     * does not count.
     */
    private Optional<StompPrincipal> outcome(CompletableFuture<Optional<StompPrincipal>> answer) {
        try {
            Optional<StompPrincipal> authenticated = answer.join();
            if (authenticated == null || authenticated.isEmpty()) {
                services.loginThrottle().failed(connection.info().remoteAddress());
                return Optional.empty();
            }
            return authenticated;
        } catch (CancellationException e) {
            return Optional.empty();    // this session called the check off
        } catch (CompletionException e) {
            if (e.getCause() instanceof RejectedExecutionException) {
                LOG.warn("Session {}: the authentication workers are busy; login refused", id);
            } else if (!(e.getCause() instanceof CancellationException)) {
                LOG.error("Session {}: the authenticator failed; login refused", id, e.getCause());
            }
            return Optional.empty();
        }
    }

    /** Spares the workers a password hash that nobody waits for any more, where the stage allows. */
    private static void callOff(CompletionStage<?> answer) {
        if (answer instanceof Future<?> check) {
            try {
                check.cancel(false);
            } catch (UnsupportedOperationException e) {
                // A stage that cannot be called off (a minimal stage) runs to its end, unheard.
            }
        }
    }

    private void authenticationTimedOut() {
        if (state == State.AUTHENTICATING) {
            LOG.warn("Session {}: no answer from the authenticator within {}; login refused", id,
                    config.connectTimeout());
            fail(refused());
        }
    }

    private void connected(StompPrincipal authenticated, Frame frame, StompVersion negotiated, Heartbeat heartbeat) {
        principal = authenticated;
        clientId = frame.header("client-id");
        wireVersion = negotiated;
        decoder.setVersion(negotiated);
        state = State.CONNECTED;
        version = negotiated;

        Headers.Builder connected = Headers.builder().add("version", negotiated.wireValue());
        if (negotiated.supportsHeartbeats()) {
            connected.add("heart-beat", config.heartbeatSend().toMillis() + "," + config.heartbeatReceive().toMillis());
        }
        connected.add("server", config.serverName()).add("session", id);
        writeFrame(Frame.of(Command.CONNECTED, connected.build()));
        heartbeats = new HeartbeatMonitor(connection, heartbeat, config.heartbeatGraceFactor(), this::heartbeatTimedOut);
        heartbeats.start();
    }

    private void onSend(Frame frame) throws StompProtocolException {
        String destination = required(frame, "destination");
        authorize(Permission.SEND, destination);
        if (transactions.hold(frame)) {
            return;
        }
        send(frame, destination);
    }

    private void send(Frame frame, String destination) throws StompProtocolException {
        ApplicationHandler handler = services.applications().find(destination);
        services.counters().received();
        if (handler != null) {
            try {
                handler.handle(new ApplicationMessage(frame, this), new SenderContext());
            } catch (MessageRejectedException e) {
                throw new StompProtocolException(e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("The application handler for {} failed", destination, e);
                throw new StompProtocolException("application error", "The application could not handle the message.");
            }
            return;
        }
        Message message = services.router().messageOf(destination, frame.headers(), frame.sharedBody());
        receiptsAwait(services.router().publish(message));
        throttleIfOverMemoryCap();
    }

    /**
     * Stops reading from this producer while queue messages in memory are over the cap, and
     * resumes on the session's thread once they fall below the low mark.
     */
    private void throttleIfOverMemoryCap() {
        MemoryGauge memory = services.router().memory();
        if (!pausedForMemory && memory.isOverCap()) {
            pausedForMemory = true;
            updateReading();
            memory.resumeWhenLow(() -> connection.execute(() -> {
                pausedForMemory = false;
                if (state != State.CLOSED) {
                    updateReading();
                }
            }));
        }
    }

    private void subscribe(Frame frame) throws StompProtocolException {
        String destination = required(frame, "destination");
        authorize(Permission.SUBSCRIBE, destination);
        String subscriptionId = frame.header("id");
        if (subscriptionId == null) {
            if (version != StompVersion.V1_0) {
                throw missing("id");
            }
            subscriptionId = destination;
        }
        if (subscriptions.containsKey(subscriptionId)) {
            throw new StompProtocolException("subscription id in use",
                    "This session already has a subscription with id '" + subscriptionId + "'.");
        }
        if (subscriptions.size() >= config.maxSubscriptionsPerSession()) {
            throw new StompProtocolException("too many subscriptions",
                    "A session may hold at most " + config.maxSubscriptionsPerSession() + " subscriptions.");
        }
        AckMode ackMode = AckMode.parse(frame.header("ack"));
        int prefetch = SubscribeHeaders.prefetch(frame, config.defaultPrefetch());
        boolean queue = services.router().isQueue(destination);
        if (queue && SubscriptionRegistry.isWildcard(destination)) {
            throw new StompProtocolException("wildcards not supported on queues",
                    "A queue subscription must name one queue; '" + destination + "' is a pattern.");
        }
        String durableName = SubscribeHeaders.durableSubscriptionName(frame, subscriptionId, clientId, principal.name());
        Queue consumed = queue ? services.router().queue(destination) : null;
        if (durableName != null) {
            if (queue) {
                throw new StompProtocolException("durable subscription on a queue",
                        "Durable subscriptions are for topics; a queue keeps its messages anyway.");
            }
            DurableSubscription durableSubscription = services.router().durableSubscription(durableName, destination);
            if (durableSubscription == null) {
                throw new StompProtocolException("durable subscription in use",
                        "Durable subscription '" + durableName + "' exists for another destination; unsubscribe it first.");
            }
            consumed = durableSubscription.queue();
            receiptsAwait(durableSubscription.bound());
        }
        SessionSubscription subscription = new SessionSubscription(subscriptionId, destination, ackMode, prefetch,
                consumed, wireVersion, outbox);
        subscriptions.put(subscriptionId, subscription);
        if (consumed != null) {
            subscription.queue.addConsumer(subscription);
        } else {
            services.router().subscribe(destination, subscription, SubscribeHeaders.historyCount(frame));
        }
    }

    /** Makes every later RECEIPT wait until {@code stored} is durable. */
    private void receiptsAwait(CompletableFuture<Void> stored) {
        if (!stored.isDone() || stored.isCompletedExceptionally()) {
            CompletableFuture<Void> before = durable;
            durable = before.thenCombine(stored, (a, b) -> null);
        }
    }

    private void unsubscribe(Frame frame) throws StompProtocolException {
        String subscriptionId = frame.header("id");
        if (subscriptionId == null && version == StompVersion.V1_0) {
            subscriptionId = frame.header("destination");
        }
        if (subscriptionId == null) {
            throw missing("id");
        }
        String durableName = SubscribeHeaders.durableSubscriptionName(frame, subscriptionId, clientId, principal.name());
        SessionSubscription subscription = subscriptions.remove(subscriptionId);
        if (subscription == null && durableName == null) {
            throw new StompProtocolException("unknown subscription",
                    "This session has no subscription with id '" + subscriptionId + "'.");
        }
        if (subscription != null) {
            detach(subscription);
        }
        if (durableName != null) {
            services.router().removeDurableSubscription(durableName);
        }
    }

    /** Stops a subscription and gives back every queue message it holds, in queue order. */
    private void detach(SessionSubscription subscription) {
        subscription.deactivate();
        if (subscription.queue != null) {
            subscription.queue.removeConsumer(subscription);
        } else {
            services.router().topics().unsubscribe(subscription.destination, subscription);
        }
        List<PendingDelivery> pending = subscription.drainPending();
        services.counters().awaitingAck(-pending.size());
        List<QueuedMessage> toRelease = new ArrayList<>(pending.size());
        for (PendingDelivery delivery : pending) {
            pendingByAckId.remove(delivery.ackId());
            if (delivery.queued() != null) {
                toRelease.add(delivery.queued());
            }
        }
        // Entries handed to the subscription but not written yet go back now: the next drain,
        // which would discard them, never comes while the connection is not writable.
        List<QueuedMessage> unwritten = subscription.takeUnwritten();
        if (subscription.queue != null) {
            subscription.queue.release(toRelease, unwritten);
        }
    }

    private void onAcknowledge(Frame frame, boolean ack) throws StompProtocolException {
        if (!ack && version == StompVersion.V1_0) {
            throw new StompProtocolException("unexpected command", "NACK is not part of STOMP 1.0.");
        }
        PendingDelivery delivery = findPending(frame);
        if (transactions.hold(frame)) {
            return;
        }
        settle(delivery, ack);
    }

    private PendingDelivery findPending(Frame frame) throws StompProtocolException {
        PendingDelivery delivery;
        if (version == StompVersion.V1_2) {
            String ackId = required(frame, "id");
            delivery = pendingByAckId.get(parseAckId(ackId));
        } else {
            String messageId = required(frame, "message-id");
            String subscriptionId = frame.header("subscription");
            delivery = null;
            if (subscriptionId != null) {
                SessionSubscription subscription = subscriptions.get(subscriptionId);
                delivery = subscription == null ? null : subscription.pendingByMessageId(messageId);
            } else {
                for (SessionSubscription subscription : subscriptions.values()) {
                    delivery = subscription.pendingByMessageId(messageId);
                    if (delivery != null) {
                        break;
                    }
                }
            }
        }
        if (delivery == null) {
            throw new StompProtocolException("unknown ack id",
                    "No message awaiting acknowledgement matches this " + frame.command() + "; it may be settled already.");
        }
        return delivery;
    }

    private static long parseAckId(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return -1;
        }
        long id = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            id = id * 10 + (c - '0');
        }
        return id;
    }

    private void settle(PendingDelivery delivery, boolean ack) {
        List<PendingDelivery> settled = delivery.subscription().settle(delivery);
        services.counters().awaitingAck(-settled.size());
        List<QueuedMessage> toRelease = null;
        for (PendingDelivery each : settled) {
            pendingByAckId.remove(each.ackId());
            QueuedMessage queued = each.queued();
            if (queued == null) {
                continue;
            }
            if (ack) {
                queued.queue().settle(queued);
            } else {
                if (toRelease == null) {
                    toRelease = new ArrayList<>(settled.size());
                }
                toRelease.add(queued);
            }
        }
        if (toRelease != null) {
            delivery.subscription().queue.release(toRelease, true);
        }
    }

    private void commit(Frame frame) throws StompProtocolException {
        List<Frame> frames = transactions.commit(required(frame, "transaction"));
        checkAcknowledgements(frames);
        for (Frame held : frames) {
            switch (held.command()) {
                case SEND -> send(held, held.header("destination"));
                case ACK -> settle(findPending(held), true);
                case NACK -> settle(findPending(held), false);
                default -> throw new IllegalStateException("only SEND, ACK and NACK are held in transactions");
            }
        }
    }

    /**
     * Checks, before anything is applied, that every ACK and NACK held by a transaction still
     * names a delivery awaiting acknowledgement and that no earlier frame of the same transaction
     * settles it: a COMMIT applies all of its frames or, with an ERROR, none of its ACKs and NACKs.
     */
    private void checkAcknowledgements(List<Frame> frames) throws StompProtocolException {
        Set<PendingDelivery> settledByCommit = new HashSet<>();
        for (Frame held : frames) {
            if (held.command() == Command.ACK || held.command() == Command.NACK) {
                PendingDelivery delivery = findPending(held);
                if (settledByCommit.contains(delivery)) {
                    throw new StompProtocolException("unknown ack id",
                            "The transaction settles this message twice; nothing of it was applied.");
                }
                settledByCommit.addAll(delivery.subscription().covered(delivery));
            }
        }
    }



    private void disconnect(String receipt) {
        if (receipt != null) {
            sendReceipt(receipt, true);
        } else {
            close();
        }
    }

    // ---- authentication, authorization and inbound rate

    private void holdUntilConnected(Frame frame) throws StompProtocolException {
        if (heldUntilConnected.size() >= MAX_FRAMES_BEFORE_CONNECTED) {
            throw new StompProtocolException("too many frames", "Too many frames arrived before CONNECTED.");
        }
        heldUntilConnected.add(frame);
    }

    private static StompProtocolException refused() {
        // One answer for every refusal: it must not tell a guesser which part was wrong.
        return new StompProtocolException("authentication failed", "The broker refused the connection.");
    }

    private void authorize(Permission permission, String destination) throws StompProtocolException {
        if (!permissions.allows(principal, permission, destination)) {
            throw new StompProtocolException("access denied", "You may not "
                    + (permission == Permission.SEND ? "send to" : "subscribe to") + " '" + destination + "'.");
        }
    }

    /**
     * Reads from the connection unless something holds it back: a pending CONNECT, the inbound
     * rate, or the memory cap. One place decides, so that the end of one reason never resumes
     * reading while another still holds.
     */
    private void updateReading() {
        connection.setReading(state != State.AUTHENTICATING && !inboundRate.isThrottled() && !pausedForMemory);
    }

    private void floodedTooLong() {
        if (state != State.CLOSED) {
            fail(new StompProtocolException("too many frames", "The client sent more than "
                    + config.maxFramesPerSecond() + " frames per second for too long."));
        }
    }

    // ---- deliveries

    private void drain() {
        if (state == State.CLOSED) {
            outbox.discardAll(discarder);
            return;
        }
        if (outbox.drain(writer, DRAIN_BATCH) > 0) {
            flushIfNeeded();
        }
    }

    /** Writes one waiting item of a subscription; runs on the session's thread. */
    private boolean write(SessionSubscription subscription, Object item) {
        if (!subscription.isActive() || state != State.CONNECTED) {
            return discard(subscription, item);
        }
        Message message;
        QueuedMessage queued;
        if (item instanceof QueuedMessage entry) {
            queued = entry;
            message = entry.message();
        } else {
            queued = null;
            message = (Message) item;
        }
        long ackId = -1;
        if (subscription.ackMode != AckMode.AUTO) {
            ackId = ++lastAckId;
            PendingDelivery delivery = new PendingDelivery(ackId, message, queued, subscription);
            subscription.addPending(delivery, version != StompVersion.V1_2);
            pendingByAckId.put(ackId, delivery);
            services.counters().awaitingAck(1);
        }
        int deliveryCount = queued == null ? 1 : queued.previousDeliveries() + 1;
        connection.write(new MessageFrame(subscription.subscriptionLine(),
                version == StompVersion.V1_2 ? ackId : -1, deliveryCount, queued != null && queued.isRecovered(),
                message.encodedHeaderLines(wireVersion), message.sharedBody()));
        unflushed = true;
        if (heartbeats != null) {
            heartbeats.onWrite();
        }
        services.counters().delivered();
        if (queued != null && subscription.ackMode == AckMode.AUTO) {
            queued.queue().settle(queued);
        }
        return true;
    }

    /** Drops an item that can no longer be delivered; a queue entry goes back to its queue unseen. */
    private boolean discard(SessionSubscription subscription, Object item) {
        if (item instanceof QueuedMessage queued) {
            queued.queue().release(List.of(queued), false);
        }
        return false;
    }

    private void slowConsumer() {
        if (state != State.CLOSED) {
            fail(new StompProtocolException("slow consumer",
                    "The client did not keep up with its subscriptions and was disconnected."));
        }
    }

    /** Delivers an application's reply to this session's own subscriptions that match. */
    private void reply(String destination, Headers headers, byte[] body) {
        Message message = services.router().messageOf(destination, headers, body);
        for (SessionSubscription subscription : subscriptions.values()) {
            if (subscription.queue == null && DestinationPattern.compile(subscription.destination).matches(destination)) {
                subscription.onPublish(message);
            }
        }
    }

    /** The context an application handler gets for one SEND of this session. */
    private final class SenderContext implements ApplicationContext {
        @Override
        public CompletableFuture<Void> publish(String destination, Headers headers, byte[] body) {
            return services.router().publish(destination, headers, body);
        }

        @Override
        public void reply(String destination, Headers headers, byte[] body) {
            Session.this.reply(destination, headers, body);
        }
    }

    // ---- writing and closing

    private void writeFrame(Frame frame) {
        connection.write(FrameEncoder.encode(frame, wireVersion));
        unflushed = true;
        if (heartbeats != null) {
            heartbeats.onWrite();
        }
    }

    private void flushIfNeeded() {
        if (unflushed) {
            unflushed = false;
            connection.flush();
        }
    }

    /**
     * Sends a RECEIPT once every message stored before it is durable, in the order receipts were
     * asked for; {@code closeAfter} closes the connection after it, for DISCONNECT.
     */
    private void sendReceipt(String receipt, boolean closeAfter) {
        if (durable.isDone() && !durable.isCompletedExceptionally()) {
            connection.write(ServerFrames.receipt(receipt, wireVersion));
            unflushed = true;
            if (closeAfter) {
                close();
            }
            return;
        }
        CompletableFuture<Void> next = new CompletableFuture<>();
        durable.whenComplete((ignored, storeFailure) -> connection.execute(() -> {
            if (state != State.CLOSED) {
                if (storeFailure != null) {
                    LOG.error("Session {}: a persistent message could not be stored", id, storeFailure);
                    fail(new StompProtocolException("message not stored",
                            "The broker could not store a persistent message.", receipt));
                } else {
                    connection.write(ServerFrames.receipt(receipt, wireVersion));
                    unflushed = true;
                    if (closeAfter) {
                        close();
                    } else {
                        flushIfNeeded();
                    }
                }
            }
            next.complete(null);
        }));
        durable = next;
    }

    /** Answers a violation with ERROR, then closes: the one place that turns failures into ERROR. */
    private void fail(StompProtocolException error) {
        if (state == State.CLOSED) {
            return;
        }
        Headers extra = error instanceof UnsupportedVersionException unsupported
                ? Headers.of("version", unsupported.supported())
                : Headers.EMPTY;
        LOG.debug("Session {}: {}", id, error.getMessage());
        connection.write(ServerFrames.error(error, extra, wireVersion));
        unflushed = true;
        close();
    }

    private void close() {
        flushIfNeeded();
        connection.close();
        cleanUp();
    }

    private void cleanUp() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (connectTimer != null) {
            connectTimer.cancel();
        }
        if (heartbeats != null) {
            heartbeats.stop();
        }
        inboundRate.stop();
        heldUntilConnected = null;
        if (pendingAnswer != null) {
            callOff(pendingAnswer);
            pendingAnswer = null;
        }
        for (SessionSubscription subscription : subscriptions.values()) {
            detach(subscription);
        }
        subscriptions.clear();
        transactions.abortAll();
        outbox.discardAll(discarder);
        services.sessions().remove(this);
    }

    private void connectTimedOut() {
        if (state == State.AWAITING_CONNECT) {
            fail(new StompProtocolException("connect timeout", "No CONNECT frame arrived in time."));
        }
    }

    private void heartbeatTimedOut() {
        if (state == State.CONNECTED) {
            LOG.debug("Session {}: no heart-beat from the client in time", id);
            fail(new StompProtocolException("heart-beat timeout",
                    "Nothing arrived from the client within its heart-beat interval."));
        }
    }

    private String supportedVersions() {
        StringBuilder versions = new StringBuilder();
        for (StompVersion supported : StompVersion.values()) {
            if (config.versions().contains(supported)) {
                versions.append(versions.length() == 0 ? "" : ",").append(supported.wireValue());
            }
        }
        return versions.toString();
    }

    private static String required(Frame frame, String header) throws StompProtocolException {
        String value = frame.header(header);
        if (value == null) {
            throw missing(header);
        }
        return value;
    }

    private static StompProtocolException missing(String header) {
        return new StompProtocolException("missing header", "This frame needs a '" + header + "' header.");
    }


    @Override
    public String toString() {
        return "Session[" + id + ", " + state + "]";
    }
}
