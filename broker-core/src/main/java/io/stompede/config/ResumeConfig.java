package io.stompede.config;

import java.time.Duration;

/**
 * Session resume ("Stompede session resume", the {@code x-resume-*} headers): how long a session
 * whose connection dropped is kept for its client to come back, and what it may hold meanwhile.
 * Immutable; built by {@link io.stompede.BrokerBuilder#resume}, where each setting is documented.
 *
 * @param enabled                  whether CONNECTED hands out resume tokens at all
 * @param grace                    how long a session outlives its dropped connection
 * @param maxMessages              topic messages one detached session keeps for its client, over
 *                                 all its subscriptions; later ones are counted as missed
 * @param maxBytes                 the same bound in bytes ({@link io.stompede.message.Message#sizeEstimate()})
 * @param maxDetachedSessions      detached sessions the broker keeps at once; a session that drops
 *                                 past it ends as it would without resume
 * @param maxDetachedPerOwner      the same per principal (per address for anonymous clients), so
 *                                 that one client dropping connections in a loop keeps only its share
 */
public record ResumeConfig(boolean enabled, Duration grace, int maxMessages, long maxBytes, int maxDetachedSessions,
                           int maxDetachedPerOwner) {
    /**
     * On, two minutes (a phone that loses its network for a while, a laptop lid closed for a
     * coffee), 1,000 messages or 1 MiB per session, 10,000 detached sessions, 1,000 per owner.
     */
    public static final ResumeConfig DEFAULTS = new ResumeConfig(true, Duration.ofMinutes(2), 1_000, 1024 * 1024,
            10_000, 1_000);

    /** No session outlives its connection; CONNECTED carries no token. */
    public static final ResumeConfig OFF = new ResumeConfig(false, DEFAULTS.grace, DEFAULTS.maxMessages,
            DEFAULTS.maxBytes, DEFAULTS.maxDetachedSessions, DEFAULTS.maxDetachedPerOwner);

    public ResumeConfig {
        if (grace == null || grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException("resume grace must be positive, was " + grace);
        }
        if (maxMessages < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("resume bounds must not be negative, were " + maxMessages + " and "
                    + maxBytes);
        }
        if (maxDetachedSessions <= 0 || maxDetachedPerOwner <= 0) {
            throw new IllegalArgumentException("detached session limits must be positive, were "
                    + maxDetachedSessions + " and " + maxDetachedPerOwner);
        }
    }
}
