package io.stompede.bench.load;

import java.nio.ByteBuffer;

/**
 * How STOMP bytes travel on the socket: as they are over TCP, or inside WebSocket messages after
 * an HTTP upgrade.
 */
interface Framing {
    /** Bytes to send first, once the socket is connected (none for TCP, the upgrade request for WebSocket). */
    void start(ByteBuffer out);

    /**
     * Moves the STOMP bytes in {@code raw} (flipped, read from the socket) into {@code stomp}
     * (ready for writing), leaving in {@code raw} what is not complete yet. Returns false until
     * the transport is ready to carry STOMP; may throw on a refused handshake.
     */
    boolean unwrap(ByteBuffer raw, ByteBufferSink stomp);

    /** Wraps one STOMP frame, {@code frame} flipped, into {@code out}. */
    void wrap(ByteBuffer frame, ByteBufferSink out);

    /** Whether STOMP goes on the socket unchanged, so that frames can be written and parsed in place. */
    boolean isIdentity();

    /** Where framing puts bytes, growing the buffer when it must. */
    interface ByteBufferSink {
        ByteBuffer ensure(int bytes);
    }
}
