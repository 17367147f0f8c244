package io.stompede.session;

import io.stompede.cluster.ClusterBus;
import io.stompede.cluster.SessionRecord;
import io.stompede.config.ResumeConfig;
import io.stompede.routing.MemoryGauge;
import io.stompede.security.StompPrincipal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sessions a client may resume, by the key of their current resume token (see
 * {@link ResumeTokens}): connected ones, which a resume takes over from a connection the broker has
 * not seen drop yet, and detached ones, kept for the grace period after their connection dropped.
 * A token is used once: a resume, the grace's end or the session's end forgets it. An expired
 * token is remembered for another grace period, so that its client is told {@code expired} rather
 * than {@code unknown}.
 *
 * <p>Who may resume: the principal the session authenticated as, by name, and nobody else; a
 * refusal leaves the session as it was. Claiming is atomic: of a resume and the grace's end, or of
 * two resumes with the same token, exactly one wins.
 *
 * <p>What detached sessions may hold: at most {@link ResumeConfig#maxDetachedSessions()} at once,
 * {@link ResumeConfig#maxDetachedPerOwner()} per quota owner, and each what its
 * {@link AwayBuffer} admits, counted on the memory gauge.
 *
 * <p>In a cluster whose bus {@linkplain ClusterBus#sharesSessions() shares sessions}, each
 * session's {@link SessionRecord} is kept in the cluster too (on CONNECTED, SUBSCRIBE,
 * UNSUBSCRIBE and detach), and a token this node does not know is claimed from there: from a live
 * node, which ends its session and hands over what it kept, or from a dead one's record alone.
 * Thread-safe.
 */
public final class ResumableSessions {
    private final ResumeConfig config;
    private final Clock clock;
    private final MemoryGauge gauge;
    private final MemoryGauge.Account account;
    private final ClusterBus bus;
    private final ConcurrentHashMap<String, Entry> byKey = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> detachedPerOwner = new ConcurrentHashMap<>();
    private final AtomicInteger detached = new AtomicInteger();
    // Expired tokens, oldest first, forgotten a grace period after they expired.
    private final ConcurrentLinkedQueue<Entry> tombstones = new ConcurrentLinkedQueue<>();

    /** One resumable session under its token's key; a tombstone once expired. */
    static final class Entry {
        final String key;
        final String principal;
        final Session session;
        // Set while detached: whose detached sessions it counts as, and when its grace ends.
        volatile String owner;
        volatile long deadline;
        // Whether it counts among the detached sessions now. Guarded by the entry: counting it
        // and taking it out of the registry's counts must not interleave.
        private boolean counted;

        private Entry(String key, String principal, Session session) {
            this.key = key;
            this.principal = principal;
            this.session = session;
        }
    }

    /**
     * No resumable sessions yet; detached sessions' buffers count on {@code gauge}, and the
     * sessions' records go to {@code bus} if it shares them.
     */
    public ResumableSessions(ResumeConfig config, Clock clock, MemoryGauge gauge, ClusterBus bus) {
        this.config = config;
        this.clock = clock;
        this.gauge = gauge;
        this.account = gauge.account();
        this.bus = bus;
        if (config.enabled() && bus.sharesSessions()) {
            bus.onSessionClaimed(this::claimedElsewhere);
        }
    }

    /** Whether sessions' records are kept in the cluster: the bus shares sessions. */
    boolean recordsInCluster() {
        return bus.sharesSessions();
    }

    /** Keeps the record of {@code entry}'s session in the cluster; only when {@link #recordsInCluster()}. */
    void record(Entry entry, SessionRecord record) {
        long ttl = record.deadline() == 0 ? Math.max(config.grace().toMillis() * 2, CONNECTED_RECORD_TTL)
                : config.grace().toMillis() * 2;
        synchronized (entry) {
            // A session claimed meanwhile must not come back into the cluster's records.
            if (byKey.get(entry.key) == entry) {
                bus.keepSession(entry.key, record, ttl);
            }
        }
    }

    /** The settings this broker resumes sessions with. */
    public ResumeConfig config() {
        return config;
    }

    /** Sessions detached now, waiting for their clients. */
    public int detachedCount() {
        return detached.get();
    }

    /** A new token for a session that just connected as {@code principal}; returns the token and its entry. */
    Entry issue(Session session, StompPrincipal principal, String[] token) {
        forgetOldTombstones();
        token[0] = ResumeTokens.newToken();
        Entry entry = new Entry(ResumeTokens.keyOf(token[0]), principal.name(), session);
        byKey.put(entry.key, entry);
        return entry;
    }

    /**
     * The session of {@code entry} lost its connection: it is kept until its grace ends, unless
     * that would pass the limits on detached sessions or its token was claimed meanwhile.
     * Returns whether it is kept; a session that is not ends as without resume.
     */
    boolean detached(Entry entry, String owner) {
        synchronized (entry) {
            // The deadline first: a resume reads them without the lock, and an owner seen with the
            // deadline of before (none) looked like a grace long over, refused as expired.
            entry.deadline = clock.millis() + config.grace().toMillis();
            entry.owner = owner;
            if (byKey.get(entry.key) != entry) {
                // A resume claimed it as its connection dropped: kept, uncounted, for the hand-over on its way.
                return true;
            }
            int mine = detachedPerOwner.merge(owner, 1, Integer::sum);
            if (detached.incrementAndGet() > config.maxDetachedSessions() || mine > config.maxDetachedPerOwner()) {
                detached.decrementAndGet();
                uncount(owner);
                byKey.remove(entry.key, entry);
                // Its record in the cluster goes too, or another node could bring the ended session back.
                bus.forgetSession(entry.key);
                return false;
            }
            entry.counted = true;
            return true;
        }
    }

    /**
     * How long the record of a connected session lasts without a write: a session that outlives it
     * with no SUBSCRIBE or UNSUBSCRIBE resumes on its own node only. A day.
     */
    private static final long CONNECTED_RECORD_TTL = 24L * 60 * 60 * 1000;

    /** A bound for what a detached session keeps, on this broker's memory gauge. */
    AwayBuffer awayBuffer() {
        return new AwayBuffer(config.maxMessages(), config.maxBytes(), gauge, account);
    }

    /**
     * The grace of {@code entry}'s session ended: returns whether it is still there to end (no
     * resume claimed it), and remembers the token as expired.
     */
    boolean expire(Entry entry) {
        Entry tombstone = new Entry(entry.key, entry.principal, null);
        tombstone.deadline = clock.millis() + config.grace().toMillis();
        if (!byKey.replace(entry.key, entry, tombstone)) {
            return false;
        }
        left(entry);
        tombstones.add(tombstone);
        return true;
    }

    /** The session of {@code entry} ended for good (DISCONNECT, an ERROR, the broker's close): its token is void. */
    void ended(Entry entry) {
        if (byKey.remove(entry.key, entry)) {
            left(entry);
        }
    }

    /**
     * Resumes the session of {@code token} for a client that authenticated as {@code principal}:
     * claims it, then has its thread hand its state over (closing its connection first if the
     * broker has not seen it drop). Completes with the state, or with the refusal; never fails.
     */
    CompletionStage<Resume> resume(String token, StompPrincipal principal) {
        String key = ResumeTokens.keyOf(token);
        Entry entry = key == null ? null : byKey.get(key);
        if (entry == null) {
            return key == null || !bus.sharesSessions() ? CompletableFuture.completedFuture(Resume.refused("unknown"))
                    : claimFromCluster(key, principal);
        }
        if (entry.session == null || entry.owner != null && clock.millis() > entry.deadline) {
            return CompletableFuture.completedFuture(Resume.refused("expired"));
        }
        if (!entry.principal.equals(principal.name())) {
            return CompletableFuture.completedFuture(Resume.refused("principal"));
        }
        if (!byKey.remove(key, entry)) {
            return CompletableFuture.completedFuture(Resume.refused("unknown"));
        }
        left(entry);
        return entry.session.handOver().thenApply(handOver ->
                handOver == null ? Resume.refused("unknown") : Resume.of(handOver));
    }

    private CompletionStage<Resume> claimFromCluster(String key, StompPrincipal principal) {
        return bus.claimSession(key, principal.name()).handle((claimed, failure) -> {
            if (failure == null) {
                return Resume.of(claimed);
            }
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            return Resume.refused(cause instanceof ClusterBus.SessionRefusedException refused ? refused.reason()
                    : "unknown");
        });
    }

    /**
     * Asks the node that held a session claimed from the cluster for what it kept; see
     * {@link ClusterBus#askHandOver}. Called once the resuming session subscribed as the claimed one was.
     */
    CompletionStage<SessionRecord.HandedOver> askHandOver(SessionRecord.Claimed claimed) {
        return bus.askHandOver(claimed);
    }

    /**
     * Another node claimed a session this node holds: it ends here, and what it kept goes to
     * that node. A token this node does not hold any more (resumed here, or ended) is answered
     * so: that claim resumes nothing.
     */
    private void claimedElsewhere(String key) {
        Entry entry = byKey.get(key);
        if (entry == null || entry.session == null || !byKey.remove(key, entry)) {
            bus.sessionNotHeld(key);
            return;
        }
        left(entry);
        entry.session.handOver().thenAccept(handOver -> {
            if (handOver == null) {
                bus.sessionNotHeld(key);
            } else {
                entry.session.releaseToCluster(kept -> bus.handOverSession(key, kept, handOver.missed()));
            }
        });
    }

    /** Ends every detached session, as when the broker closes; their queue entries go back to their queues. */
    public void closeAll() {
        List<Entry> all = new ArrayList<>(byKey.values());
        for (Entry entry : all) {
            if (entry.session != null && entry.owner != null) {
                entry.session.expireNow();
            }
        }
    }

    /**
     * A session left the registry (resumed, ended or expired): it leaves the detached counts if it
     * was in them, and the cluster's records. Under the entry's lock, so that a record written as it
     * leaves cannot land in the cluster after the one forgotten.
     */
    private void left(Entry entry) {
        synchronized (entry) {
            if (entry.counted) {
                entry.counted = false;
                detached.decrementAndGet();
                uncount(entry.owner);
            }
            bus.forgetSession(entry.key);
        }
    }

    private void uncount(String owner) {
        detachedPerOwner.computeIfPresent(owner, (name, count) -> count <= 1 ? null : count - 1);
    }

    private void forgetOldTombstones() {
        long now = clock.millis();
        Entry oldest;
        while ((oldest = tombstones.peek()) != null && oldest.deadline <= now) {
            tombstones.poll();
            byKey.remove(oldest.key, oldest);
        }
    }
}
