package io.stompede.frame;

/**
 * Writes frames in their wire form. Stateless and thread-safe.
 *
 * <p>Header escaping follows the version and the command: STOMP 1.2 escapes CR, LF, colon and
 * backslash; 1.1 all but CR; 1.0, and CONNECT, STOMP and CONNECTED in every version, escape
 * nothing. Headers are written exactly as given: the encoder adds no {@code content-length},
 * so a body that may contain NUL needs one from the caller. A header that cannot be carried
 * under the rules in force (for example a line feed in a 1.0 value) is refused with an
 * {@link IllegalArgumentException} instead of being written, so that no header can inject
 * others.
 *
 * <p>For a message with many subscribers, the shared header lines are encoded once with
 * {@link #encodeHeaderLines} and each delivery's own headers with {@link #encodeHeaderLine}.
 */
public final class FrameEncoder {
    private FrameEncoder() {
    }

    /** The exact wire bytes of {@code frame} for a peer speaking {@code version}. */
    public static EncodedFrame encode(Frame frame, StompVersion version) {
        Command command = frame.command();
        boolean escape = HeaderEscaping.applies(command, version);
        Headers headers = frame.headers();
        byte[] name = command.wireName();
        byte[] body = frame.sharedBody();
        int size = name.length + 1 + headerLinesLength(headers, version, escape) + 1 + body.length + 1;
        byte[] out = new byte[size];
        System.arraycopy(name, 0, out, 0, name.length);
        int pos = name.length;
        out[pos++] = '\n';
        pos = writeHeaderLines(headers, version, escape, out, pos);
        out[pos++] = '\n';
        System.arraycopy(body, 0, out, pos, body.length);
        out[pos + body.length] = 0;
        return new EncodedBytes(out);
    }

    /**
     * The {@code name:value\n} lines of {@code headers}, escaped when {@code escape} is set and
     * {@code version} escapes at all.
     */
    public static byte[] encodeHeaderLines(Headers headers, StompVersion version, boolean escape) {
        boolean escaping = escape && version.escapesHeaders();
        byte[] out = new byte[headerLinesLength(headers, version, escaping)];
        writeHeaderLines(headers, version, escaping, out, 0);
        return out;
    }

    /** The one line {@code name:value\n}, escaped as {@link #encodeHeaderLines} would. */
    public static byte[] encodeHeaderLine(String name, String value, StompVersion version, boolean escape) {
        boolean escaping = escape && version.escapesHeaders();
        byte[] out = new byte[HeaderText.lineLength(name, value, version, escaping)];
        HeaderText.writeLine(name, value, version, escaping, out, 0);
        return out;
    }

    private static int headerLinesLength(Headers headers, StompVersion version, boolean escape) {
        int n = 0;
        for (int i = 0, size = headers.size(); i < size; i++) {
            n += HeaderText.lineLength(headers.name(i), headers.value(i), version, escape);
        }
        return n;
    }

    private static int writeHeaderLines(Headers headers, StompVersion version, boolean escape, byte[] out, int pos) {
        for (int i = 0, size = headers.size(); i < size; i++) {
            pos = HeaderText.writeLine(headers.name(i), headers.value(i), version, escape, out, pos);
        }
        return pos;
    }
}
