package io.stompede.session;

import io.stompede.application.ApplicationContext;
import io.stompede.application.ApplicationHandler;
import io.stompede.application.ApplicationMessage;
import io.stompede.application.MessageRejectedException;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.frame.StompProtocolException;
import io.stompede.message.Message;
import io.stompede.observer.BrokerObserver;
import io.stompede.routing.MemoryGauge;
import io.stompede.routing.Queue;
import io.stompede.routing.Router;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's applied SENDs: to the application's handler for the destination, or through the
 * router, with later RECEIPTs waiting for what it stored; and the memory share, which stops reading
 * from this producer while the queue it sends to holds more than its share of memory under
 * pressure (see {@link MemoryGauge}). Producers to other queues and to topics are not held back.
 * Confined to the session's thread.
 */
final class Sends {
    private static final Logger LOG = LoggerFactory.getLogger(Sends.class);

    private final Session session;
    private final BrokerServices services;
    private final Router router;
    private final BrokerObserver observer;
    private final Subscriptions subscriptions;
    private final Receipts receipts;
    // Whether a queue over its memory share holds this producer back, and the resumption it waits
    // for there, forgotten if the session ends first.
    private boolean pausedForMemory;
    private MemoryGauge.Account pausedOn;
    private Runnable resumption;

    Sends(Session session, BrokerServices services, Subscriptions subscriptions, Receipts receipts) {
        this.session = session;
        this.services = services;
        this.router = services.router();
        this.observer = services.observer();
        this.subscriptions = subscriptions;
        this.receipts = receipts;
    }

    boolean isPausedForMemory() {
        return pausedForMemory;
    }

    /** Applies a SEND that no transaction holds (any more). */
    void send(Frame frame, String destination) throws StompProtocolException {
        ApplicationHandler handler = services.applications().find(destination);
        if (handler != null) {
            try {
                handler.handle(new ApplicationMessage(frame, session), new SenderContext());
            } catch (MessageRejectedException e) {
                throw new StompProtocolException(e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("The application handler for {} failed", destination, e);
                throw new StompProtocolException("application error", "The application could not handle the message.");
            }
            observer.messageReceived(destination, frame.sharedBody().length);
            return;
        }
        Message message = router.messageOf(destination, frame.headers(), frame.sharedBody());
        receipts.await(router.publish(message, session.quotaOwner()));
        // Counted once the router took it: what a full queue refused was never received.
        observer.messageReceived(destination, frame.sharedBody().length);
        if (!pausedForMemory && router.memory().isUnderPressure()) {
            throttleIfOverShare(message);
        }
    }

    /**
     * Stops reading from this producer while the queue it just sent to is over its memory share
     * and keeps such messages in memory (a journal pages stored ones out instead), and resumes on
     * the session's thread once the queue is back under its share or memory is down to three
     * eighths of the cap.
     */
    private void throttleIfOverShare(Message sent) {
        Queue queue = router.existingQueue(sent.destination());
        if (queue != null && router.keepsInMemory(queue, sent) && queue.memory().isOverShare()) {
            pausedForMemory = true;
            observer.producerPaused(session);
            session.updateReading();
            pausedOn = queue.memory();
            resumption = () -> session.execute(this::resume);
            pausedOn.resumeWhenBelowShare(resumption);
        }
    }

    private void resume() {
        pausedForMemory = false;
        pausedOn = null;
        resumption = null;
        if (!session.isClosed()) {
            observer.producerResumed(session);
            session.updateReading();
        }
    }

    /**
     * The session ended: a resumption it still waits for is forgotten, so that a queue nobody
     * drains does not keep closed sessions alive.
     */
    void close() {
        if (pausedOn != null) {
            pausedOn.cancel(resumption);
            pausedOn = null;
            resumption = null;
        }
    }

    /** The context an application handler gets for one SEND of this session. */
    private final class SenderContext implements ApplicationContext {
        @Override
        public CompletableFuture<Void> publish(String destination, Headers headers, byte[] body) {
            return router.publish(destination, headers, body);
        }

        @Override
        public void reply(String destination, Headers headers, byte[] body) {
            subscriptions.reply(router.messageOf(destination, headers, body));
        }
    }
}
