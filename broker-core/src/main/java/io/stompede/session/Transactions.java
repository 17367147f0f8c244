package io.stompede.session;

import io.stompede.frame.Frame;
import io.stompede.frame.StompProtocolException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's open transactions: the SEND, ACK and NACK frames each holds until COMMIT, within
 * the configured limits. Confined to the session's thread.
 */
final class Transactions {
    private final Map<String, List<Frame>> open = new HashMap<>();
    private final int maxOpen;
    private final int maxFrames;

    Transactions(int maxOpen, int maxFrames) {
        this.maxOpen = maxOpen;
        this.maxFrames = maxFrames;
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
        open.put(transaction, new ArrayList<>());
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
        List<Frame> frames = open.get(transaction);
        if (frames == null) {
            throw unknown(transaction);
        }
        if (frames.size() >= maxFrames) {
            throw new StompProtocolException("transaction too large",
                    "A transaction may hold at most " + maxFrames + " frames.");
        }
        frames.add(frame);
        return true;
    }

    /** Ends a transaction and returns the frames it held, in order, for COMMIT to apply. */
    List<Frame> commit(String transaction) throws StompProtocolException {
        List<Frame> frames = open.remove(transaction);
        if (frames == null) {
            throw unknown(transaction);
        }
        return frames;
    }

    /** Ends a transaction, dropping what it held. */
    void abort(String transaction) throws StompProtocolException {
        if (open.remove(transaction) == null) {
            throw unknown(transaction);
        }
    }

    /** Drops every open transaction, as a disconnect does. */
    void abortAll() {
        open.clear();
    }

    private static StompProtocolException unknown(String transaction) {
        return new StompProtocolException("unknown transaction", "No open transaction is called '" + transaction + "'.");
    }
}
