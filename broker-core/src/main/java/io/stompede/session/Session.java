package io.stompede.session;

import io.stompede.admin.SessionSummary;
import io.stompede.application.SessionInfo;
import io.stompede.cluster.SessionRecord;
import io.stompede.config.BrokerConfig;
import io.stompede.frame.Command;
import io.stompede.frame.EncodedFrame;
import io.stompede.frame.Frame;
import io.stompede.frame.FrameDecoder;
import io.stompede.frame.FrameEncoder;
import io.stompede.frame.FrameSink;
import io.stompede.frame.Headers;
import io.stompede.frame.StompProtocolException;
import io.stompede.frame.StompVersion;
import io.stompede.message.Message;
import io.stompede.observer.BrokerObserver;
import io.stompede.security.Permission;
import io.stompede.security.StompPrincipal;
import io.stompede.transport.Connection;
import io.stompede.transport.ConnectionInfo;
import io.stompede.transport.ProtocolHandler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's protocol state, and what a transport talks to: the transport feeds it bytes and
 * tells it of writability and of the close; it answers through its {@link Connection}. It holds
 * the state (connected or not, version, principal, heart-beats) and dispatches each frame to the
 * part that handles it: the {@link Handshake}, {@link Sends}, {@link Subscriptions},
 * {@link Acknowledgements} and {@link Receipts}, with deliveries kept in a {@link DeliveryState}
 * of their own, written by a {@link DeliveryWriter}.
 *
 * <p>Confined to its connection's thread: the transport calls the {@link ProtocolHandler} methods
 * from it, and deliveries from other
 * threads reach the session only through its outbox, drained on that thread.
 */
public final class Session implements SessionInfo, ProtocolHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    private static final int DRAIN_BATCH = 256;

    // DETACHED: the connection dropped and the session waits for its client to resume it;
    // HANDED_OVER: a resumed session took its state, which this one must no longer touch.
    private enum State { AWAITING_CONNECT, CONNECTED, DETACHED, HANDED_OVER, CLOSED }

    /** Work on the session's thread whose protocol errors become the client's ERROR. */
    interface Work {
        void run() throws StompProtocolException;
    }

    private final BrokerServices services;
    private final BrokerConfig config;
    private final BrokerObserver observer;
    private final Connection connection;
    private final String id;
    private final FrameDecoder decoder;
    private final FrameSink sink = this::handle;
    private final DeliveryState deliveries;
    private final DeliveryWriter writer;
    private final Handshake handshake;
    private final Subscriptions subscriptions;
    private final Acknowledgements acknowledgements;
    private final Receipts receipts = new Receipts(this);
    private final Sends sends;
    private final SessionPermissions permissions;
    private final Credentials credentials;
    private final InboundRate inboundRate;

    private State state = State.AWAITING_CONNECT;
    private volatile StompVersion version;
    private volatile StompPrincipal principal;
    private StompVersion wireVersion = StompVersion.V1_2;
    private HeartbeatMonitor heartbeats;
    private boolean unflushed;
    // What updateReading last told the connection; a connection starts out reading.
    private boolean reading = true;
    // Set when what the session wrote left the connection not writable: the client does not take
    // what it is sent, and is not read until it does.
    private boolean outputBlocked;
    // The ActiveMQ/Artemis client-id of CONNECT, which names durable subscriptions.
    private String clientId;
    // Whom what the session creates is counted against; fixed at CONNECT.
    private String quotaOwner;
    // Resume: this session's token in the broker's registry, null with resume off; the grace
    // timer while detached; and whether the client asked to end the session (DISCONNECT).
    private ResumableSessions.Entry resumable;
    private Connection.Cancellable grace;
    private boolean disconnecting;
    // Whether subscriptions restored from another node's session wait for what it kept.
    private boolean restoring;
    // What security settings that changed during the handshake revoke, to check once connected.
    private Predicate<StompPrincipal> revokedWhileConnecting;

    private Session(BrokerServices services, Connection connection) {
        this.services = services;
        this.config = services.config();
        this.observer = services.observer();
        this.connection = connection;
        this.id = services.sessions().nextId();
        this.decoder = new FrameDecoder(config.frameLimits());
        this.deliveries = new DeliveryState(new Outbox(config.maxPendingTopicMessages(), config.slowConsumerPolicy(),
                observer));
        this.writer = new DeliveryWriter(this, deliveries, observer);
        this.handshake = new Handshake(this, services, connection);
        this.subscriptions = new Subscriptions(this, deliveries, services);
        this.sends = new Sends(this, services, subscriptions, receipts);
        this.acknowledgements = new Acknowledgements(this, deliveries, sends,
                new Transactions(config.maxTransactionsPerSession(), config.maxFramesPerTransaction(),
                        config.maxTransactionBytes()), observer);
        this.permissions = new SessionPermissions(services.authorizer());
        this.credentials = new Credentials(this, handshake, services, connection);
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
        session.deliveries.attach(connection, session::drain, session::slowConsumer);
        session.observer.connectionOpened(connection.info());
        session.handshake.start();
        return session;
    }

    // ---- transport-facing

    @Override
    public void receive(ByteBuffer bytes) {
        if (isClosed()) {
            bytes.position(bytes.limit());
            return;
        }
        if (heartbeats != null) {
            heartbeats.onRead();
        }
        run(() -> decoder.decode(bytes, sink));
        bytes.position(bytes.limit());
        flushIfNeeded();
        // What these frames were answered with may have filled the client's buffer.
        updateReading();
    }

    /** Writes what waits once the client takes bytes again, then reads from it again. */
    @Override
    public void writabilityChanged() {
        if (isClosed()) {
            return;
        }
        if (connection.isWritable()) {
            drain();
        }
        updateReading();
    }

    /**
     * The connection is gone. A connected session whose client did not DISCONNECT is kept for its
     * client to resume within the grace period; any other ends here.
     */
    @Override
    public void connectionClosed() {
        if (state == State.DETACHED || state == State.HANDED_OVER) {
            return;     // detached already, by a heart-beat timeout or a takeover
        }
        if (state == State.CONNECTED && resumable != null && !disconnecting) {
            detach();
        } else {
            cleanUp();
        }
    }

    /**
     * Ends the session with an ERROR ({@code message}, with {@code detail} as its body) after what
     * was already written, then closes the connection: for a broker going away, or an
     * administrator closing the session. Thread-safe: runs on the session's thread.
     */
    public void close(String message, String detail) {
        connection.execute(() -> fail(new StompProtocolException(message, detail)));
    }

    /**
     * Checks this session against security settings that changed: a session whose principal
     * {@code revoked} accepts (a user removed from the users file), or one holding a subscription
     * the authorizer no longer allows, gets ERROR {@code credentials revoked} and is closed; any
     * other forgets the rights it remembered, so that its next frames are judged by the new rules.
     * Thread-safe: runs on the session's thread.
     */
    public void recheck(Predicate<StompPrincipal> revoked) {
        connection.execute(() -> {
            if (state == State.AWAITING_CONNECT) {
                // Its CONNECT may have been judged by the settings of before: judged again once connected.
                revokedWhileConnecting = revokedWhileConnecting == null ? revoked : revokedWhileConnecting.or(revoked);
                return;
            }
            if (state != State.CONNECTED) {
                return;
            }
            if (revoked.test(principal)) {
                fail(new StompProtocolException("credentials revoked", "The session's credentials were revoked."));
                return;
            }
            recheckRights();
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

    /** What an administrator sees of this session, read on the session's thread. Thread-safe. */
    public CompletableFuture<SessionSummary> describe() {
        CompletableFuture<SessionSummary> summary = new CompletableFuture<>();
        connection.execute(() -> summary.complete(deliveries.describe(id, connection.info(), principal, version,
                acknowledgements.transactionBytes())));
        return summary;
    }

    // ---- frames

    void handle(Frame frame) throws StompProtocolException {
        if (isClosed()) {
            return;
        }
        if (handshake.isAuthenticating()) {
            handshake.hold(frame);
            return;
        }
        inboundRate.onFrame();
        String receipt = frame.header("receipt");
        try {
            services.interceptors().check(this, frame);
            if (state == State.AWAITING_CONNECT) {
                if (frame.command() != Command.CONNECT && frame.command() != Command.STOMP) {
                    throw new StompProtocolException("not connected",
                            "The first frame must be CONNECT or STOMP, not " + frame.command() + ".");
                }
                handshake.connect(frame);
                return;
            }
            if (dispatch(frame, receipt)) {
                return;
            }
        } catch (StompProtocolException e) {
            throw e.receiptId() == null && receipt != null ? e.withReceiptId(receipt) : e;
        }
        if (receipt != null) {
            receipts.send(receipt, false);
        }
    }

    /** Hands a frame of a connected session to its part; {@code true} when the frame answered its own receipt. */
    private boolean dispatch(Frame frame, String receipt) throws StompProtocolException {
        switch (frame.command()) {
            case SEND -> onSend(frame);
            case SUBSCRIBE -> {
                String destination = RequiredHeaders.get(frame, "destination");
                if (Credentials.isReserved(destination)) {
                    credentials.subscribe(frame, frame.header("id") != null && deliveries.subscription(frame.header("id")) != null);
                    recordInCluster(0);
                    return false;
                }
                if (credentials.holds(frame.header("id"))) {
                    throw new StompProtocolException("subscription id in use",
                            "This session already has a subscription with id '" + frame.header("id") + "'.");
                }
                permissions.check(principal, Permission.SUBSCRIBE, destination);
                CompletableFuture<Headers> recovery = subscriptions.subscribe(frame, destination, clientId, receipts);
                recordInCluster(0);
                if (receipt != null && SubscribeHeaders.replays(frame)) {
                    receipts.sendAfterReplay(receipt, recovery);
                } else if (receipt != null) {
                    receipts.send(receipt, recovery);
                }
                return true;
            }
            case UNSUBSCRIBE -> {
                if (!credentials.unsubscribe(frame.header("id"))) {
                    subscriptions.unsubscribe(frame, clientId);
                }
                recordInCluster(0);
            }
            case ACK -> acknowledgements.acknowledge(frame, true);
            case NACK -> acknowledgements.acknowledge(frame, false);
            case BEGIN -> acknowledgements.begin(frame);
            case COMMIT -> acknowledgements.commit(frame);
            case ABORT -> acknowledgements.abort(frame);
            case DISCONNECT -> {
                disconnecting = true;
                if (receipt != null) {
                    receipts.send(receipt, true);
                } else {
                    close();
                }
                return true;
            }
            case CONNECT, STOMP -> throw new StompProtocolException("already connected",
                    "This session is already connected; a second CONNECT is not allowed.");
            default -> throw new StompProtocolException("unexpected command",
                    frame.command() + " is sent by servers, not clients.");
        }
        return false;
    }

    /**
     * The handshake's outcome: the client is who the authenticator said, and, if it asked to
     * resume a session and may, this session takes over that one's state.
     */
    void connected(StompPrincipal authenticated, Frame frame, StompVersion negotiated, Heartbeat heartbeat,
                   Resume resume) {
        principal = authenticated;
        quotaOwner = QuotaOwner.of(this);
        clientId = frame.header("client-id");
        wireVersion = negotiated;
        decoder.setVersion(negotiated);
        state = State.CONNECTED;
        version = negotiated;

        if (restoring && resume.remote() == null) {
            // The holder answered that the claimed session is gone, or no answer came in time.
            subscriptions.endAll();
            restoring = false;
        }
        String missed = resume.handOver() != null ? Long.toString(takeOver(resume.handOver()))
                : resume.remote() != null ? restore(resume) : "0";
        List<String> extra = new ArrayList<>(8);
        ResumableSessions resumption = services.resumption();
        if (resumption.config().enabled()) {
            String[] token = new String[1];
            resumable = resumption.issue(this, authenticated, token);
            extra.addAll(List.of("x-resume-token", token[0],
                    "x-resume-grace", Long.toString(resumption.config().grace().toMillis())));
        }
        if (resume.asked()) {
            extra.addAll(List.of("x-resumed", Boolean.toString(resume.resumed())));
            if (resume.refused() != null) {
                extra.addAll(List.of("x-resume-refused", resume.refused()));
            }
            if (!"0".equals(missed)) {
                extra.addAll(List.of("x-resume-missed", missed));
            }
        }
        write(FrameEncoder.encode(Credentials.withExpiry(ServerFrames.connected(config, negotiated, heartbeat, id, extra),
                authenticated), wireVersion));
        credentials.connected(frame, authenticated);
        recordInCluster(0);
        heartbeats = new HeartbeatMonitor(connection, heartbeat, config.heartbeatGraceFactor(), this::heartbeatTimedOut);
        heartbeats.start();
        observer.sessionConnected(this);
        if (revokedWhileConnecting != null) {
            Predicate<StompPrincipal> revoked = revokedWhileConnecting;
            revokedWhileConnecting = null;
            if (revoked.test(principal)) {
                fail(new StompProtocolException("credentials revoked", "The session's credentials were revoked."));
                return;
            }
            recheckRights();
        } else if (resume.handOver() != null) {
            // The rules may have changed while it was away, or the new credentials carry fewer groups.
            recheckRights();
        }
    }

    private void onSend(Frame frame) throws StompProtocolException {
        String destination = RequiredHeaders.get(frame, "destination");
        if (Credentials.isReserved(destination)) {
            credentials.refresh(frame, receipts);
            return;
        }
        permissions.check(principal, Permission.SEND, destination);
        if (!acknowledgements.holdsSend(frame)) {
            sends.send(frame, destination);
        }
    }

    /**
     * Reads from the connection unless something holds it back: a pending CONNECT, the inbound
     * rate, the memory cap, or a client that does not take what the broker writes (what the
     * session flushed left the connection not writable), whose RECEIPTs, ERRORs and MESSAGEs
     * would otherwise pile up in the broker for as long as it sends. One place decides, so that
     * the end of one reason never resumes reading while another still holds. Called after the
     * session writes (at the end of {@link #receive}, after a drain, after a late RECEIPT) and when
     * writability changes; the connection is told only of a change, so calling this often costs
     * nothing, and a transport that feeds held bytes from within {@code setReading} is not
     * re-entered.
     */
    void updateReading() {
        if (outputBlocked && connection.isWritable()) {
            outputBlocked = false;
        }
        boolean heldBack = handshake.isAuthenticating() || inboundRate.isThrottled() || sends.isPausedForMemory();
        boolean next = !heldBack && !outputBlocked;
        if (next != reading && !isClosed()) {
            reading = next;
            connection.setReading(next);
        }
        if (heartbeats != null) {
            // Silence the broker causes closes nothing; a client that does not read what it is
            // sent is another matter, and its heart-beat timeout stands.
            heartbeats.readingPaused(heldBack && !outputBlocked);
        }
    }

    private void floodedTooLong() {
        fail(new StompProtocolException("too many frames", "The client sent more than "
                + config.maxFramesPerSecond() + " frames per second for too long."));
    }

    /** New credentials of the same principal, from an in-band refresh: its groups, and so its rights, may differ. */
    void credentialsRefreshed(StompPrincipal refreshed) {
        principal = refreshed;
        recheckRights();
    }

    /**
     * Forgets the rights remembered and asks the authorizer again for every subscription held:
     * STOMP has no error for one subscription, so one no longer allowed closes the session.
     */
    private void recheckRights() {
        permissions.forget();
        for (SessionSubscription subscription : deliveries.subscriptions()) {
            if (!permissions.allows(principal, Permission.SUBSCRIBE, subscription.destination)) {
                fail(new StompProtocolException("credentials revoked",
                        "You may no longer subscribe to '" + subscription.destination + "'."));
                return;
            }
        }
    }

    // ---- deliveries

    /**
     * Writes what already waits in the outbox, before the RECEIPT of a SUBSCRIBE that replays
     * history: the replayed messages go out before it, so the RECEIPT marks the replay's end.
     * Only a connection over its high-water mark stops the drain early.
     */
    void writePendingDeliveries() {
        // Not drain(): that may resume reading, and a frame read now would be answered before this RECEIPT.
        // A full batch may have left more behind; a connection over its high-water mark writes less.
        int written;
        do {
            written = state == State.CLOSED ? 0 : deliveries.outbox().drain(writer, DRAIN_BATCH);
        } while (written == DRAIN_BATCH);
    }

    private void drain() {
        if (state == State.AWAITING_CONNECT || state == State.DETACHED || state == State.HANDED_OVER) {
            return;     // not before CONNECTED; nobody to write to; or the outbox is another session's now
        }
        if (state == State.CLOSED) {
            deliveries.outbox().discardAll(writer::discard);
            return;
        }
        if (deliveries.outbox().drain(writer, DRAIN_BATCH) > 0) {
            flushIfNeeded();
        }
        updateReading();
    }

    private void slowConsumer() {
        if (state == State.CONNECTED) {
            observer.slowConsumerDisconnected(this);
            fail(new StompProtocolException("slow consumer",
                    "The client did not keep up with its subscriptions and was disconnected."));
        }
    }

    // ---- for the session's parts

    /** Whom the queues and durable subscriptions this session creates count against; see {@link QuotaOwner}. */
    String quotaOwner() {
        return quotaOwner;
    }

    boolean isConnected() {
        return state == State.CONNECTED;
    }

    /** Whether the session's connection no longer serves it: closed, detached or handed over. */
    boolean isClosed() {
        return state == State.CLOSED || state == State.DETACHED || state == State.HANDED_OVER;
    }

    StompVersion wireVersion() {
        return wireVersion;
    }

    void execute(Runnable task) {
        connection.execute(task);
    }

    /** Queues a frame for the next flush; any frame written counts as the server's heart-beat. */
    void write(EncodedFrame frame) {
        connection.write(frame);
        unflushed = true;
        if (heartbeats != null) {
            heartbeats.onWrite();
        }
    }

    /**
     * Flushes what was written. A connection that is not writable afterwards holds the session's
     * output over its high-water mark: {@link #updateReading} stops reading until it drains.
     */
    void flushIfNeeded() {
        if (unflushed) {
            unflushed = false;
            connection.flush();
            if (!connection.isWritable()) {
                outputBlocked = true;
            }
        }
    }

    /** Runs {@code work}; a failure becomes the client's ERROR, and a broker bug an "internal error". */
    void run(Work work) {
        try {
            work.run();
        } catch (StompProtocolException e) {
            fail(e);
        } catch (RuntimeException e) {
            LOG.error("Session {} failed on its input; closing it", id, e);
            fail(new StompProtocolException("internal error", "The broker could not process the frame."));
        }
    }

    /** Answers with the error's ERROR frame, then closes unless it says otherwise: the one place that does. */
    void fail(StompProtocolException error) {
        if (state == State.CLOSED || state == State.DETACHED || state == State.HANDED_OVER) {
            return;
        }
        LOG.debug("Session {}: {}", id, error.getMessage());
        write(ServerFrames.error(error, wireVersion));
        observer.errorSent(this, error.getMessage());
        if (error.closesConnection()) {
            close();
        } else {
            flushIfNeeded();
        }
    }

    void close() {
        flushIfNeeded();
        connection.close();
        cleanUp();
    }

    private void cleanUp() {
        if (state == State.CLOSED || state == State.HANDED_OVER) {
            return;
        }
        if (state == State.DETACHED) {
            graceEnded();
            return;
        }
        if (resumable != null) {
            services.resumption().ended(resumable);
        }
        boolean wasConnected = state == State.CONNECTED;
        state = State.CLOSED;
        stopServing();
        subscriptions.endAll();
        acknowledgements.abortAll();
        deliveries.outbox().discardAll(writer::discard);
        services.sessions().remove(this);
        if (wasConnected) {
            observer.sessionClosed(this);
        }
        observer.connectionClosed(connection.info());
    }

    /**
     * A silent client is one whose network went away, as a phone's does: it is told (should it
     * still listen) and its connection closed, and its session is kept for it to resume.
     */
    private void heartbeatTimedOut() {
        if (state == State.CONNECTED) {
            LOG.debug("Session {}: no heart-beat from the client in time", id);
            StompProtocolException timeout = new StompProtocolException("heart-beat timeout",
                    "Nothing arrived from the client within its heart-beat interval.");
            if (resumable == null) {
                fail(timeout);
                return;
            }
            write(ServerFrames.error(timeout, wireVersion));
            observer.errorSent(this, timeout.getMessage());
            flushIfNeeded();
            connection.close();
            connectionClosed();
        }
    }

    // ---- resume

    /**
     * Keeps the session for its client: what it delivered and its subscriptions stay, its queue
     * subscriptions stop taking entries, its topic subscriptions keep what arrives within the away
     * bound, and the grace timer starts. Past the limits on detached sessions it ends instead.
     */
    private void detach() {
        String owner = quotaOwner;
        if (!services.resumption().detached(resumable, owner)) {
            cleanUp();
            return;
        }
        letGo();
        state = State.DETACHED;
        recordInCluster(resumable.deadline);
        LOG.debug("Session {} detached, kept for {}", id, services.resumption().config().grace());
        grace = connection.schedule(this::graceEnded, services.resumption().config().grace().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Stops every timer and the sends of the connection: what closing, detaching and a takeover
     * share. A timer left running (the credentials' expiry, hours away) would keep the session reachable.
     */
    private void stopServing() {
        handshake.stop();
        credentials.stop();
        if (heartbeats != null) {
            heartbeats.stop();
        }
        inboundRate.stop();
        sends.close();
    }

    /** What detaching and a takeover share: the session stops being served by its connection. */
    private void letGo() {
        stopServing();
        acknowledgements.abortAll();
        subscriptions.detachAll();
        deliveries.outbox().detach(services.resumption().awayBuffer());
        services.sessions().remove(this);
        observer.sessionClosed(this);
        observer.connectionClosed(connection.info());
    }

    /**
     * The grace ended with nobody resuming the session (or the broker closes): it ends as it would
     * have when its connection dropped, its queue entries back on their queues. Runs on the session's thread.
     */
    void graceEnded() {
        if (state != State.DETACHED || !services.resumption().expire(resumable)) {
            return;     // a resume claimed it: its hand-over is on its way
        }
        LOG.debug("Session {}: resume grace over, session ended", id);
        state = State.CLOSED;
        deliveries.outbox().endAway();
        subscriptions.endAll();
        deliveries.outbox().discardAll(writer::discard);
    }

    /** Ends the session now if it is detached, as when the broker closes. Thread-safe. */
    void expireNow() {
        connection.execute(this::graceEnded);
    }

    /**
     * Lets a resuming session take this one's state, on this session's thread: a connected
     * session (whose client came back before the broker saw its connection drop) first closes
     * its connection. Completes with the state, or {@code null} if the session ended meanwhile.
     * Thread-safe.
     */
    CompletableFuture<Resume.HandOver> handOver() {
        CompletableFuture<Resume.HandOver> handOver = new CompletableFuture<>();
        connection.execute(() -> {
            if (state == State.CONNECTED) {
                StompProtocolException resumed = new StompProtocolException("session resumed elsewhere",
                        "This session was resumed on another connection.");
                write(ServerFrames.error(resumed, wireVersion));
                observer.errorSent(this, resumed.getMessage());
                flushIfNeeded();
                connection.close();
                letGo();
                state = State.DETACHED;
            }
            if (state != State.DETACHED) {
                handOver.complete(null);
                return;
            }
            if (grace != null) {
                grace.cancel();
                grace = null;
            }
            state = State.HANDED_OVER;
            handOver.complete(new Resume.HandOver(deliveries, clientId, deliveries.outbox().endAway(),
                    credentials.subscriptionIds()));
        });
        return handOver;
    }

    /**
     * Keeps this session's record in the cluster (when the bus shares sessions), so that its client
     * may resume it on another node; {@code deadline} is when its grace ends, 0 while connected.
     */
    private void recordInCluster(long deadline) {
        // Built only for a bus that keeps it: on one node, a SUBSCRIBE would copy every subscription for nothing.
        if (resumable != null && services.resumption().recordsInCluster()) {
            List<SessionRecord.Subscription> records = subscriptions.records();
            for (String notices : credentials.subscriptionIds()) {
                records.add(new SessionRecord.Subscription(notices, Credentials.DESTINATION, AckMode.AUTO.wireValue(),
                        null, 0));
            }
            services.resumption().record(resumable, new SessionRecord(principal.name(), deadline, clientId, records));
        }
    }

    /**
     * Subscribes again as another node's session was, claimed through the cluster, before that
     * node is asked for what it kept: what the subscriptions receive meanwhile is held back for
     * {@link #restore}. A subscription the access rules no longer allow, or that cannot attach,
     * is left out. Runs before CONNECTED, while the handshake holds the client's frames.
     */
    void prepareRestore(StompPrincipal authenticated, StompVersion negotiated, SessionRecord.Claimed claimed) {
        principal = authenticated;
        quotaOwner = QuotaOwner.of(this);
        wireVersion = negotiated;
        clientId = clientId != null ? clientId : claimed.record().clientId();
        restoring = true;
        for (SessionRecord.Subscription record : claimed.record().subscriptions()) {
            if (Credentials.isReserved(record.destination())) {
                credentials.adopt(List.of(record.id()));
                continue;
            }
            try {
                permissions.check(principal, Permission.SUBSCRIBE, record.destination());
                subscriptions.restore(record);
            } catch (StompProtocolException refused) {
                LOG.debug("Session {}: subscription {} not restored: {}", id, record.id(), refused.getMessage());
            }
        }
    }

    /**
     * Completes the resume of another node's session: each restored subscription gets what that
     * node kept for it, then what it held back since. Returns the {@code x-resume-missed} value:
     * {@code unknown} when the node that held the session could not answer (it died or
     * restarted, and with it what it kept).
     */
    private String restore(Resume resume) {
        if (!restoring) {
            prepareRestore(principal, wireVersion, resume.remote());
        }
        restoring = false;
        SessionRecord.HandedOver handedOver = resume.handedOver();
        subscriptions.releaseRestored(handedOver == null ? null : handedOver.kept());
        // Attached again: a drain that came before CONNECTED wrote nothing, and left one scheduled.
        deliveries.attach(connection, this::drain, this::slowConsumer);
        return handedOver == null ? "unknown" : Long.toString(handedOver.missed());
    }

    /**
     * Ends a session handed over to another node: what its topic subscriptions kept goes to
     * {@code kept}, by subscription id; its queue entries go back to their queues (a shared queue's
     * to the cluster, whence the resuming node's consumers fetch them). On this session's thread.
     */
    void releaseToCluster(Consumer<Map<String, List<Message>>> kept) {
        Map<String, List<Message>> messages = subscriptions.takeKept();
        subscriptions.endAll();
        deliveries.outbox().discardAll(writer::discard);
        kept.accept(messages);
    }

    /** Ends a resumed session's state that this session, closed before it arrived, cannot take. */
    void abandon(Resume.HandOver handOver) {
        // Never through this session's own state: it may be connected, with subscriptions of its own.
        DeliveryState orphan = handOver.state();
        new Subscriptions(this, orphan, services).endAll();
        orphan.outbox().discardAll(writer::discard);
    }

    /** Takes over a resumed session's state; returns how many of its messages did not fit while it was away. */
    private long takeOver(Resume.HandOver handOver) {
        if (clientId == null) {
            clientId = handOver.clientId();
        }
        deliveries.adopt(handOver.state());
        credentials.adopt(handOver.notices());
        deliveries.attach(connection, this::drain, this::slowConsumer);
        subscriptions.resumeAll();
        LOG.debug("Session {} resumed a session of {}", id, principal.name());
        return handOver.missed();
    }

    @Override
    public String toString() {
        return "Session[" + id + ", " + state + "]";
    }
}
