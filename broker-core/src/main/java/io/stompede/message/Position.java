package io.stompede.message;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Where a message stands in its topic's history: its offset, one more than the message retained
 * before it, and the epoch of the history, which changes when the history is lost (so that an
 * offset is only comparable with offsets of the same epoch). A MESSAGE of a topic that keeps
 * history carries them as {@code x-offset} and {@code x-epoch}; a SUBSCRIBE names the last one
 * its client saw with {@code x-since-offset} and {@code x-since-epoch}. Immutable.
 *
 * @param epoch  the history's epoch, an opaque id
 * @param offset the message's offset in that epoch, from 1
 */
public record Position(String epoch, long offset) {
    /** The MESSAGE header of a message's offset. */
    public static final String OFFSET = "x-offset";
    /** The MESSAGE header of a message's epoch. */
    public static final String EPOCH = "x-epoch";

    private static final SecureRandom RANDOM = new SecureRandom();

    public Position {
        Objects.requireNonNull(epoch, "epoch");
    }

    /** The position {@code message} carries, or {@code null} when it carries none (or a malformed one). */
    public static Position of(Message message) {
        String epoch = message.headers().get(EPOCH);
        String offset = message.headers().get(OFFSET);
        if (epoch == null || offset == null) {
            return null;
        }
        try {
            return new Position(epoch, Long.parseLong(offset));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code message} carrying this position (in place of any it carried). */
    public Message stamp(Message message) {
        return message.redirect(message.id(), message.destination(),
                message.headers().with(OFFSET, Long.toString(offset)).with(EPOCH, epoch));
    }

    /**
     * A new epoch: random, so that two histories that were lost and started again (a broker
     * without a journal restarted, a Redis restarted empty) never share one.
     */
    public static String newEpoch() {
        return Long.toString(System.currentTimeMillis(), 36) + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    }
}
