package io.stompede.standalone;

import static io.stompede.standalone.ValueTypes.bool;
import static io.stompede.standalone.ValueTypes.duration;
import static io.stompede.standalone.ValueTypes.size;
import static io.stompede.standalone.ValueTypes.wholeNumber;

import io.stompede.Broker;
import io.stompede.config.ResumeConfig;
import java.time.Duration;
import java.util.List;

/**
 * The keys of session resume ({@link io.stompede.BrokerBuilder#resume}): whether CONNECTED hands
 * out resume tokens, how long a dropped session waits for its client, and what detached sessions
 * may hold. Defaults are the embedding API's own. Immutable.
 */
final class ResumeKeys {
    private static final ResumeConfig DEFAULTS = Broker.builder().resumeConfig();
    private static final int INT_MAX = Integer.MAX_VALUE;

    static final Key<Boolean> ENABLED = Key.combined("resume.enabled", bool(), DEFAULTS.enabled(),
            "Hand out resume tokens on CONNECTED (x-resume-token), so that a client whose connection dropped "
                    + "gets its session back by CONNECT with the token; false ends every session with its connection.");
    static final Key<Duration> GRACE = Key.combined("resume.grace", duration(Duration.ofMillis(1)), DEFAULTS.grace(),
            "How long a session whose connection dropped without DISCONNECT waits for its client.");
    static final Key<Integer> MAX_MESSAGES = Key.combined("resume.max-messages", wholeNumber(0, INT_MAX),
            DEFAULTS.maxMessages(), "Topic messages a detached session keeps for its client, over all its "
                    + "subscriptions; later ones are counted in x-resume-missed.");
    static final Key<Long> MAX_BYTES = Key.combined("resume.max-bytes", size(0, Long.MAX_VALUE), DEFAULTS.maxBytes(),
            "The same bound in bytes of those messages.");
    static final Key<Integer> MAX_DETACHED_SESSIONS = Key.combined("resume.max-detached-sessions",
            wholeNumber(1, INT_MAX), DEFAULTS.maxDetachedSessions(),
            "Detached sessions kept at once; a session that drops past it ends at once.");
    static final Key<Integer> MAX_DETACHED_PER_OWNER = Key.combined("resume.max-detached-sessions-per-principal",
            wholeNumber(1, INT_MAX), DEFAULTS.maxDetachedPerOwner(),
            "Detached sessions kept at once per principal (per address for anonymous clients).");

    static final List<Key<?>> KEYS = List.of(ENABLED, GRACE, MAX_MESSAGES, MAX_BYTES, MAX_DETACHED_SESSIONS,
            MAX_DETACHED_PER_OWNER);

    static final List<Combined> COMBINED = List.of(Combined.of((b, s) -> {
        b.broker().resume(s.get(GRACE), s.get(MAX_MESSAGES), s.get(MAX_BYTES))
                .detachedSessionLimits(s.get(MAX_DETACHED_SESSIONS), s.get(MAX_DETACHED_PER_OWNER));
        if (!s.get(ENABLED)) {
            b.broker().noResume();
        }
    }, ENABLED, GRACE, MAX_MESSAGES, MAX_BYTES, MAX_DETACHED_SESSIONS, MAX_DETACHED_PER_OWNER));

    private ResumeKeys() {
    }
}
