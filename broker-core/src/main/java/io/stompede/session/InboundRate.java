package io.stompede.session;

import io.stompede.transport.Connection;
import java.util.concurrent.TimeUnit;

/**
 * Holds one connection to a number of inbound frames per second. Past the limit the session stops
 * reading from the connection until the second is over, so a flood backs up in the client's own
 * socket instead of the broker's memory; where the operator asks for it, a client that is still
 * over the limit after a number of consecutive seconds is told so with an ERROR. Seconds are windows that start with the first
 * frame after a quiet spell: an idle connection has no timer.
 *
 * <p>Confined to the session's thread.
 */
final class InboundRate {
    private final Connection connection;
    private final int perSecond;
    private final int maxThrottledSeconds;
    private final Runnable readingChanged;
    private final Runnable exceeded;
    private int frames;
    private int throttledSeconds;
    private boolean throttled;
    private Connection.Cancellable window;

    /**
     * @param perSecond           frames allowed per second; 0 for no limit
     * @param maxThrottledSeconds consecutive throttled seconds after which {@code exceeded} runs;
     *                            0 for never: the client is slowed down, not disconnected
     * @param readingChanged      runs when {@link #isThrottled()} changes, to stop or resume reading
     * @param exceeded            runs once the client stayed over the limit for too long
     */
    InboundRate(Connection connection, int perSecond, int maxThrottledSeconds, Runnable readingChanged,
                Runnable exceeded) {
        this.connection = connection;
        this.perSecond = perSecond;
        this.maxThrottledSeconds = maxThrottledSeconds;
        this.readingChanged = readingChanged;
        this.exceeded = exceeded;
    }

    /** Counts one inbound frame. */
    void onFrame() {
        if (perSecond == 0) {
            return;
        }
        if (window == null) {
            window = connection.schedule(this::endWindow, 1, TimeUnit.SECONDS);
        }
        if (++frames > perSecond && !throttled) {
            throttled = true;
            readingChanged.run();
        }
    }

    /** Whether reading is held back until the current second is over. */
    boolean isThrottled() {
        return throttled;
    }

    /** Cancels the timer, when the session closes. */
    void stop() {
        if (window != null) {
            window.cancel();
            window = null;
        }
    }

    private void endWindow() {
        window = null;
        frames = 0;
        if (!throttled) {
            throttledSeconds = 0;
            return;
        }
        if (maxThrottledSeconds > 0 && ++throttledSeconds >= maxThrottledSeconds) {
            exceeded.run();
            return;
        }
        throttled = false;
        // The next second is watched even if it stays quiet, so that a quiet second forgives.
        window = connection.schedule(this::endWindow, 1, TimeUnit.SECONDS);
        readingChanged.run();
    }
}
