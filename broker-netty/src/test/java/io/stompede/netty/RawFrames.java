package io.stompede.netty;

import io.netty.buffer.ByteBufUtil;
import io.stompede.frame.EncodedFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Encoded frames of given bytes, valid STOMP or not, for tests that write to a connection directly. Stateless. */
final class RawFrames {
    private RawFrames() {
    }

    /** {@code text} in UTF-8. */
    static EncodedFrame of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    static EncodedFrame of(byte[] bytes) {
        return new EncodedFrame() {
            @Override
            public int length() {
                return bytes.length;
            }

            @Override
            public void writeTo(ByteBuffer target) {
                target.put(bytes);
            }

            @Override
            public String toString() {
                return ByteBufUtil.hexDump(bytes);
            }
        };
    }
}
