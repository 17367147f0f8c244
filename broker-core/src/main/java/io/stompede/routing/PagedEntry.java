package io.stompede.routing;

import io.stompede.message.Message;
import io.stompede.store.MessageStore;

/**
 * A stored queue message that its queue's {@link Pager} keeps on disk: only its location in the
 * store, plus the message itself until the store has written it (it cannot be read back before).
 * The message counts against the memory cap while it is held here.
 *
 * <p>Thread-safe: the store's writer thread reports the write while a consumer's thread may be
 * paging the entry in; the entry's monitor orders the two and guards no I/O.
 */
final class PagedEntry {
    /** Whether it was found in the store at start-up, and so may have been delivered before. */
    final boolean restored;
    private Message message;
    private long location = MessageStore.NOT_READABLE;

    /** An entry whose message is still in memory, waiting for the store's write. */
    PagedEntry(Message message) {
        this.message = message;
        this.restored = false;
    }

    /** An entry found in the store at start-up, on disk only. */
    PagedEntry(long location) {
        this.location = location;
        this.restored = true;
    }

    /**
     * The store wrote the message at {@code at}; returns the message it therefore no longer
     * holds (to be uncounted from the memory cap), or {@code null} when it holds none or the
     * store cannot read it back, in which case it keeps it.
     */
    synchronized Message written(long at) {
        if (at == MessageStore.NOT_READABLE || message == null) {
            return null;
        }
        Message released = message;
        location = at;
        message = null;
        return released;
    }

    /** Takes the message if still held in memory (still counted), else {@code null}. */
    synchronized Message takeHeld() {
        Message held = message;
        message = null;
        return held;
    }

    synchronized long location() {
        return location;
    }
}
