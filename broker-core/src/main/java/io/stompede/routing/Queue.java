package io.stompede.routing;

import io.stompede.cluster.ClusterBus;
import io.stompede.message.Message;
import io.stompede.store.MessageStore;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A point-to-point destination: each message goes to exactly one consumer, round robin among
 * those with room in their prefetch window; messages wait while nobody consumes, up to a bound.
 * A message given back (NACK, unsubscribe, disconnect) returns to the front and is redelivered;
 * after too many deliveries it is dead-lettered.
 *
 * <p>Paging: a stored message that arrives while the memory cap is reached, or while older ones
 * are paged out, is kept on disk behind the messages in memory by the queue's {@link Pager}.
 * When consumers bring the in-memory window low, the thread that made room reads the next batch
 * back and appends it, so order is kept and memory holds a bounded window of a long durable queue.
 *
 * <p>Memory: the queue's messages in memory count on its own {@link MemoryGauge.Account}; when
 * memory is short and this queue is over its share, a message that would stay in memory is
 * refused ({@link Offer#OVER_SHARE}) rather than held against every other queue.
 *
 * <p>Sharing: the queue of a destination the cluster shares holds only what this node's consumers
 * fetched. It asks the {@link ClusterBus} for as many messages as its consumers have room for,
 * within a window, so that prefetch holds across nodes and a node takes no more than its share;
 * a message is acknowledged to the cluster when settled, and given back to it when no consumer
 * here is left to take it.
 *
 * <p>Reclaiming: a queue left empty with no consumer can be retired ({@link #retireIfIdle}); a
 * retired queue takes nothing more ({@link Offer#RETIRED}), and the router makes a new one.
 *
 * <p>Thread-safe: one lock per queue orders its state. Consumers are only handed messages under
 * the lock ({@link QueueConsumer#enqueue}), which keeps each consumer's order equal to the
 * queue's, and woken after it is released, so that no foreign code runs under the lock. Paging
 * in claims a batch under the lock, reads it with the lock released, and appends it under the
 * lock again; one batch at a time, so batches stay in order.
 */
public final class Queue {
    /** What became of an offered message. */
    public enum Offer {
        /** The queue holds it. */
        ACCEPTED,
        /** The queue already holds its maximum of waiting messages. */
        FULL,
        /** Memory is short and this queue holds more than its share of it. */
        OVER_SHARE,
        /** The queue was reclaimed; the message belongs on the queue that replaces it. */
        RETIRED
    }

    // How many messages a shared queue holds or asks for beyond what its consumers hold: enough
    // to keep them busy for a round trip to the cluster, few enough to leave the rest to others.
    static final int FETCH_WINDOW = 256;

    private final String name;
    private final boolean durable;
    private final int maxDepth;
    private final int maxDeliveries;
    private final MessageStore store;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final MemoryGauge.Account memory;
    private final boolean reclaimable;
    // The bus that keeps this queue's messages when the cluster shares it, else null.
    private final ClusterBus cluster;
    private final ReentrantLock lock = new ReentrantLock();
    // Totals for the admin view, under the lock.
    private long enqueued;
    private long settled;
    private final ArrayDeque<QueuedMessage> ready = new ArrayDeque<>();
    // Stored messages after those in `ready`, kept on disk.
    private final Pager pager;
    private final List<ConsumerSlot> consumers = new ArrayList<>();
    private int cursor;
    private int inFlight;
    // The consumers' prefetch windows added up, and how many messages were asked of the cluster
    // and not yet handed over; a shared queue's only.
    private long prefetchTotal;
    private int requested;
    // Messages found expired while dispatching, dead-lettered once the lock is released.
    private List<QueuedMessage> expired;
    // When a message or a consumer last came, for reclaiming; and whether it was reclaimed.
    private long lastUsed;
    private boolean retired;

    Queue(String name, boolean durable, int maxDepth, int maxDeliveries, MessageStore store, DeadLetters deadLetters,
          Clock clock, MemoryGauge.Account memory) {
        this(name, durable, maxDepth, maxDeliveries, store, deadLetters, clock, memory, null);
    }

    /** A queue whose messages {@code cluster} keeps, or this node alone when it is {@code null}. */
    Queue(String name, boolean durable, int maxDepth, int maxDeliveries, MessageStore store, DeadLetters deadLetters,
          Clock clock, MemoryGauge.Account memory, ClusterBus cluster) {
        this.cluster = cluster;
        this.clock = clock;
        this.memory = memory;
        this.reclaimable = !DurableSubscriptions.isDurableQueue(name);
        this.lastUsed = clock.millis();
        this.name = name;
        this.durable = durable;
        this.maxDepth = maxDepth;
        this.maxDeliveries = maxDeliveries;
        this.store = store;
        this.deadLetters = deadLetters;
        this.pager = new Pager(this, store, memory);
    }

    /** The queue's destination name, which is also its key in the store. */
    public String name() {
        return name;
    }

    /**
     * Whether this queue keeps {@code message} in the store until it is settled: a persistent
     * message, or any message of a durable queue.
     */
    public boolean stores(Message message) {
        return durable || message.isPersistent();
    }

    /**
     * Adds a message at the back and dispatches; any answer but {@link Offer#ACCEPTED} leaves the
     * queue as it was.
     */
    public Offer offer(Message message) {
        return add(message, null, false);
    }

    /**
     * Adds a message being stored, which the queue may keep on disk instead of in memory once
     * {@code stored} gives its location; otherwise like {@link #offer(Message)}.
     */
    public Offer offer(Message message, CompletableFuture<Long> stored) {
        return add(message, stored, false);
    }

    /**
     * Adds a stored message at start-up, beyond the depth bound if need be; past the memory cap it
     * stays on disk at {@code location} and {@code message} is not even decoded. It may have been
     * delivered before the broker stopped, so it goes out marked {@code redelivered}. Called
     * before clients connect.
     */
    void restore(long location, Supplier<Message> message) {
        if (location != MessageStore.NOT_READABLE) {
            lock.lock();
            try {
                if (pager.restoreLocked(location)) {
                    return;
                }
            } finally {
                lock.unlock();
            }
        }
        add(message.get(), null, true);
    }

    /**
     * Takes a message the cluster handed this node for its consumers, one it asked for, delivered
     * {@code previousDeliveries} times before; one at its delivery limit is dead-lettered at once.
     * Returns {@code false}, taking nothing, when no consumer is left here: the caller gives it back.
     */
    boolean offerFromCluster(Message message, String ticket, int previousDeliveries) {
        QueuedMessage entry = new QueuedMessage(message, this, ticket, previousDeliveries);
        boolean atLimit = previousDeliveries >= maxDeliveries;
        ConsumerSlot[] woken = null;
        List<QueuedMessage> dead = null;
        int demand;
        lock.lock();
        try {
            // Counted as come, whatever becomes of it, so that the window asked for stays true.
            requested = Math.max(0, requested - 1);
            if (retired || consumers.isEmpty()) {
                return false;
            }
            memory.add(message);
            if (!atLimit) {
                enqueued++;
                lastUsed = clock.millis();
                ready.addLast(entry);
                woken = dispatchLocked();
                dead = takeExpiredLocked();
            }
            demand = claimDemandLocked();
        } finally {
            lock.unlock();
        }
        if (atLimit) {
            deadLetter(entry, "delivery-limit");
        }
        finish(woken, dead);
        fetch(demand);
        return true;
    }

    private Offer add(Message message, CompletableFuture<Long> stored, boolean restored) {
        ConsumerSlot[] woken;
        List<QueuedMessage> dead;
        List<PagedEntry> pageIn;
        PagedEntry pagedOut;
        lock.lock();
        try {
            if (retired) {
                return Offer.RETIRED;
            }
            if (!restored) {
                if (depthLocked() >= maxDepth) {
                    return Offer.FULL;
                }
                // A stored message on a store that reads back goes to disk under pressure instead.
                boolean pages = stored != null && store.readsBack();
                if (!pages && memory.refuses(message.sizeEstimate(), !consumers.isEmpty())) {
                    return Offer.OVER_SHARE;
                }
            }
            memory.add(message);
            enqueued++;
            lastUsed = clock.millis();
            pagedOut = stored != null ? pager.pageOutLocked(message) : null;
            if (pagedOut == null) {
                QueuedMessage entry = new QueuedMessage(message, this);
                if (restored) {
                    entry.markRecovered();
                }
                ready.addLast(entry);
            }
            woken = dispatchLocked();
            dead = takeExpiredLocked();
            pageIn = claimPageInLocked();
        } finally {
            lock.unlock();
        }
        if (pagedOut != null) {
            pager.releaseWhenWritten(pagedOut, stored);
        }
        finish(woken, dead, pageIn);
        return Offer.ACCEPTED;
    }

    /**
     * Adds a consumer; it is offered waiting messages at once. Returns {@code false}, adding
     * nothing, when the queue was reclaimed: the consumer belongs on the queue that replaces it.
     */
    public boolean addConsumer(QueueConsumer consumer) {
        ConsumerSlot[] woken;
        List<QueuedMessage> dead;
        List<PagedEntry> pageIn;
        int demand;
        lock.lock();
        try {
            if (retired) {
                return false;
            }
            lastUsed = clock.millis();
            consumers.add(new ConsumerSlot(consumer));
            prefetchTotal += consumer.prefetch();
            woken = dispatchLocked();
            dead = takeExpiredLocked();
            pageIn = claimPageInLocked();
            demand = claimDemandLocked();
        } finally {
            lock.unlock();
        }
        finish(woken, dead, pageIn);
        fetch(demand);
        return true;
    }

    /**
     * Retires the queue if it has been empty, with no consumer and nothing in flight, since
     * {@code idleMillis} before {@code now}; returns whether it did. Durable subscriptions' queues
     * are never retired: their subscription owns them.
     */
    boolean retireIfIdle(long now, long idleMillis) {
        if (!reclaimable) {
            return false;
        }
        lock.lock();
        try {
            if (retired || !consumers.isEmpty() || inFlight > 0 || depthLocked() > 0 || requested > 0
                    || now - lastUsed < idleMillis) {
                return false;
            }
            retired = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * This queue's part of the memory count: the bytes of its messages held in memory, and its
     * share; see {@link MemoryGauge.Account#isOverShare()}.
     */
    public MemoryGauge.Account memory() {
        return memory;
    }

    /**
     * Removes a consumer. Messages it still holds stay its own until it settles or releases them,
     * which it must do for each.
     */
    public void removeConsumer(QueueConsumer consumer) {
        List<QueuedMessage> unwanted;
        boolean lastGone;
        int cancelled = 0;
        lock.lock();
        try {
            for (int i = 0; i < consumers.size(); i++) {
                if (consumers.get(i).consumer == consumer) {
                    consumers.remove(i);
                    prefetchTotal -= consumer.prefetch();
                    lastUsed = clock.millis();
                    if (cursor > i) {
                        cursor--;
                    }
                    break;
                }
            }
            lastGone = cluster != null && consumers.isEmpty();
            if (lastGone) {
                cancelled = requested;
                requested = 0;
            }
            unwanted = takeUnwantedLocked();
        } finally {
            lock.unlock();
        }
        if (lastGone) {
            cluster.stopFetching(name, cancelled);
        }
        giveBack(unwanted);
    }

    /** The consumer is done with the message (acknowledged, or delivered in auto mode). */
    public void settle(QueuedMessage message) {
        ConsumerSlot[] woken;
        List<QueuedMessage> dead;
        List<PagedEntry> pageIn;
        int demand;
        lock.lock();
        try {
            releaseOwner(message);
            settled++;
            woken = dispatchLocked();
            dead = takeExpiredLocked();
            pageIn = claimPageInLocked();
            demand = claimDemandLocked();
        } finally {
            lock.unlock();
        }
        memory.remove(message.message());
        forget(message);
        finish(woken, dead, pageIn);
        fetch(demand);
    }

    /** Tells whoever keeps a message that is done with for good, the cluster or the store, to drop it. */
    private void forget(QueuedMessage message) {
        if (message.ticket() != null) {
            cluster.acknowledge(name, message.ticket());
        } else if (stores(message.message())) {
            store.ack(name, message.message().id());
        }
    }

    /**
     * The consumer gives messages back, oldest first, to be redelivered before anything newer.
     *
     * @param delivered whether the client saw them (this counts as a delivery for the
     *                  dead-letter limit and marks the redelivery); {@code false} for messages
     *                  that never left the broker
     */
    public void release(List<QueuedMessage> messages, boolean delivered) {
        release(delivered ? messages : List.of(), delivered ? List.of() : messages);
    }

    /**
     * The consumer gives back messages the client saw and, after them, messages it was handed but
     * never wrote, each list oldest first; all go to the front in that order, under one lock, so
     * that no other consumer is handed the newer ones before the older ones are back.
     */
    public void release(List<QueuedMessage> delivered, List<QueuedMessage> undelivered) {
        if (delivered.isEmpty() && undelivered.isEmpty()) {
            return;
        }
        ConsumerSlot[] woken;
        List<QueuedMessage> dead = null;
        List<QueuedMessage> expiredNow;
        List<PagedEntry> pageIn;
        List<QueuedMessage> unwanted;
        int demand;
        lock.lock();
        try {
            for (int i = undelivered.size() - 1; i >= 0; i--) {
                QueuedMessage message = undelivered.get(i);
                releaseOwner(message);
                ready.addFirst(message);
            }
            for (int i = delivered.size() - 1; i >= 0; i--) {
                QueuedMessage message = delivered.get(i);
                releaseOwner(message);
                message.countDelivery();
                if (message.previousDeliveries() >= maxDeliveries) {
                    if (dead == null) {
                        dead = new ArrayList<>();
                    }
                    dead.add(message);
                } else {
                    ready.addFirst(message);
                }
            }
            woken = dispatchLocked();
            expiredNow = takeExpiredLocked();
            pageIn = claimPageInLocked();
            unwanted = takeUnwantedLocked();
            demand = claimDemandLocked();
        } finally {
            lock.unlock();
        }
        if (dead != null) {
            for (int i = dead.size() - 1; i >= 0; i--) {
                deadLetter(dead.get(i), "delivery-limit");
            }
        }
        giveBack(unwanted);
        finish(woken, expiredNow, pageIn);
        fetch(demand);
    }

    /**
     * Hands messages that a consumer held before it left back to it, now that it consumes again
     * (a resumed session): they stay its own, count one more delivery each, and come out of its
     * prefetch window as before; those past the delivery limit are dead-lettered instead. Returns
     * the messages the consumer keeps, oldest first, for it to redeliver. The consumer must have
     * been {@linkplain #addConsumer added} again first.
     */
    public List<QueuedMessage> adopt(QueueConsumer consumer, List<QueuedMessage> held) {
        if (held.isEmpty()) {
            return held;
        }
        List<QueuedMessage> kept = new ArrayList<>(held.size());
        List<QueuedMessage> dead = null;
        lock.lock();
        try {
            ConsumerSlot slot = null;
            for (ConsumerSlot each : consumers) {
                if (each.consumer == consumer) {
                    slot = each;
                    break;
                }
            }
            if (slot == null) {
                kept = null;    // not a consumer here: the messages go back to the queue below
            }
            for (QueuedMessage message : kept == null ? List.<QueuedMessage>of() : held) {
                releaseOwner(message);
                message.countDelivery();
                if (message.previousDeliveries() >= maxDeliveries) {
                    if (dead == null) {
                        dead = new ArrayList<>();
                    }
                    dead.add(message);
                    continue;
                }
                lend(message, slot);
                kept.add(message);
            }
        } finally {
            lock.unlock();
        }
        if (kept == null) {
            release(held, true);
            return List.of();
        }
        if (dead != null) {
            for (QueuedMessage message : dead) {
                deadLetter(message, "delivery-limit");
            }
        }
        return kept;
    }

    /**
     * With no consumer left here, takes the shared queue's messages out of {@code ready} to give
     * back to the cluster, so that other nodes' consumers get them; {@code null} if none.
     */
    private List<QueuedMessage> takeUnwantedLocked() {
        if (cluster == null || !consumers.isEmpty() || ready.isEmpty()) {
            return null;
        }
        List<QueuedMessage> unwanted = new ArrayList<>();
        ready.removeIf(entry -> entry.ticket() != null && unwanted.add(entry));
        return unwanted;
    }

    private void giveBack(List<QueuedMessage> unwanted) {
        if (unwanted == null) {
            return;
        }
        for (QueuedMessage entry : unwanted) {
            memory.remove(entry.message());
            cluster.giveBack(name, entry.ticket(), entry.previousDeliveries());
        }
    }

    /**
     * How many more messages a shared queue asks the cluster for, counted as asked: the room its
     * consumers have, within {@link #FETCH_WINDOW}, less what it holds and asked for already; and
     * only once that room is a quarter of what its consumers can hold, so that each read from the
     * cluster brings a batch rather than the one message the last settlement made room for.
     */
    private int claimDemandLocked() {
        if (cluster == null || retired || consumers.isEmpty()) {
            return 0;
        }
        long capacity = Math.min(prefetchTotal, FETCH_WINDOW);
        long room = Math.min(prefetchTotal - inFlight, FETCH_WINDOW) - ready.size() - requested;
        if (room <= 0 || room < capacity / 4) {
            return 0;
        }
        requested += (int) room;
        return (int) room;
    }

    private void fetch(int demand) {
        if (demand > 0) {
            cluster.fetch(name, demand);
        }
    }

    /**
     * Removes and returns every message waiting for a consumer, as when the queue is deleted,
     * reading back those paged out.
     */
    List<Message> purge() {
        List<Message> waiting = new ArrayList<>();
        List<QueuedMessage> purgedShared = new ArrayList<>();
        List<PagedEntry> onDisk;
        lock.lock();
        try {
            for (QueuedMessage entry : ready) {
                waiting.add(entry.message());
                if (entry.ticket() != null) {
                    purgedShared.add(entry);
                }
            }
            ready.clear();
            onDisk = pager.takeAllLocked();
        } finally {
            lock.unlock();
        }
        for (Message message : waiting) {
            memory.remove(message);
        }
        purgedShared.forEach(this::forget);
        waiting.addAll(pager.readAll(onDisk));
        return waiting;
    }

    /** Messages put on the queue since it was created, restored ones included. */
    public long enqueuedCount() {
        lock.lock();
        try {
            return enqueued;
        } finally {
            lock.unlock();
        }
    }

    /** Messages a consumer settled (acknowledged, or delivered in auto mode) since the queue was created. */
    public long settledCount() {
        lock.lock();
        try {
            return settled;
        } finally {
            lock.unlock();
        }
    }

    /** Messages waiting for a consumer. */
    public int depth() {
        lock.lock();
        try {
            return depthLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Messages on disk rather than in memory: paged out, or being read back. */
    public int pagedOut() {
        lock.lock();
        try {
            return pager.sizeLocked();
        } finally {
            lock.unlock();
        }
    }

    private int depthLocked() {
        return ready.size() + pager.sizeLocked();
    }

    /** Messages handed to consumers and not yet settled. */
    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** How many consumers the queue shares its messages among right now. */
    public int consumerCount() {
        lock.lock();
        try {
            return consumers.size();
        } finally {
            lock.unlock();
        }
    }

    /** Counts {@code message} as in flight with {@code slot}'s consumer. Under the lock. */
    private void lend(QueuedMessage message, ConsumerSlot slot) {
        message.owner(slot);
        slot.inFlight++;
        inFlight++;
    }

    private void releaseOwner(QueuedMessage message) {
        ConsumerSlot owner = message.owner();
        if (owner == null) {
            throw new IllegalStateException("message " + message.message().id() + " is not in flight");
        }
        owner.inFlight--;
        inFlight--;
        message.owner(null);
    }

    /** Hands waiting messages round robin to consumers with room; returns those to wake. */
    private ConsumerSlot[] dispatchLocked() {
        int count = consumers.size();
        if (count == 0 || ready.isEmpty()) {
            return null;
        }
        ConsumerSlot[] woken = null;
        int wokenCount = 0;
        int idle = 0;
        long now = clock.millis();
        while (!ready.isEmpty() && idle < count) {
            if (cursor >= count) {
                cursor = 0;
            }
            ConsumerSlot slot = consumers.get(cursor++);
            if (slot.inFlight >= slot.consumer.prefetch()) {
                idle++;
                continue;
            }
            idle = 0;
            QueuedMessage message = ready.pollFirst();
            if (message.message().isExpired(now)) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(message);
                continue;
            }
            lend(message, slot);
            slot.consumer.enqueue(message);
            if (!slot.toWake) {
                slot.toWake = true;
                if (woken == null) {
                    woken = new ConsumerSlot[count];
                }
                woken[wokenCount++] = slot;
            }
        }
        if (woken != null) {
            for (int i = 0; i < wokenCount; i++) {
                woken[i].toWake = false;
            }
        }
        return woken;
    }

    private List<QueuedMessage> takeExpiredLocked() {
        List<QueuedMessage> taken = expired;
        expired = null;
        return taken;
    }

    /**
     * Wakes consumers and dead-letters messages found expired, with no lock held. An expired
     * message is noticed when it reaches the head of the queue with a consumer ready for it.
     */
    private void finish(ConsumerSlot[] woken, List<QueuedMessage> expiredMessages, List<PagedEntry> pageIn) {
        finish(woken, expiredMessages);
        List<PagedEntry> batch = pageIn;
        while (batch != null) {
            batch = pageIn(batch);
        }
    }

    /** The next paged-out messages to read back if the window in memory ran low; {@code null} if none. */
    private List<PagedEntry> claimPageInLocked() {
        return pager.claimLocked(ready.size(), !consumers.isEmpty());
    }

    /**
     * Reads a claimed batch back (disk I/O, with no lock held), appends it behind the messages in
     * memory and dispatches; returns the next batch to read if the window is still low.
     */
    private List<PagedEntry> pageIn(List<PagedEntry> batch) {
        List<QueuedMessage> messages = pager.read(batch);
        ConsumerSlot[] woken;
        List<QueuedMessage> dead;
        List<PagedEntry> next;
        lock.lock();
        try {
            ready.addAll(messages);
            pager.readDoneLocked();
            woken = dispatchLocked();
            dead = takeExpiredLocked();
            next = claimPageInLocked();
        } finally {
            lock.unlock();
        }
        finish(woken, dead);
        return next;
    }

    private void finish(ConsumerSlot[] woken, List<QueuedMessage> expiredMessages) {
        if (expiredMessages != null) {
            for (QueuedMessage entry : expiredMessages) {
                deadLetter(entry, "expired");
            }
        }
        wake(woken);
    }

    /**
     * Gives up on a message taken out of the queue. The dead letter is stored (or handed to the
     * cluster) before the original is settled: a crash in between leaves a duplicate rather than
     * a loss.
     */
    private void deadLetter(QueuedMessage entry, String reason) {
        Message message = entry.message();
        memory.remove(message);
        CompletableFuture<Void> kept = deadLetters.deadLetter(message, name, reason,
                entry.ticket() != null || stores(message));
        if (entry.ticket() == null) {
            // The store orders the dead letter's append before this acknowledgement.
            forget(entry);
            return;
        }
        // The cluster forgets the original only once it holds the dead letter; if it could not
        // take it, the original goes back, to be dead-lettered again by whoever gets it.
        kept.whenComplete((ignored, failure) -> {
            if (failure == null) {
                forget(entry);
            } else {
                cluster.giveBack(name, entry.ticket(), entry.previousDeliveries());
            }
        });
    }

    private static void wake(ConsumerSlot[] woken) {
        if (woken == null) {
            return;
        }
        for (ConsumerSlot slot : woken) {
            if (slot == null) {
                return;
            }
            slot.consumer.wake();
        }
    }

    /** A consumer and what it holds; guarded by the queue's lock. */
    static final class ConsumerSlot {
        final QueueConsumer consumer;
        int inFlight;
        boolean toWake;

        ConsumerSlot(QueueConsumer consumer) {
            this.consumer = consumer;
        }
    }
}
