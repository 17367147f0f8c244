package io.stompede.store;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * When the journal forces what it wrote to the disk, which decides what a RECEIPT promises.
 * Immutable.
 *
 * @param mode     the policy
 * @param interval for {@link Mode#INTERVAL}, how often to force; otherwise ignored
 */
public record FsyncPolicy(Mode mode, Duration interval) {
    /** The policies. */
    public enum Mode {
        /**
         * Every append is forced before its stage completes: a RECEIPT means the message survives
         * a power loss. Concurrent appends share one force (group commit).
         */
        ALWAYS,
        /**
         * Appends complete once written to the operating system, which is forced every interval:
         * a RECEIPT survives a broker crash, and a power loss may lose the last interval.
         */
        INTERVAL,
        /** The operating system decides when to write: a RECEIPT survives a broker crash only. */
        NEVER
    }

    /** The default interval for {@link Mode#INTERVAL}. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);

    public FsyncPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the fsync interval must be positive, was " + interval);
        }
    }

    /** {@link Mode#ALWAYS}: the safest and the default. */
    public static FsyncPolicy always() {
        return new FsyncPolicy(Mode.ALWAYS, DEFAULT_INTERVAL);
    }

    /** {@link Mode#INTERVAL}, forcing every {@code interval}: faster; a power loss may lose the last interval. */
    public static FsyncPolicy interval(Duration interval) {
        return new FsyncPolicy(Mode.INTERVAL, interval);
    }

    /** {@link Mode#NEVER}: the fastest, for messages that need only survive a broker crash. */
    public static FsyncPolicy never() {
        return new FsyncPolicy(Mode.NEVER, DEFAULT_INTERVAL);
    }

    /** Parses {@code always}, {@code interval} (every 100 ms), {@code interval:250} (ms) or {@code never}. */
    public static FsyncPolicy parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("always")) {
            return always();
        }
        if (value.equals("never")) {
            return never();
        }
        if (value.equals("interval")) {
            return interval(DEFAULT_INTERVAL);
        }
        if (value.startsWith("interval:")) {
            try {
                return interval(Duration.ofMillis(Long.parseLong(value.substring("interval:".length()))));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number of milliseconds: " + text, e);
            }
        }
        throw new IllegalArgumentException("fsync policy must be always, interval[:MILLIS] or never, not " + text);
    }
}
