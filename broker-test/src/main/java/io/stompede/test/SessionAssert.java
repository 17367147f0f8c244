package io.stompede.test;

import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions, written for client authors, on what one client did: which frames it sent, with
 * which headers, in answer to what. Each checks the record as it is; {@link #within(Duration)}
 * gives the waiting form of every one, for asynchronous clients: it passes as soon as the record
 * satisfies it, and fails, showing everything recorded, when the time is up.
 *
 * <pre>{@code
 * assertThat(broker.recording().firstSession()).within(Duration.ofSeconds(5))
 *         .subscribedTo("/queue/orders").withHeader("ack", "client-individual");
 * }</pre>
 */
public final class SessionAssert extends AbstractAssert<SessionAssert, RecordedSession> {
    private final Recording recording;
    private final Duration timeout;

    SessionAssert(RecordedSession actual, Recording recording, Duration timeout) {
        super(actual, SessionAssert.class);
        this.recording = recording;
        this.timeout = timeout;
    }

    /** The same assertions, each waiting up to {@code timeout} for the client to do what it says. */
    public SessionAssert within(Duration timeout) {
        return new SessionAssert(actual, recording, timeout);
    }

    /** The client connected (CONNECT or STOMP) and the broker answered CONNECTED. */
    public FrameAssert connected() {
        find("a CONNECTED", session -> first(session.brokerFrames(), Command.CONNECTED, null, null));
        return new FrameAssert(find("a CONNECT or STOMP frame", session -> session.clientFrames().stream()
                .filter(frame -> frame.command() == Command.CONNECT || frame.command() == Command.STOMP)
                .findFirst().orElse(null)), "CONNECT");
    }

    /** The client sent SUBSCRIBE for {@code destination}; the returned assertion checks its headers. */
    public FrameAssert subscribedTo(String destination) {
        return new FrameAssert(find("a SUBSCRIBE to " + destination,
                session -> first(session.clientFrames(), Command.SUBSCRIBE, "destination", destination)),
                "SUBSCRIBE to " + destination);
    }

    /** The client sent SEND to {@code destination}; the returned assertion checks its headers and body. */
    public FrameAssert sentTo(String destination) {
        return new FrameAssert(find("a SEND to " + destination,
                session -> first(session.clientFrames(), Command.SEND, "destination", destination)),
                "SEND to " + destination);
    }

    /**
     * The client acknowledged {@code message}, a MESSAGE the broker sent it: an ACK naming the
     * message's {@code ack} header (STOMP 1.2) or its {@code message-id} (1.0 and 1.1).
     */
    public FrameAssert acknowledged(Frame message) {
        return settled(Command.ACK, message);
    }

    /** The client refused {@code message} with NACK, named as for {@link #acknowledged}. */
    public FrameAssert nacked(Frame message) {
        return settled(Command.NACK, message);
    }

    private FrameAssert settled(Command command, Frame message) {
        String ack = message.header("ack");
        String id = message.header("message-id");
        return new FrameAssert(find("an " + command + " of message " + id, session -> session.clientFrames().stream()
                .filter(frame -> frame.command() == command)
                .filter(frame -> (ack != null && ack.equals(frame.header("id"))) || (id != null
                        && (id.equals(frame.header("message-id")) || id.equals(frame.header("id")))))
                .findFirst().orElse(null)), command + " of " + id);
    }

    /**
     * The client ran transaction {@code transaction} to its COMMIT: BEGIN, then COMMIT, with every
     * SEND, ACK and NACK naming the transaction in between.
     */
    public SessionAssert committed(String transaction) {
        return ended(Command.COMMIT, transaction);
    }

    /** The client began transaction {@code transaction} and then ABORTed it. */
    public SessionAssert aborted(String transaction) {
        return ended(Command.ABORT, transaction);
    }

    private SessionAssert ended(Command end, String transaction) {
        find("BEGIN then " + end + " of transaction " + transaction, session -> {
            List<Frame> frames = session.clientFrames();
            int begin = -1;
            for (int i = 0; i < frames.size(); i++) {
                Frame frame = frames.get(i);
                if (!transaction.equals(frame.header("transaction"))) {
                    continue;
                }
                if (frame.command() == Command.BEGIN) {
                    begin = i;
                } else if (frame.command() == end && begin >= 0) {
                    return session;
                }
            }
            return null;
        });
        return this;
    }

    /** The broker sent the client a {@code command} frame (a MESSAGE, an ERROR); the assertion checks it. */
    public FrameAssert received(Command command) {
        return new FrameAssert(find("a " + command + " from the broker",
                session -> first(session.brokerFrames(), command, null, null)), command.name());
    }

    /** The client sent a {@code command} frame that asked for a RECEIPT, and the broker sent it. */
    public FrameAssert askedForReceipt(Command command) {
        Frame asked = find("a " + command + " with a receipt header", session -> session.clientFrames().stream()
                .filter(frame -> frame.command() == command && frame.header("receipt") != null)
                .findFirst().orElse(null));
        find("the RECEIPT " + asked.header("receipt"),
                session -> first(session.brokerFrames(), Command.RECEIPT, "receipt-id", asked.header("receipt")));
        return new FrameAssert(asked, command + " asking for a receipt");
    }

    /**
     * The client left cleanly: it sent DISCONNECT, and if it asked for a receipt the broker sent it
     * before the connection closed.
     */
    public SessionAssert disconnectedCleanly() {
        Frame disconnect = find("a DISCONNECT", session -> first(session.clientFrames(), Command.DISCONNECT, null, null));
        String receipt = disconnect.header("receipt");
        find("the connection closed after the DISCONNECT", session -> session.isClosed() ? session : null);
        if (receipt != null) {
            find("the RECEIPT of the DISCONNECT",
                    session -> first(session.brokerFrames(), Command.RECEIPT, "receipt-id", receipt));
        }
        return this;
    }

    /**
     * Between its CONNECT and the end of the record (or now), the client never went longer than
     * {@code interval} plus {@code tolerance} without sending something, a heart-beat or a frame,
     * and the record covers at least three intervals.
     */
    public SessionAssert sentHeartbeatsEvery(Duration interval, Duration tolerance) {
        Duration most = interval.plus(tolerance);
        find("three intervals of " + interval + " recorded after CONNECT", session -> {
            List<RecordedFrame> frames = session.frames();
            Instant start = connectedAt(frames);
            return start != null && Duration.between(start, recording.now()).compareTo(interval.multipliedBy(3)) >= 0
                    ? session : null;
        });
        List<RecordedFrame> frames = actual.frames();
        Instant last = connectedAt(frames);
        for (RecordedFrame frame : frames) {
            if (frame.direction() == RecordedFrame.Direction.CLIENT_TO_BROKER && !frame.at().isBefore(last)) {
                Duration gap = Duration.between(last, frame.at());
                if (gap.compareTo(most) > 0) {
                    failWithMessage("Expecting %s to send something at least every %s, but it was silent for %s "
                            + "before %s", actual, most, gap, frame);
                }
                last = frame.at();
            }
        }
        return this;
    }

    private static Instant connectedAt(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            if (frame.isBrokerFrame(Command.CONNECTED)) {
                return frame.at();
            }
        }
        return null;
    }

    private static Frame first(List<Frame> frames, Command command, String header, String value) {
        for (Frame frame : frames) {
            if (frame.command() == command && (header == null || value.equals(frame.header(header)))) {
                return frame;
            }
        }
        return null;
    }

    /** What {@code finder} finds in the record, waiting up to the timeout; fails showing the record if nothing. */
    private <T> T find(String expectation, Function<RecordedSession, T> finder) {
        isNotNull();
        Object[] found = new Object[1];
        boolean ok = recording.await(timeout, () -> (found[0] = finder.apply(actual)) != null);
        if (!ok) {
            failWithMessage("Expecting %s to have %s%s, but it had:%n%s", actual, expectation,
                    timeout.isZero() ? "" : " within " + timeout, describe(actual));
        }
        @SuppressWarnings("unchecked")
        T result = (T) found[0];
        return result;
    }

    static String describe(RecordedSession session) {
        StringBuilder text = new StringBuilder();
        for (RecordedFrame frame : session.frames()) {
            text.append("  ").append(frame).append(System.lineSeparator());
        }
        session.malformed().forEach(problem -> text.append("  malformed: ").append(problem).append(System.lineSeparator()));
        return text.length() == 0 ? "  nothing" : text.toString();
    }
}
