package io.stompede.routing;

import io.stompede.message.Message;
import io.stompede.store.MessageStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paged-out tail of one queue: stored messages kept on disk ({@link PagedEntry}: their
 * location in the store) behind those the queue holds in memory, oldest first. It decides when
 * an arriving or restored message is paged out (the memory gauge says to, or older ones are on
 * disk already, so that order is kept), when to read some back (the window in memory ran low
 * while consumers wait), reads them back through the store, and counts them. It does not
 * dispatch: the queue appends what is read back and hands it out.
 *
 * <p>Not thread-safe on its own: it is guarded by its queue's lock. The methods whose names end
 * in {@code Locked} must be called with that lock held; {@link #read}, {@link #readAll} and
 * {@link #releaseWhenWritten} may do I/O or take the entry's monitor and must be called with it
 * released. At most one batch is claimed at a time, so batches are appended in order.
 */
final class Pager {
    /** Below this many messages in memory, a queue with paged-out messages pages in more. */
    static final int PAGE_IN_BELOW = 64;
    /** How many messages one page-in reads. */
    static final int PAGE_IN_BATCH = 128;
    private static final Logger LOG = LoggerFactory.getLogger(Pager.class);

    private final Queue queue;
    private final MessageStore store;
    private final MemoryGauge.Account memory;
    // Stored messages after those in the queue's memory, oldest first.
    private final ArrayDeque<PagedEntry> paged = new ArrayDeque<>();
    // How many paged entries a thread is reading back now (0 when none is).
    private int pagingIn;

    Pager(Queue queue, MessageStore store, MemoryGauge.Account memory) {
        this.queue = queue;
        this.store = store;
        this.memory = memory;
    }

    /** Messages on disk rather than in memory: paged out, or being read back. */
    int sizeLocked() {
        return paged.size() + pagingIn;
    }

    /**
     * Keeps a message found in the store at start-up on disk at {@code location} if memory is
     * at the paging mark or older ones are on disk; {@code false} when the queue is to hold it.
     */
    boolean restoreLocked(long location) {
        if (!paged.isEmpty() || memory.isPaging()) {
            paged.addLast(new PagedEntry(location));
            return true;
        }
        return false;
    }

    /**
     * Pages out a message being stored, already counted by the memory gauge, if memory is at the
     * paging mark or older ones are on disk or being read back; returns its entry, to pass to
     * {@link #releaseWhenWritten} once the lock is released, or {@code null} when the queue is to
     * hold it in memory.
     */
    PagedEntry pageOutLocked(Message message) {
        if (paged.isEmpty() && pagingIn == 0 && !memory.isPaging()) {
            return null;
        }
        PagedEntry entry = new PagedEntry(message);
        paged.addLast(entry);
        return entry;
    }

    /** Uncounts the paged-out message from memory once the store has written it where it can be read. */
    void releaseWhenWritten(PagedEntry entry, CompletableFuture<Long> stored) {
        stored.thenAccept(location -> {
            Message released = entry.written(location);
            if (released != null) {
                memory.remove(released);
            }
        });
    }

    /**
     * Claims the next paged-out messages to read back, when the window in memory
     * ({@code inMemory} messages) ran low while consumers wait and no other thread is reading;
     * {@code null} when there is nothing to do. Over the memory cap it claims one at a time, and
     * only when none is left in memory, so that consumers still progress while memory grows no
     * further. The claimed entries still count in {@link #sizeLocked} until {@link #readDoneLocked}.
     */
    List<PagedEntry> claimLocked(int inMemory, boolean consumersWaiting) {
        if (pagingIn > 0 || paged.isEmpty() || inMemory >= PAGE_IN_BELOW || !consumersWaiting) {
            return null;
        }
        boolean overCap = memory.isOverCap();
        if (overCap && inMemory > 0) {
            return null;
        }
        int count = overCap ? 1 : Math.min(PAGE_IN_BATCH, paged.size());
        List<PagedEntry> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(paged.pollFirst());
        }
        pagingIn = count;
        return batch;
    }

    /**
     * Reads a claimed batch back (disk I/O), counting each message against the memory cap again,
     * as the queue's entries in order. A message that cannot be read is logged and left out: it
     * stays stored and unsettled, so it comes back at the next start.
     */
    List<QueuedMessage> read(List<PagedEntry> batch) {
        List<QueuedMessage> messages = new ArrayList<>(batch.size());
        for (PagedEntry entry : batch) {
            Message held = entry.takeHeld();
            if (held != null) {
                messages.add(new QueuedMessage(held, queue));
                continue;
            }
            try {
                Message read = store.read(entry.location());
                memory.add(read);
                QueuedMessage restored = new QueuedMessage(read, queue);
                if (entry.restored) {
                    restored.markRecovered();
                }
                messages.add(restored);
            } catch (RuntimeException e) {
                LOG.error("Queue {}: a paged-out message cannot be read back; it is skipped until restart", queue.name(), e);
            }
        }
        return messages;
    }

    /** The claimed batch was read and appended to the queue's memory; another may be claimed. */
    void readDoneLocked() {
        pagingIn = 0;
    }

    /** Removes and returns every paged-out entry not being read back, oldest first, for {@link #readAll}. */
    List<PagedEntry> takeAllLocked() {
        List<PagedEntry> all = new ArrayList<>(paged);
        paged.clear();
        return all;
    }

    /** Reads back taken entries (disk I/O), uncounting from memory those that were still held. */
    List<Message> readAll(List<PagedEntry> entries) {
        List<Message> messages = new ArrayList<>(entries.size());
        for (PagedEntry entry : entries) {
            Message held = entry.takeHeld();
            if (held != null) {
                memory.remove(held);
                messages.add(held);
            } else {
                messages.add(store.read(entry.location()));
            }
        }
        return messages;
    }
}
