package io.stompede.session;

import io.stompede.message.Message;
import io.stompede.message.Position;

/**
 * The positions a topic subscription of a resumed session received: from its session's detach (or
 * its restore on another node) until its client subscribes again with the same id, the offsets of
 * one epoch it was handed, lowest and highest. A client that resubscribes with
 * {@code x-since-offset} (it lost messages with the connection, or with a node) then gets a replay
 * from its position, which must not hand it again what this range holds: the messages written to
 * it on the new connection, or waiting to be. So the range becomes a filter on the replay, until
 * the replay passes it. Thread-safe: publishers hand messages from their own threads.
 */
final class ReceivedPositions {
    // Guarded by this.
    private String epoch;
    private long lowest;
    private long highest;
    private boolean skipping;
    // The replay passed the range: the filter has nothing more to do.
    private volatile boolean done;

    /**
     * Whether {@code message} goes to the subscription: always while the range is being noted,
     * and during the replay unless the range holds it already.
     */
    boolean admit(Message message) {
        // Read outside the lock: a topic without history pays no lock at all.
        Position position = Position.of(message);
        return position == null || admit(position);
    }

    private synchronized boolean admit(Position position) {
        if (skipping) {
            if (!position.epoch().equals(epoch)) {
                skipping = false;       // a new history: the range means nothing in it
                done = true;
                return true;
            }
            if (position.offset() > highest) {
                skipping = false;       // past what was handed before: the replay has caught up
                done = true;
                return true;
            }
            return position.offset() < lowest;
        }
        if (!position.epoch().equals(epoch)) {
            // A new history: the offsets noted of the old one mean nothing in it.
            epoch = position.epoch();
            lowest = position.offset();
            highest = position.offset();
        }
        highest = Math.max(highest, position.offset());
        lowest = Math.min(lowest, position.offset());
        return true;
    }

    /** The client resubscribed asking for a replay: what the range holds is skipped from now on; {@code false} when it holds nothing. */
    synchronized boolean skipFromNow() {
        skipping = epoch != null;
        return skipping;
    }

    /** Whether the replay passed the range, so that nothing more is to be noted or skipped. */
    boolean isDone() {
        return done;
    }
}
