package io.stompede.session;

import io.stompede.config.BrokerConfig;
import io.stompede.frame.Frame;
import io.stompede.frame.StompProtocolException;
import io.stompede.frame.StompVersion;
import io.stompede.security.AuthenticationRequest;
import io.stompede.security.LoginThrottle;
import io.stompede.security.StompPrincipal;
import io.stompede.transport.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * A session's way to CONNECTED: the connect timeout, version and virtual-host negotiation, the
 * login throttle, and the authenticator's answer, which may come later from its workers. Frames
 * that a client pipelines behind CONNECT are held meanwhile and run in order once it is answered.
 * Confined to the session's thread.
 */
final class Handshake {
    private static final Logger LOG = LoggerFactory.getLogger(Handshake.class);

    /** Frames a client may pipeline behind a CONNECT whose check is not answered yet. */
    private static final int MAX_FRAMES_BEFORE_CONNECTED = 64;
    /** The CONNECT header naming a session to resume; see {@link ResumableSessions}. */
    static final String RESUME_TOKEN = "x-resume-token";

    private final Session session;
    private final BrokerServices services;
    private final BrokerConfig config;
    private final Connection connection;
    // The connect timeout, then the throttle's wait, then the authenticator's deadline.
    private Connection.Cancellable timer;
    // Frames that arrived while CONNECT waited for the throttle or the authenticator; null otherwise.
    private List<Frame> held;
    // The wait for a resumed session's hand-over; null once it came or ran out.
    private Connection.Cancellable resumeWait;
    // The authenticator's answer being waited for, called off if the session closes first.
    private CompletionStage<Optional<StompPrincipal>> pendingAnswer;

    Handshake(Session session, BrokerServices services, Connection connection) {
        this.session = session;
        this.services = services;
        this.config = services.config();
        this.connection = connection;
    }

    /** Starts the clock: a client that sends no CONNECT in time is closed. */
    void start() {
        timer = connection.schedule(this::connectTimedOut, config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether a CONNECT is being checked, so that the session reads nothing more meanwhile. */
    boolean isAuthenticating() {
        return held != null;
    }

    /** Holds a frame that arrived behind a CONNECT being checked. */
    void hold(Frame frame) throws StompProtocolException {
        if (held.size() >= MAX_FRAMES_BEFORE_CONNECTED) {
            throw new StompProtocolException("too many frames", "Too many frames arrived before CONNECTED.");
        }
        held.add(frame);
    }

    /** Negotiates a CONNECT or STOMP frame and starts its login check. */
    void connect(Frame frame) throws StompProtocolException {
        StompVersion negotiated = StompVersion.negotiate(frame.header("accept-version"), config.versions());
        if (negotiated == null) {
            String supported = supportedVersions();
            throw new StompProtocolException("unsupported version", "This broker speaks STOMP " + supported + ".")
                    .withHeader("version", supported);
        }
        String host = frame.header("host");
        if (!config.virtualHosts().isEmpty() && (host == null || !config.virtualHosts().contains(host))) {
            throw new StompProtocolException("unknown virtual host", "The host header names no virtual host of this broker.");
        }
        Heartbeat heartbeat = negotiated.supportsHeartbeats()
                ? Heartbeat.negotiate(frame.header("heart-beat"), config.heartbeatFloor().toMillis(),
                        config.heartbeatCeiling().toMillis())
                : Heartbeat.NONE;
        long wait = services.loginThrottle().reserve(connection.info().remoteAddress());
        if (wait == LoginThrottle.REFUSE) {
            throw refused();
        }
        // Until the answer, frames pipelined behind CONNECT are held, to run in order after CONNECTED.
        held = new ArrayList<>();
        timer.cancel();
        timer = null;
        Runnable check = () -> authenticate(frame, negotiated, host, heartbeat);
        if (wait == 0) {
            check.run();
            return;
        }
        // This address failed recently: the check waits its turn, reading nothing meanwhile.
        session.updateReading();
        timer = connection.schedule(check, wait, TimeUnit.MILLISECONDS);
    }

    /** Calls off what is still pending, as when the session closes. */
    void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        if (resumeWait != null) {
            resumeWait.cancel();
            resumeWait = null;
        }
        held = null;
        if (pendingAnswer != null) {
            callOff(pendingAnswer);
            pendingAnswer = null;
        }
    }

    /**
     * Asks the authenticator. An answer it has at once completes the CONNECT right here; a later
     * one (a password hash on the workers) comes back to this session's thread, and until then
     * the session reads nothing and the connect timeout bounds the wait.
     */
    private void authenticate(Frame frame, StompVersion negotiated, String host, Heartbeat heartbeat) {
        if (!isAuthenticating()) {
            return;
        }
        timer = null;
        AuthenticationRequest request = new AuthenticationRequest(frame.header("login"), frame.header("passcode"),
                host, connection.info(), AuthenticationRequest.bearer(authorization(frame)));
        CompletableFuture<Optional<StompPrincipal>> answer = ask(request);
        if (answer.isDone()) {
            answered(answer, frame, negotiated, heartbeat);
            return;
        }
        session.updateReading();
        timer = connection.schedule(this::authenticationTimedOut, config.connectTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        answer.whenComplete((authenticated, failure) ->
                connection.execute(() -> answered(answer, frame, negotiated, heartbeat)));
    }

    /**
     * Asks the authenticator, for a CONNECT or an in-band refresh of the credentials; the answer is
     * called off if the session closes first. Returns a copy that completes with the
     * authenticator's stage, so that it works for any {@link CompletionStage}.
     */
    CompletableFuture<Optional<StompPrincipal>> ask(AuthenticationRequest request) {
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
        return answer;
    }

    /** The {@code Authorization} header of a CONNECT; STOMP header names are case-sensitive, HTTP's are not. */
    private static String authorization(Frame frame) {
        String value = frame.header("Authorization");
        return value != null ? value : frame.header("authorization");
    }

    /** Completes the CONNECT (then the frames held behind it) or refuses it; on the session's thread. */
    private void answered(CompletableFuture<Optional<StompPrincipal>> answer, Frame frame, StompVersion negotiated,
                          Heartbeat heartbeat) {
        Optional<StompPrincipal> authenticated = outcome(answer);
        if (!isAuthenticating()) {
            return;     // the client left, or ran out of time, before the answer
        }
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        String token = frame.header(RESUME_TOKEN);
        // Credentials already expired (a token within the clock skew) would end the resumed session
        // at once: the session stays kept for a CONNECT with good ones.
        boolean expired = authenticated.flatMap(StompPrincipal::expiry)
                .filter(at -> !at.isAfter(services.clock().instant())).isPresent();
        if (authenticated.isPresent() && !expired && token != null && services.resumption().config().enabled()) {
            // The session to resume hands its state over from its own thread: frames stay held,
            // and a hand-over that does not come in time (its thread is gone) is a fresh session.
            resumeWait = connection.schedule(() -> resumed(Resume.refused("unknown"), authenticated, frame, negotiated,
                    heartbeat), config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            services.resumption().resume(token, authenticated.get()).whenComplete((resume, failure) ->
                    connection.execute(() -> resumed(resume == null ? Resume.refused("unknown") : resume,
                            authenticated, frame, negotiated, heartbeat)));
            return;
        }
        complete(authenticated, frame, negotiated, heartbeat, Resume.NONE);
    }

    /**
     * The session a CONNECT asked to resume handed its state over (or was refused). One claimed
     * from a live node of the cluster is first subscribed to as it was, then that node asked for
     * what it kept: this runs again with the answer. A client that left meanwhile cannot take it:
     * that state ends as the grace would have ended it.
     */
    private void resumed(Resume resume, Optional<StompPrincipal> authenticated, Frame frame, StompVersion negotiated,
                         Heartbeat heartbeat) {
        if (!isAuthenticating() || resumeWait == null) {
            if (resume.handOver() != null) {
                session.abandon(resume.handOver());
            }
            return;
        }
        if (resume.awaitsHandOver()) {
            // Subscribed first, then the holder asked: what is published meanwhile reaches one of the two.
            session.prepareRestore(authenticated.get(), negotiated, resume.remote());
            services.resumption().askHandOver(resume.remote()).whenComplete((handedOver, failure) ->
                    connection.execute(() -> resumed(resume.answered(handedOver, failure), authenticated, frame,
                            negotiated, heartbeat)));
            return;
        }
        resumeWait.cancel();
        resumeWait = null;
        complete(authenticated, frame, negotiated, heartbeat, resume);
    }

    private void complete(Optional<StompPrincipal> authenticated, Frame frame, StompVersion negotiated,
                          Heartbeat heartbeat, Resume resume) {
        List<Frame> frames = held;
        held = null;
        session.run(() -> {
            if (authenticated.isEmpty()) {
                throw refused();
            }
            session.connected(authenticated.get(), frame, negotiated, heartbeat, resume);
            for (Frame next : frames) {
                session.handle(next);
            }
        });
        // Flushed first: CONNECTED and the answers to held frames count when deciding to read on.
        session.flushIfNeeded();
        if (!session.isClosed()) {
            session.updateReading();
        }
    }

    /**
     * The principal the authenticator answered, or empty for a refusal. A refusal counts against
     * the client's address even when the client left meanwhile, so that hanging up early does not
     * dodge the login throttle; a failure of the broker's own (workers busy, authenticator broken)
     * does not count.
     */
    Optional<StompPrincipal> outcome(CompletableFuture<Optional<StompPrincipal>> answer) {
        pendingAnswer = null;
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
                LOG.warn("Session {}: the authentication workers are busy; login refused", session.id());
            } else if (!(e.getCause() instanceof CancellationException)) {
                LOG.error("Session {}: the authenticator failed; login refused", session.id(), e.getCause());
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

    private void connectTimedOut() {
        if (!session.isClosed() && session.version() == null && !isAuthenticating()) {
            session.fail(new StompProtocolException("connect timeout", "No CONNECT frame arrived in time."));
        }
    }

    private void authenticationTimedOut() {
        if (isAuthenticating()) {
            LOG.warn("Session {}: no answer from the authenticator within {}; login refused", session.id(),
                    config.connectTimeout());
            session.fail(refused());
        }
    }

    static StompProtocolException refused() {
        // One answer for every refusal: it must not tell a guesser which part was wrong.
        return new StompProtocolException("authentication failed", "The broker refused the connection.");
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
}
