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

    /**
     * These bytes, written as they are: for what the broker's own encoder would never make, as
     * a test kit's corrupted or hand-made frames.
     */
    static EncodedFrame of(byte[] bytes) {
        return new EncodedBytes(bytes.clone());
    }

    /** The exact number of bytes {@link #writeTo} writes. */
    int length();

    /** Writes the whole wire form into {@code target}, which has at least {@link #length()} bytes left. */
    void writeTo(ByteBuffer target);

    /**
     * The id of the subscription this frame delivers a message to, or {@code null} when it is not a
     * MESSAGE. A transport that hands frames on as its host's objects rather than as bytes (the
     * Spring bridge gives Spring a message per frame) learns from it what a delivery is without
     * reading back the broker's own output; the bytes stay the one form of the frame.
     */
    default String subscriptionId() {
        return null;
    }

    /** Whether this is a heart-beat rather than a frame. */
    default boolean isHeartbeat() {
        return this == HEARTBEAT;
    }

    /**
     * Whether the whole wire form is well-formed UTF-8, so that it may travel in a WebSocket text
     * message (RFC 6455 makes a client fail the connection on a text message that is not). The
     * command and header lines always are, being written from Java strings; only a body can make
     * this false. The broker's own frames answer from what they know or have cached, at most one
     * check per message however many deliveries share it; this default encodes and checks.
     */
    default boolean isUtf8() {
        ByteBuffer bytes = ByteBuffer.allocate(length());
        writeTo(bytes);
        return Utf8.isValid(bytes.array(), 0, bytes.position());
    }
}
