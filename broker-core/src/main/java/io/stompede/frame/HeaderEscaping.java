package io.stompede.frame;

/**
 * The header escaping of STOMP 1.1 and 1.2, both ways. Stateless.
 *
 * <p>Only four characters are escaped: LF as {@code \n}, colon as {@code \c}, backslash as
 * {@code \\} and, in 1.2 only, CR as {@code \r}. Anything else after a backslash is a protocol
 * error, so that a peer cannot smuggle meaning into sequences other versions might define.
 */
final class HeaderEscaping {
    private HeaderEscaping() {
    }

    /** Whether header text of {@code command} in {@code version} is escaped on the wire. */
    static boolean applies(Command command, StompVersion version) {
        return version.escapesHeaders() && command.escapesHeaders();
    }

    /** The index of the first backslash in the range, or -1: the common case needs no unescaping. */
    static int indexOfBackslash(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\\') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Unescapes {@code bytes[from, to)} into {@code target} from index 0 and returns the length
     * written; {@code target} must have room for {@code to - from} bytes, as unescaping only
     * shrinks.
     */
    static int unescape(byte[] bytes, int from, int to, byte[] target, StompVersion version)
            throws StompProtocolException {
        int n = 0;
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b != '\\') {
                target[n++] = b;
                continue;
            }
            if (++i == to) {
                throw new StompProtocolException("invalid header escape: backslash at end of header");
            }
            byte c = bytes[i];
            switch (c) {
                case 'n' -> target[n++] = '\n';
                case 'c' -> target[n++] = ':';
                case '\\' -> target[n++] = '\\';
                case 'r' -> {
                    if (!version.escapesCarriageReturn()) {
                        throw invalid(c, version);
                    }
                    target[n++] = '\r';
                }
                default -> throw invalid(c, version);
            }
        }
        return n;
    }

    private static StompProtocolException invalid(byte c, StompVersion version) {
        String shown = c >= 0x21 && c < 0x7f ? "\\" + (char) c : String.format("\\ followed by 0x%02x", c & 0xff);
        return new StompProtocolException("invalid header escape " + shown + " (STOMP " + version.wireValue() + ")");
    }

    /**
     * The escape letter for {@code c} under the rules of {@code version}, or 0 when {@code c} is
     * written as it is.
     */
    static char escapeLetter(char c, StompVersion version) {
        return switch (c) {
            case '\n' -> 'n';
            case ':' -> 'c';
            case '\\' -> '\\';
            case '\r' -> version.escapesCarriageReturn() ? 'r' : 0;
            default -> 0;
        };
    }
}
