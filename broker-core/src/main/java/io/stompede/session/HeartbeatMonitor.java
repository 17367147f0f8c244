package io.stompede.session;

import io.stompede.transport.Connection;
import io.stompede.frame.EncodedFrame;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a session's heart-beats: sends an EOL when the broker has written nothing for its
 * interval, and closes the connection when the client has been silent for longer than its
 * interval times the grace factor. Time is the connection's timers, so a virtual clock drives it
 * in tests. While the broker itself does not read from the connection (it holds the client back),
 * the client's silence is the broker's doing and closes nothing: the heart-beats it sent wait
 * unread behind its other frames. Confined to the session's thread.
 */
final class HeartbeatMonitor {
    private final Connection connection;
    private final Heartbeat heartbeat;
    private final long readTimeoutMillis;
    private final Runnable onSilence;
    private boolean readSinceCheck;
    private boolean readingPaused;
    // Send checks run every half interval; a write remembers the check count it happened after.
    private long sendChecks;
    private long lastWriteCheck;
    private Connection.Cancellable sendTimer;
    private Connection.Cancellable readTimer;
    private boolean stopped;

    HeartbeatMonitor(Connection connection, Heartbeat heartbeat, double graceFactor, Runnable onSilence) {
        this.connection = connection;
        this.heartbeat = heartbeat;
        this.readTimeoutMillis = (long) Math.ceil(heartbeat.clientToServer() * graceFactor);
        this.onSilence = onSilence;
    }

    void start() {
        if (heartbeat.serverToClient() > 0) {
            scheduleSend();
        }
        if (heartbeat.clientToServer() > 0) {
            scheduleRead();
        }
    }

    void onRead() {
        readSinceCheck = true;
    }

    /** The broker holds the client back ({@code true}) or no longer does; only a change counts. */
    void readingPaused(boolean paused) {
        if (paused == readingPaused) {
            return;
        }
        readingPaused = paused;
        if (!paused) {
            // A full timeout from the resumption: what the client sent meanwhile is only now read.
            readSinceCheck = true;
        }
    }

    void onWrite() {
        lastWriteCheck = sendChecks;
    }

    void stop() {
        stopped = true;
        if (sendTimer != null) {
            sendTimer.cancel();
        }
        if (readTimer != null) {
            readTimer.cancel();
        }
    }

    // Checking every half interval and writing when two checks passed without a write keeps every
    // gap between writes within one interval.
    private void scheduleSend() {
        sendTimer = connection.schedule(this::sendCheck, Math.max(1, heartbeat.serverToClient() / 2), TimeUnit.MILLISECONDS);
    }

    // A client is closed after a silence of between one and two read timeouts: never earlier than
    // its own interval times the grace factor.
    private void scheduleRead() {
        readTimer = connection.schedule(this::readCheck, readTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void sendCheck() {
        if (stopped) {
            return;
        }
        sendChecks++;
        if (sendChecks - lastWriteCheck >= 2) {
            connection.write(EncodedFrame.HEARTBEAT);
            connection.flush();
            lastWriteCheck = sendChecks;
        }
        scheduleSend();
    }

    private void readCheck() {
        if (stopped) {
            return;
        }
        if (!readSinceCheck && !readingPaused) {
            onSilence.run();
            return;
        }
        readSinceCheck = false;
        scheduleRead();
    }
}
