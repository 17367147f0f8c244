package io.stompede.session;

import io.stompede.frame.Headers;
import io.stompede.frame.StompProtocolException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's RECEIPTs, each sent only once what the frames before it stored is as durable as the
 * store promises, and all of them in the order they were asked for. A persistent SEND, or a
 * SUBSCRIBE that creates a durable subscription, makes every later receipt wait for its store; a
 * store that fails turns the waiting receipt into an ERROR instead. Confined to the session's thread.
 */
final class Receipts {
    private static final Logger LOG = LoggerFactory.getLogger(Receipts.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private static final CompletableFuture<Headers> DONE_HEADERS = CompletableFuture.completedFuture(Headers.EMPTY);

    private final Session session;
    // Completes when everything stored so far is durable; receipts wait for it, in order.
    private CompletableFuture<Void> durable = DONE;

    Receipts(Session session) {
        this.session = session;
    }

    /** Makes every later RECEIPT wait until {@code stored} is durable. */
    void await(CompletableFuture<Void> stored) {
        if (!stored.isDone() || stored.isCompletedExceptionally()) {
            CompletableFuture<Void> before = durable;
            durable = before.thenCombine(stored, (a, b) -> null);
        }
    }

    /**
     * Sends RECEIPT {@code receipt} once every message stored before it is durable;
     * {@code closeAfter} closes the connection after it, for DISCONNECT.
     */
    void send(String receipt, boolean closeAfter) {
        send(receipt, closeAfter, DONE_HEADERS, false);
    }

    /**
     * Sends RECEIPT {@code receipt} as {@link #send(String, boolean)} does, once {@code extra}
     * completes too, with the headers it completes with (a SUBSCRIBE's recovery).
     */
    void send(String receipt, CompletableFuture<Headers> extra) {
        send(receipt, false, extra, false);
    }

    /**
     * Sends the RECEIPT of a SUBSCRIBE that replays history as {@link #send(String, CompletableFuture)}
     * does, after the replayed messages already handed to the session: the RECEIPT marks the
     * replay's end. Other RECEIPTs do not wait for deliveries, which may come before or after them.
     */
    void sendAfterReplay(String receipt, CompletableFuture<Headers> extra) {
        send(receipt, false, extra, true);
    }

    private void send(String receipt, boolean closeAfter, CompletableFuture<Headers> extra, boolean afterDeliveries) {
        if (durable.isDone() && !durable.isCompletedExceptionally() && extra.isDone()) {
            write(receipt, closeAfter, extra, afterDeliveries);
            return;
        }
        CompletableFuture<Void> next = new CompletableFuture<>();
        // The headers may be computed after what the receipt waits for completes: wait for both.
        CompletableFuture<Void> ready = extra.isDone() ? durable : durable.thenCombine(extra, (a, b) -> null);
        ready.whenComplete((ignored, storeFailure) -> session.execute(() -> {
            if (!session.isClosed()) {
                if (storeFailure != null) {
                    LOG.error("Session {}: a persistent message could not be stored", session.id(), storeFailure);
                    session.fail(new StompProtocolException("message not stored",
                            "The broker could not store a persistent message.", receipt));
                } else {
                    write(receipt, closeAfter, extra, afterDeliveries);
                    session.flushIfNeeded();
                    session.updateReading();
                }
            }
            next.complete(null);
        }));
        durable = next;
    }

    private void write(String receipt, boolean closeAfter, CompletableFuture<Headers> extra, boolean afterDeliveries) {
        if (afterDeliveries) {
            session.writePendingDeliveries();
        }
        session.write(ServerFrames.receipt(receipt, extra.getNow(Headers.EMPTY), session.wireVersion()));
        if (closeAfter) {
            session.close();
        }
    }
}
