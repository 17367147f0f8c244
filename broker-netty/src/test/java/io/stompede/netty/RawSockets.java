package io.stompede.netty;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** What the raw-socket test clients (TCP, and WebSocket by hand) share about their socket's end. Stateless. */
final class RawSockets {
    private RawSockets() {
    }

    /**
     * Waits until the server closes {@code socket}, discarding what arrives on {@code in}; a reset
     * counts as closed. {@code false} on timeout.
     */
    static boolean awaitClosed(Socket socket, InputStream in, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] sink = new byte[8192];
        try {
            while (System.nanoTime() < deadline) {
                try {
                    socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                    if (in.read(sink) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    return false;
                }
            }
            return false;
        } catch (IOException e) {
            return true;    // reset by the server: closed as well
        }
    }

    /** Closes a test socket; closing one has no failure worth reporting. */
    static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to report
        }
    }
}
