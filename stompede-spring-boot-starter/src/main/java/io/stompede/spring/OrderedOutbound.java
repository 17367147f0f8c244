package io.stompede.spring;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;

/**
 * What one session's broker sends its client, in order, through Spring's clientOutboundChannel.
 * That channel hands messages to a thread pool, which would reorder a session's frames (a RECEIPT
 * before the MESSAGE it follows); so one message is in the channel at a time, and the next goes
 * when {@link OutboundProgress} reports the last one handled, that is, written to the WebSocket
 * session. The bytes waiting here are what the broker sees as the connection's outbound buffer:
 * above the high-water mark the connection is not writable, and below the low one it is again, so
 * the broker's slow-consumer policy applies to a slow browser as to a slow TCP client.
 *
 * <p>Thread-safe: messages are added on the session's thread and sent on whichever thread
 * handled the one before.
 */
final class OrderedOutbound {
    /** The header of each message sent that holds what {@link OutboundProgress} runs once it is handled. */
    static final String HANDLED_HEADER = "stompedeHandled";

    private static final Logger LOG = LoggerFactory.getLogger(OrderedOutbound.class);

    private final MessageChannel channel;
    private final long lowWaterMark;
    private final long highWaterMark;
    private final Runnable writableAgain;
    private final ConcurrentLinkedQueue<Queued> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean writable = true;
    private volatile Runnable whenDrained;

    /**
     * @param writableAgain run, on a channel thread, when the queue falls below the low-water mark after having
     *                      passed the high one
     */
    OrderedOutbound(MessageChannel channel, long lowWaterMark, long highWaterMark, Runnable writableAgain) {
        this.channel = channel;
        this.lowWaterMark = lowWaterMark;
        this.highWaterMark = highWaterMark;
        this.writableAgain = writableAgain;
    }

    /** Queues a message with these headers and payload, {@code bytes} long on the wire, and sends it in turn. */
    void add(StompHeaderAccessor headers, byte[] payload, int bytes) {
        Queued queued = new Queued(bytes);
        headers.setHeader(HANDLED_HEADER, (Runnable) () -> handled(queued));
        queued.message = MessageBuilder.createMessage(payload, headers.getMessageHeaders());
        queue.add(queued);
        if (queuedBytes.addAndGet(bytes) > highWaterMark) {
            writable = false;
        }
        trySend();
    }

    /** Whether the client keeps up: false from the high-water mark until the queue is back under the low one. */
    boolean isWritable() {
        return writable;
    }

    /** Runs {@code task} once everything queued so far (and later) has been handled; at once if nothing is queued. */
    void whenDrained(Runnable task) {
        whenDrained = task;
        runIfDrained();
    }

    private void trySend() {
        if (!queue.isEmpty() && sending.compareAndSet(false, true)) {
            sendNext();
        }
    }

    private void sendNext() {
        while (true) {
            Queued next = queue.peek();
            if (next == null) {
                sending.set(false);
                if (queue.isEmpty()) {
                    runIfDrained();
                } else {
                    trySend();
                }
                return;
            }
            boolean sent;
            try {
                sent = channel.send(next.message);
            } catch (RuntimeException e) {
                // A stopped executor, an interceptor that threw: the message is lost, the session goes on.
                LOG.debug("Could not send {} to the client", next.message, e);
                sent = false;
            }
            if (sent) {
                return;     // handled() sends the next one
            }
            remove(next);
        }
    }

    private void handled(Queued queued) {
        if (remove(queued)) {
            sendNext();
        }
    }

    /** Takes {@code queued} off the head of the queue, unless a second report of the same message already did. */
    private boolean remove(Queued queued) {
        if (queue.peek() != queued || !queue.remove(queued)) {
            return false;
        }
        if (queuedBytes.addAndGet(-queued.bytes) < lowWaterMark && !writable) {
            writable = true;
            writableAgain.run();
        }
        return true;
    }

    private void runIfDrained() {
        Runnable task = whenDrained;
        if (task != null && queue.isEmpty() && !sending.get() && closed.compareAndSet(false, true)) {
            task.run();
        }
    }

    /** A message waiting its turn, and its size on the wire. */
    private static final class Queued {
        final int bytes;
        Message<byte[]> message;

        Queued(int bytes) {
            this.bytes = bytes;
        }
    }
}
