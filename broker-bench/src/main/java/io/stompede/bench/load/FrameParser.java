package io.stompede.bench.load;

/**
 * Splits a STOMP byte stream into frames in place. It skips heart-beat end-of-lines, uses
 * {@code content-length} when a frame has one and looks for the NUL otherwise. Bodies sent by
 * the load tool never contain a NUL, so either way finds the same end.
 */
final class FrameParser {
    private static final byte[] CONTENT_LENGTH = "\ncontent-length:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    interface Sink {
        void onFrame(InboundFrame frame);
    }

    private final InboundFrame frame = new InboundFrame();

    /** Hands every whole frame in {@code b[from, to)} to {@code sink}; returns where the first incomplete one starts. */
    int parse(byte[] b, int from, int to, Sink sink) {
        int at = from;
        while (true) {
            while (at < to && (b[at] == '\n' || b[at] == '\r')) {
                at++;
            }
            if (at >= to) {
                return at;
            }
            int headersEnd = endOfHeaders(b, at, to);
            if (headersEnd < 0) {
                return at;
            }
            int bodyStart = b[headersEnd + 1] == '\r' ? headersEnd + 3 : headersEnd + 2;
            long length = contentLength(b, at, headersEnd);
            int bodyEnd;
            if (length >= 0) {
                if (bodyStart + length >= to) {
                    return at;
                }
                bodyEnd = (int) (bodyStart + length);
            } else {
                bodyEnd = InboundFrame.indexOf(b, (byte) 0, bodyStart, to);
                if (bodyEnd < 0) {
                    return at;
                }
            }
            frame.set(b, at, headersEnd, bodyStart, bodyEnd);
            sink.onFrame(frame);
            at = bodyEnd + 1;
        }
    }

    /** Index of the blank line's first byte ({@code \n\n} or {@code \r\n\r\n}), or -1. */
    private static int endOfHeaders(byte[] b, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (b[i] == '\n') {
                if (b[i + 1] == '\n') {
                    return i;
                }
                if (b[i + 1] == '\r' && i + 2 < to && b[i + 2] == '\n') {
                    return i;
                }
            }
        }
        return -1;
    }

    private static long contentLength(byte[] b, int from, int headersEnd) {
        outer:
        for (int i = from; i + CONTENT_LENGTH.length <= headersEnd; i++) {
            for (int k = 0; k < CONTENT_LENGTH.length; k++) {
                if (b[i + k] != CONTENT_LENGTH[k]) {
                    continue outer;
                }
            }
            long value = 0;
            for (int j = i + CONTENT_LENGTH.length; j < headersEnd && b[j] >= '0' && b[j] <= '9'; j++) {
                value = value * 10 + (b[j] - '0');
            }
            return value;
        }
        return -1;
    }
}
