package io.stompede.routing;

import io.stompede.frame.Headers;

/**
 * How a SUBSCRIBE that asked for history after a position ({@code x-since-offset}) was served,
 * as its RECEIPT tells: {@code x-recovered:true}, or {@code x-recovered:false} with
 * {@code x-recovery} saying why, in which case the subscriber got what history there is.
 */
public enum Recovery {
    /** The SUBSCRIBE asked for no position: the RECEIPT says nothing. */
    NOT_ASKED(null),
    /** Every message after the position was replayed: nothing is missing. */
    RECOVERED(null),
    /** The history the position belongs to was lost; all of the new one was replayed. */
    EPOCH_CHANGED("epoch-changed"),
    /** The history no longer reaches back to the message after the position; all of it was replayed. */
    TOO_OLD("too-old"),
    /**
     * The position is past the last offset the history gave out in its epoch: the history lost its
     * latest messages after the subscriber saw them (a crash before they reached the disk, a Redis
     * failover that lost the latest writes) and gives those offsets out again. The subscriber cannot
     * tell which of the retained messages it has, so all of them were replayed.
     */
    AHEAD("ahead"),
    /** The destination keeps no history (or it could not be read): live messages only. */
    NO_HISTORY("no-history");

    private final String reason;

    Recovery(String reason) {
        this.reason = reason;
    }

    /** The headers the SUBSCRIBE's RECEIPT carries; none when no position was asked for. */
    public Headers receiptHeaders() {
        if (this == NOT_ASKED) {
            return Headers.EMPTY;
        }
        if (this == RECOVERED) {
            return Headers.of("x-recovered", "true");
        }
        return Headers.of("x-recovered", "false", "x-recovery", reason);
    }
}
