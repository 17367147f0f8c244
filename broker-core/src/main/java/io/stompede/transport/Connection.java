package io.stompede.transport;

import io.stompede.frame.EncodedFrame;
import java.util.concurrent.TimeUnit;

/**
 * The one thing a transport implements: a byte stream to one client, seen by the core as frames
 * to write, a close, a thread to run on and timers. Nothing here names a transport type, which is
 * why an in-memory connection can drive the whole broker in a test.
 *
 * <p>Threading: every connection has one thread of execution at a time (an event loop, or a
 * serial executor). {@link #write}, {@link #flush}, {@link #close}, {@link #isWritable} and
 * {@link #setReading} are called only from it; {@link #execute} and {@link #schedule} may be called from any thread and
 * run their task on it.
 */
public interface Connection {

    /** Queues a frame for writing. It reaches the peer at the next {@link #flush()}. */
    void write(EncodedFrame frame);

    /** Sends everything written so far. The core calls it once per batch, not once per frame. */
    void flush();

    /** Flushes what was written, then closes. Idempotent. */
    void close();

    /**
     * Whether the peer keeps up: {@code false} once the bytes queued for it pass the transport's
     * high-water mark, until they fall below its low-water mark. The transport then calls
     * {@link ProtocolHandler#writabilityChanged()}.
     */
    boolean isWritable();

    /**
     * Stops or resumes reading from the peer: while stopped, nothing more reaches
     * {@link ProtocolHandler#receive} and the peer's own sends back up in the network. This is how the
     * broker slows a producer down instead of buffering what it cannot take.
     */
    void setReading(boolean reading);

    /** Runs {@code task} on this connection's thread, after the tasks already queued there. */
    void execute(Runnable task);

    /** Runs {@code task} on this connection's thread after {@code delay}. */
    Cancellable schedule(Runnable task, long delay, TimeUnit unit);

    /** What is known of the peer. */
    ConnectionInfo info();

    /** A scheduled task that may be called off. */
    interface Cancellable {
        /** Stops the task from running if it has not run yet. Idempotent. */
        void cancel();
    }
}
