package io.stompede.frame;

/**
 * Whether bytes are well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past
 * U+10FFFF, no truncated sequence. Java's own decoding would turn each bad byte into U+FFFD
 * without a word, and a header value is then not what the client sent. Stateless.
 */
final class Utf8 {
    private Utf8() {
    }

    static boolean isValid(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end && bytes[i] >= 0) {
            i++;        // the common case: ASCII all the way
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
