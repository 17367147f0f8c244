package io.stompede.frame;

import java.nio.ByteBuffer;

/** An {@link EncodedFrame} held as one array. Immutable; its UTF-8 check is cached, racily but idempotently. */
final class EncodedBytes implements EncodedFrame {
    private final byte[] bytes;
    /** 0 until checked, then 1 if the bytes are UTF-8 and -1 if not; threads that race compute the same. */
    private byte utf8;

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

    @Override
    public boolean isUtf8() {
        if (utf8 == 0) {
            utf8 = Utf8.isValid(bytes, 0, bytes.length) ? (byte) 1 : (byte) -1;
        }
        return utf8 > 0;
    }
}
