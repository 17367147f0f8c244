package io.stompede.session;

import io.stompede.admin.SessionSummary;
import io.stompede.application.SessionInfo;
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
import io.stompede.observer.BrokerObserver;
import io.stompede.security.Permission;
import io.stompede.security.StompPrincipal;
import io.stompede.transport.Connection;
import io.stompede.transport.ConnectionInfo;
import io.stompede.transport.ProtocolHandler;
import java.nio.ByteBuffer;
import java.util.function.Predicate;
import java.util.concurrent.CompletableFuture;
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

    private enum State { AWAITING_CONNECT, CONNECTED, CLOSED }

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
        if (state == State.CLOSED) {
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
        if (state == State.CLOSED) {
            return;
        }
        if (connection.isWritable()) {
            drain();
        }
        updateReading();
    }

    @Override
    public void connectionClosed() {
        cleanUp();
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
        if (state == State.CLOSED) {
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
                    return false;
                }
                if (credentials.holds(frame.header("id"))) {
                    throw new StompProtocolException("subscription id in use",
                            "This session already has a subscription with id '" + frame.header("id") + "'.");
                }
                permissions.check(principal, Permission.SUBSCRIBE, destination);
                CompletableFuture<Headers> recovery = subscriptions.subscribe(frame, destination, clientId, receipts);
                if (receipt != null) {
                    receipts.send(receipt, recovery);
                }
                return true;
            }
            case UNSUBSCRIBE -> {
                if (!credentials.unsubscribe(frame.header("id"))) {
                    subscriptions.unsubscribe(frame, clientId);
                }
            }
            case ACK -> acknowledgements.acknowledge(frame, true);
            case NACK -> acknowledgements.acknowledge(frame, false);
            case BEGIN -> acknowledgements.begin(frame);
            case COMMIT -> acknowledgements.commit(frame);
            case ABORT -> acknowledgements.abort(frame);
            case DISCONNECT -> {
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

    /** The handshake's outcome: the client is who the authenticator said. */
    void connected(StompPrincipal authenticated, Frame frame, StompVersion negotiated, Heartbeat heartbeat) {
        principal = authenticated;
        quotaOwner = QuotaOwner.of(this);
        clientId = frame.header("client-id");
        wireVersion = negotiated;
        decoder.setVersion(negotiated);
        state = State.CONNECTED;
        version = negotiated;

        write(FrameEncoder.encode(Credentials.withExpiry(ServerFrames.connected(config, negotiated, heartbeat, id),
                authenticated), wireVersion));
        credentials.connected(frame, authenticated);
        heartbeats = new HeartbeatMonitor(connection, heartbeat, config.heartbeatGraceFactor(), this::heartbeatTimedOut);
        heartbeats.start();
        observer.sessionConnected(this);
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
        if (next != reading && state != State.CLOSED) {
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
     * Writes what already waits in the outbox, before a RECEIPT: what a frame's effect handed
     * this session (the history a SUBSCRIBE replayed) goes out before the frame's RECEIPT, so the
     * RECEIPT marks its end. Only a connection over its high-water mark stops the drain early.
     */
    void writePendingDeliveries() {
        // Not drain(): that may resume reading, and a frame read now would be answered before this RECEIPT.
        if (state != State.CLOSED) {
            deliveries.outbox().drain(writer, DRAIN_BATCH);
        }
    }

    private void drain() {
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
        if (state != State.CLOSED) {
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

    boolean isClosed() {
        return state == State.CLOSED;
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
        if (state == State.CLOSED) {
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
        if (state == State.CLOSED) {
            return;
        }
        boolean wasConnected = state == State.CONNECTED;
        state = State.CLOSED;
        handshake.stop();
        credentials.stop();
        if (heartbeats != null) {
            heartbeats.stop();
        }
        inboundRate.stop();
        sends.close();
        subscriptions.endAll();
        acknowledgements.abortAll();
        deliveries.outbox().discardAll(writer::discard);
        services.sessions().remove(this);
        if (wasConnected) {
            observer.sessionClosed(this);
        }
        observer.connectionClosed(connection.info());
    }

    private void heartbeatTimedOut() {
        if (state == State.CONNECTED) {
            LOG.debug("Session {}: no heart-beat from the client in time", id);
            fail(new StompProtocolException("heart-beat timeout",
                    "Nothing arrived from the client within its heart-beat interval."));
        }
    }

    @Override
    public String toString() {
        return "Session[" + id + ", " + state + "]";
    }
}
