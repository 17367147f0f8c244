package io.stompede.frame;

import java.nio.ByteBuffer;

/** An {@link EncodedFrame} held as one array. */
final class EncodedBytes implements EncodedFrame {
    private final byte[] bytes;

    EncodedBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    public int length() {
        return bytes.length;
    }

    @Override
    public void writeTo(ByteBuffer target) {
        target.put(bytes);
    }
}
