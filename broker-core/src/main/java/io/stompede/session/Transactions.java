package io.stompede.session;

import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.frame.StompProtocolException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's open transactions: the SEND, ACK and NACK frames each holds until COMMIT, within
 * the configured limits: open transactions per session, frames per transaction, and bytes held
 * by all of the session's open transactions together. Confined to the session's thread.
 */
final class Transactions {
    /** The frame object, its header array and the references around them, in bytes; an estimate. */
    private static final int FRAME_OVERHEAD = 64;
    /** One header's entries and strings beyond their characters, in bytes; an estimate. */
    private static final int HEADER_OVERHEAD = 48;

    /** One open transaction: its frames in order, and their size estimate. */
    private static final class Held {
        final List<Frame> frames = new ArrayList<>();
        long bytes;
    }

    private final Map<String, Held> open = new HashMap<>();
    private final int maxOpen;
    private final int maxFrames;
    private final long maxBytes;
    // The size estimate of every frame held by the open transactions together.
    private long bytes;

    Transactions(int maxOpen, int maxFrames, long maxBytes) {
        this.maxOpen = maxOpen;
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
    }

    void begin(String transaction) throws StompProtocolException {
        if (open.containsKey(transaction)) {
            throw new StompProtocolException("transaction already open",
                    "Transaction '" + transaction + "' has already begun.");
        }
        if (open.size() >= maxOpen) {
            throw new StompProtocolException("too many transactions",
                    "A session may hold at most " + maxOpen + " open transactions.");
        }
        open.put(transaction, new Held());
    }

    /**
     * Holds {@code frame} if it names a transaction; returns {@code false} for a frame outside
     * any, which the session applies at once.
     */
    boolean hold(Frame frame) throws StompProtocolException {
        String transaction = frame.header("transaction");
        if (transaction == null) {
            return false;
        }
        Held held = open.get(transaction);
        if (held == null) {
            throw unknown(transaction);
        }
        if (held.frames.size() >= maxFrames) {
            throw new StompProtocolException("transaction too large",
                    "A transaction may hold at most " + maxFrames + " frames.");
        }
        long size = sizeEstimate(frame);
        if (bytes + size > maxBytes) {
            throw new StompProtocolException("transaction too large",
                    "The open transactions of a session may hold at most " + maxBytes + " bytes together.");
        }
        held.frames.add(frame);
        held.bytes += size;
        bytes += size;
        return true;
    }

    /** Ends a transaction and returns the frames it held, in order, for COMMIT to apply. */
    List<Frame> commit(String transaction) throws StompProtocolException {
        Held held = end(transaction);
        return held.frames;
    }

    /** Ends a transaction, dropping what it held. */
    void abort(String transaction) throws StompProtocolException {
        end(transaction);
    }

    /** Drops every open transaction, as a disconnect does. */
    void abortAll() {
        open.clear();
        bytes = 0;
    }

    /** The size estimate of the frames the open transactions hold, together. */
    long bytes() {
        return bytes;
    }

    private Held end(String transaction) throws StompProtocolException {
        Held held = open.remove(transaction);
        if (held == null) {
            throw unknown(transaction);
        }
        bytes -= held.bytes;
        return held;
    }

    /**
     * The heap a held frame costs, roughly, as {@code Message.sizeEstimate} counts it: the body,
     * two bytes a header character, and the objects around them.
     */
    static long sizeEstimate(Frame frame) {
        long size = FRAME_OVERHEAD + frame.bodyLength();
        Headers headers = frame.headers();
        for (int i = 0; i < headers.size(); i++) {
            size += 2L * (headers.name(i).length() + headers.value(i).length()) + HEADER_OVERHEAD;
        }
        return size;
    }

    private static StompProtocolException unknown(String transaction) {
        return new StompProtocolException("unknown transaction", "No open transaction is called '" + transaction + "'.");
    }
}
