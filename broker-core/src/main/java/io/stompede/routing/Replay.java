package io.stompede.routing;

import io.stompede.message.Message;
import io.stompede.message.Position;
import java.util.ArrayList;
import java.util.List;

/**
 * What a subscriber asks of a topic's history before its live messages: nothing, the last
 * {@code count} retained messages ({@code x-history:N}), or every retained message after a
 * position it saw ({@code x-since-offset} and {@code x-since-epoch}), which wins when both are
 * asked. Immutable.
 *
 * @param count the last messages asked for, 0 for none; ignored when {@code since} is given
 * @param since the last position the subscriber saw, or {@code null}
 */
public record Replay(int count, Position since) {
    /** No history: live messages only. */
    public static final Replay NONE = new Replay(0, null);

    public Replay {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
    }

    /** The last {@code count} retained messages, then live ones. */
    public static Replay last(int count) {
        return count == 0 ? NONE : new Replay(count, null);
    }

    /** Every retained message after {@code since}, then live ones. */
    public static Replay since(Position since) {
        return new Replay(0, since);
    }

    /** Whether any history is asked for. */
    public boolean asked() {
        return count > 0 || since != null;
    }

    /**
     * What of {@code retained} (a topic's history of epoch {@code epoch}, oldest first, every
     * message positioned; it may start past the oldest when the caller read only the part
     * after {@link #since}) goes to the subscriber, and what its RECEIPT says: after the position
     * when the history reaches back to it in the same epoch and has given it out, else all of it,
     * told why. A position past {@code lastOffset} is one the history gave out and then lost (a
     * crash before its last records reached the disk, a Redis failover that lost the latest
     * writes): it will give those offsets out again to other messages, so the subscriber cannot
     * tell which of the retained messages it has, and gets them all.
     *
     * @param epoch      the history's epoch, or {@code null} when there is no history at all
     * @param lastOffset the last offset the history gave out in that epoch
     */
    Selection select(String epoch, long lastOffset, List<Message> retained) {
        if (since == null) {
            return new Selection(Recovery.NOT_ASKED, retained.subList(Math.max(0, retained.size() - count), retained.size()));
        }
        if (epoch == null || !epoch.equals(since.epoch())) {
            return new Selection(Recovery.EPOCH_CHANGED, retained);
        }
        if (since.offset() > lastOffset) {
            return new Selection(Recovery.AHEAD, retained);
        }
        if (!retained.isEmpty() && offsetOf(retained.get(0)) > since.offset() + 1) {
            return new Selection(Recovery.TOO_OLD, retained);
        }
        List<Message> after = new ArrayList<>(retained.size());
        for (Message message : retained) {
            if (offsetOf(message) > since.offset()) {
                after.add(message);
            }
        }
        return new Selection(Recovery.RECOVERED, after);
    }

    private static long offsetOf(Message message) {
        Position position = Position.of(message);
        return position == null ? Long.MIN_VALUE : position.offset();
    }

    /** The messages to replay, oldest first, and what the RECEIPT tells of them. */
    record Selection(Recovery recovery, List<Message> messages) {
    }
}
