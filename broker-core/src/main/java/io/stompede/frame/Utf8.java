package io.stompede.frame;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Whether bytes are well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past
 * U+10FFFF, no truncated sequence. Java's own decoding would turn each bad byte into U+FFFD
 * without a word, and a header value is then not what the client sent. Also what decides whether
 * a frame may travel in a WebSocket text message, which RFC 6455 requires to be UTF-8. Stateless
 * and thread-safe.
 */
public final class Utf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {
    }

    /** Whether the {@code length} bytes of {@code bytes} from {@code offset} are well-formed UTF-8. */
    public static boolean isValid(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        // The common case: ASCII all the way, eight bytes at a time (a message body is checked
        // once per message when it goes out as WebSocket text, and this is most of that cost).
        while (i + Long.BYTES <= end && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
            i += Long.BYTES;
        }
        while (i < end && bytes[i] >= 0) {
            i++;
        }
        while (i < end) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                i++;
                continue;
            }
            int needed;
            int min;
            if (b >= 0xc2 && b <= 0xdf) {
                needed = 1;
                min = 0x80;
            } else if (b >= 0xe0 && b <= 0xef) {
                needed = 2;
                min = 0x800;
            } else if (b >= 0xf0 && b <= 0xf4) {
                needed = 3;
                min = 0x10000;
            } else {
                return false;   // a continuation byte first, an overlong 2-byte lead, or past U+10FFFF
            }
            if (i + needed >= end) {
                return false;   // cut short
            }
            int cp = b & (0x3f >> needed);
            for (int k = 1; k <= needed; k++) {
                int next = bytes[i + k] & 0xff;
                if ((next & 0xc0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (next & 0x3f);
            }
            if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                return false;
            }
            i += needed + 1;
        }
        return true;
    }
}
