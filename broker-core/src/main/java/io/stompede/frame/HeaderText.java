package io.stompede.frame;

/**
 * Writes header names and values as UTF-8, escaped or not. Stateless.
 *
 * <p>Measuring first and then writing into an array of the exact size means one allocation per
 * encoded frame, whether or not anything needs escaping. Text that the rules in force cannot
 * carry (a line feed where nothing is escaped, a colon in an unescaped name, a value ending in
 * an unescaped CR that a decoder would take for part of a CRLF) is refused rather than written,
 * because writing it would let one header forge others or change on the way.
 */
final class HeaderText {
    private HeaderText() {
    }

    /** The bytes {@code name:value\n} takes. */
    static int lineLength(String name, String value, StompVersion version, boolean escape) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        return length(name, true, version, escape) + 1 + length(value, false, version, escape) + 1;
    }

    /** Writes {@code name:value\n} at {@code pos} and returns the position after it. */
    static int writeLine(String name, String value, StompVersion version, boolean escape, byte[] out, int pos) {
        pos = write(name, version, escape, out, pos);
        out[pos++] = ':';
        pos = write(value, version, escape, out, pos);
        out[pos++] = '\n';
        return pos;
    }

    private static int length(String s, boolean isName, StompVersion version, boolean escape) {
        int n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == '\n' || c == ':' || c == '\\' || c == '\r') {
                    if (escape && HeaderEscaping.escapeLetter(c, version) != 0) {
                        n += 2;
                        continue;
                    }
                    checkRepresentable(s, i, isName, version, escape);
                }
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                    n += 4;
                    i++;
                } else {
                    n++;
                }
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static void checkRepresentable(String s, int i, boolean isName, StompVersion version, boolean escape) {
        char c = s.charAt(i);
        String problem = null;
        if (c == '\n') {
            problem = "a line feed";
        } else if (c == ':' && isName) {
            problem = "a colon in its name";
        } else if (c == '\r' && !isName && i == s.length() - 1) {
            problem = "a trailing carriage return";
        }
        if (problem != null) {
            throw new IllegalArgumentException("header " + (isName ? "name" : "value") + " with " + problem
                    + " cannot be sent " + (escape ? "in STOMP " + version.wireValue() : "unescaped"));
        }
    }

    private static int write(String s, StompVersion version, boolean escape, byte[] out, int pos) {
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                char letter = escape ? HeaderEscaping.escapeLetter(c, version) : 0;
                if (letter != 0) {
                    out[pos++] = '\\';
                    out[pos++] = (byte) letter;
                } else {
                    out[pos++] = (byte) c;
                }
            } else if (c < 0x800) {
                out[pos++] = (byte) (0xc0 | (c >> 6));
                out[pos++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    out[pos++] = (byte) (0xf0 | (cp >> 18));
                    out[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                    out[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                    out[pos++] = (byte) (0x80 | (cp & 0x3f));
                } else {
                    // An unpaired surrogate has no UTF-8 form; '?' is what String.getBytes writes too.
                    out[pos++] = '?';
                }
            } else {
                out[pos++] = (byte) (0xe0 | (c >> 12));
                out[pos++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                out[pos++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        return pos;
    }
}
