package io.stompede.session;

import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.FrameEncoder;
import io.stompede.frame.Headers;
import io.stompede.frame.StompProtocolException;
import io.stompede.frame.StompVersion;
import io.stompede.security.AuthenticationRequest;
import io.stompede.security.StompPrincipal;
import io.stompede.transport.Connection;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connected session's credentials over time: when they expire, the warning shortly before, the
 * ERROR {@code credentials expired} at the expiry, and the reserved destination
 * {@value #DESTINATION}, which belongs to this session alone. A SUBSCRIBE to it receives this
 * session's notices (MESSAGE frames with {@code x-notice}); a SEND to it with
 * {@code x-credentials:<token>} presents new credentials, checked by the broker's authenticator
 * as a CONNECT's are, which must name the same principal. Neither ever reaches the router, so no
 * other session can subscribe to or publish on it. Timers are the connection's, on the session's
 * thread, and the expiry is judged by the broker's clock.
 *
 * <p>Confined to the session's thread.
 */
final class Credentials {
    /** The reserved destination of a session's notices and in-band refreshes. */
    static final String DESTINATION = "/stompede/session";
    static final String TOKEN_HEADER = "x-credentials";
    static final String EXPIRE_HEADER = "x-credentials-expire";
    private static final Logger LOG = LoggerFactory.getLogger(Credentials.class);

    private final Session session;
    private final Handshake handshake;
    private final BrokerServices services;
    private final Connection connection;
    // The ids of this session's subscriptions to DESTINATION, in the order made, and those of them
    // that came back with a resumed session: a SUBSCRIBE repeating one is the client resubscribing.
    private final Set<String> subscriptionIds = new LinkedHashSet<>();
    private final Set<String> resumedIds = new HashSet<>();
    // What a refresh presents besides its token: the CONNECT's login and host.
    private String login;
    private String host;
    private Connection.Cancellable warningTimer;
    private Connection.Cancellable expiryTimer;
    // Whether the current credentials' warning is due: a later subscriber gets it at once.
    private boolean warned;
    private long notices;

    Credentials(Session session, Handshake handshake, BrokerServices services, Connection connection) {
        this.session = session;
        this.handshake = handshake;
        this.services = services;
        this.connection = connection;
    }

    static boolean isReserved(String destination) {
        return DESTINATION.equals(destination);
    }

    /** CONNECTED with {@value #EXPIRE_HEADER} when the principal's credentials expire. */
    static Frame withExpiry(Frame connected, StompPrincipal principal) {
        return principal.expiresAt() == null ? connected
                : connected.withHeaders(connected.headers().with(EXPIRE_HEADER, epochMillis(principal.expiresAt())));
    }

    /** Starts the clock on the credentials the CONNECT proved. */
    void connected(Frame connect, StompPrincipal principal) {
        login = connect.header("login");
        host = connect.header("host");
        schedule(principal);
    }

    /** Subscribes to the session's notices; an id this session already uses is refused. */
    void subscribe(Frame frame, boolean idInUse) throws StompProtocolException {
        String id = frame.header("id");
        if (id == null) {
            if (session.version() != StompVersion.V1_0) {
                throw RequiredHeaders.missing("id");
            }
            id = DESTINATION;
        }
        if (!idInUse && resumedIds.contains(id)) {
            return;     // resubscribed after resume, as stompjs does in onConnect
        }
        if (idInUse || subscriptionIds.contains(id)) {
            throw new StompProtocolException("subscription id in use",
                    "This session already has a subscription with id '" + id + "'.");
        }
        subscriptionIds.add(id);
        if (warned) {
            notify(Set.of(id), "credentials-expiring", session.principal().expiresAt());
        }
    }

    /** Whether {@code id} names a subscription to the session's notices. */
    boolean holds(String id) {
        return id != null && subscriptionIds.contains(id);
    }

    /** Ends the notice subscription {@code id}; {@code false} when it is not one. */
    boolean unsubscribe(String id) {
        resumedIds.remove(id);
        return id != null && subscriptionIds.remove(id);
    }

    /** The ids of the notice subscriptions, for the session that resumes this one. */
    List<String> subscriptionIds() {
        return List.copyOf(subscriptionIds);
    }

    /** The notice subscriptions of the session this one resumes: they are this session's now. */
    void adopt(Collection<String> ids) {
        subscriptionIds.addAll(ids);
        resumedIds.addAll(ids);
    }

    /**
     * Checks the new credentials of a SEND to {@value #DESTINATION}. Its RECEIPT, and every later
     * one, waits for the authenticator's answer: a client that waits for it knows whether the
     * refresh held. New credentials for the same principal replace the old ones (its groups too,
     * so its rights are checked again) and move the expiry; any other answer is the generic
     * authentication ERROR, counted by the login throttle, and the session closes.
     */
    void refresh(Frame send, Receipts receipts) throws StompProtocolException {
        String token = send.header(TOKEN_HEADER);
        if (token == null || token.isEmpty()) {
            throw new StompProtocolException("missing header",
                    "A SEND to " + DESTINATION + " carries new credentials in its " + TOKEN_HEADER + " header.");
        }
        CompletableFuture<Void> applied = new CompletableFuture<>();
        receipts.await(applied);
        CompletableFuture<Optional<StompPrincipal>> answer =
                handshake.ask(new AuthenticationRequest(login, null, host, connection.info(), token));
        answer.whenComplete((principal, failure) -> connection.execute(() -> answered(answer, applied)));
    }

    private void answered(CompletableFuture<Optional<StompPrincipal>> answer, CompletableFuture<Void> applied) {
        if (session.isClosed()) {
            applied.complete(null);
            return;
        }
        Optional<StompPrincipal> refreshed = handshake.outcome(answer);
        StompPrincipal current = session.principal();
        if (refreshed.isPresent() && !refreshed.get().name().equals(current.name())) {
            LOG.info("Session {}: new credentials name '{}', not '{}'; refused", session.id(), refreshed.get().name(),
                    current.name());
            services.loginThrottle().failed(connection.info().remoteAddress());
            refreshed = Optional.empty();
        }
        if (refreshed.isEmpty()) {
            session.fail(Handshake.refused());
            applied.complete(null);
            return;
        }
        StompPrincipal principal = refreshed.get();
        session.credentialsRefreshed(principal);
        if (session.isClosed()) {
            applied.complete(null);
            return;
        }
        schedule(principal);
        // The RECEIPT is written by a task that completing `applied` queues; the notice is queued
        // behind it, so the client hears the RECEIPT first.
        applied.complete(null);
        connection.execute(() -> {
            if (!session.isClosed()) {
                notify(subscriptionIds, "credentials-refreshed", principal.expiresAt());
                session.flushIfNeeded();
            }
        });
    }

    /** Calls the timers off, as when the session closes or detaches; the notice subscriptions stay, for a resume. */
    void stop() {
        cancelTimers();
    }

    private void schedule(StompPrincipal principal) {
        cancelTimers();
        warned = false;
        Instant expiry = principal.expiresAt();
        if (expiry == null) {
            return;
        }
        long untilExpiry = Math.max(0, expiry.toEpochMilli() - services.clock().millis());
        long warning = services.config().credentialsWarning().toMillis();
        if (warning > 0 && untilExpiry <= warning) {
            // Due already: said now to whoever listens, and to a subscriber that comes later.
            warn(expiry);
        } else if (warning > 0) {
            warningTimer = connection.schedule(() -> warn(expiry), untilExpiry - warning, TimeUnit.MILLISECONDS);
        }
        expiryTimer = connection.schedule(this::expired, untilExpiry, TimeUnit.MILLISECONDS);
    }

    private void cancelTimers() {
        if (warningTimer != null) {
            warningTimer.cancel();
            warningTimer = null;
        }
        if (expiryTimer != null) {
            expiryTimer.cancel();
            expiryTimer = null;
        }
    }

    private void warn(Instant expiry) {
        if (session.isClosed()) {
            return;
        }
        warned = true;
        notify(subscriptionIds, "credentials-expiring", expiry);
        session.flushIfNeeded();
    }

    private void expired() {
        if (!session.isClosed()) {
            LOG.debug("Session {}: credentials expired", session.id());
            session.fail(new StompProtocolException("credentials expired",
                    "The session's credentials expired; connect again with new ones."));
        }
    }

    /** Writes notice {@code kind} to each of {@code ids}; an ack mode asked for is ignored, notices need no ACK. */
    private void notify(Set<String> ids, String kind, Instant expiry) {
        for (String id : ids) {
            Headers.Builder headers = Headers.builder()
                    .add("subscription", id)
                    .add("message-id", session.id() + "-notice-" + ++notices)
                    .add("destination", DESTINATION)
                    .add("x-notice", kind);
            if (expiry != null) {
                headers.add(EXPIRE_HEADER, epochMillis(expiry));
            }
            session.write(FrameEncoder.encode(Frame.of(Command.MESSAGE, headers.build()), session.wireVersion()));
        }
    }

    private static String epochMillis(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }
}
