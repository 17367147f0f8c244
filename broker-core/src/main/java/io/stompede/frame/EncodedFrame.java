package io.stompede.frame;

import java.nio.ByteBuffer;

/**
 * A frame in its wire form, ready for a transport to write. Immutable and safe to write to any
 * number of connections: the broker encodes once and every transport copies the bytes straight
 * into its own buffer.
 */
public interface EncodedFrame {
    /** The end-of-line that a heart-beat consists of. */
    EncodedFrame HEARTBEAT = new EncodedBytes(new byte[] {'\n'});

    /** The exact number of bytes {@link #writeTo} writes. */
    int length();

    /** Writes the whole wire form into {@code target}, which has at least {@link #length()} bytes left. */
    void writeTo(ByteBuffer target);

    /** Whether this is a heart-beat rather than a frame. */
    default boolean isHeartbeat() {
        return this == HEARTBEAT;
    }
}
