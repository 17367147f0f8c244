package io.stompede.frame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Turns the bytes of one connection into frames and heart-beats, however the bytes are cut:
 * a frame may arrive one byte at a time, or many frames in one read. Confined to one
 * connection's thread; not thread-safe.
 *
 * <p>The decoder is a state machine that keeps its place between calls, so bytes already seen
 * are never parsed again. What is incomplete is copied into the decoder's own storage, which
 * lets the caller reuse its buffer, and that storage never grows past the {@link FrameLimits}:
 * a limit is checked before bytes are kept, not once the frame is complete, so a peer that
 * sends an endless header line is refused after a few kilobytes.
 *
 * <p>A violation of the protocol is thrown as a {@link StompProtocolException} that quotes the
 * frame's {@code receipt} header when it was already read. The decoder is then poisoned: every
 * later call throws the same exception, since the byte stream has no reliable point at which
 * to resume.
 */
public final class FrameDecoder {
    private static final byte[] NO_BYTES = new byte[0];
    private static final int COMMAND = 0;
    private static final int HEADERS = 1;
    private static final int BODY = 2;
    private static final int TERMINATOR = 3;
    private static final int BODY_TO_NUL = 4;
    /** Bytes of a direct buffer copied to the heap at a time. */
    private static final int CHUNK = 16 * 1024;
    /**
     * The heap array that direct buffers are copied through, one per thread rather than one per
     * decoder: a socket reads into direct buffers, and an array per connection would cost every
     * idle connection 16 KiB. A decoder borrows it for one call; a nested call on the same thread
     * finds it taken and uses an array of its own.
     */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[CHUNK]);
    /**
     * Bodies up to this size are allocated as soon as their content-length is read. Larger ones
     * grow with the bytes that actually arrive, so that a few header bytes announcing a huge body
     * cannot make the decoder allocate it; and a buffer that grew past this size is released after
     * its frame, so idle connections stay small.
     */
    private static final int EAGER_BODY_SIZE = 64 * 1024;

    private final FrameLimits limits;
    private final HeaderStrings names = new HeaderStrings(32);
    private final HeaderStrings values = new HeaderStrings(64);
    private StompVersion version = StompVersion.V1_2;
    private StompProtocolException failure;

    private int state = COMMAND;
    /** Bytes of the current frame consumed so far, not counting {@link #lineLength}. */
    private int frameBytes;
    private byte[] line = new byte[128];
    private int lineLength;
    private byte[] unescaped = NO_BYTES;
    /** Where the caller's buffer is consumed up to, so that a sink's exception leaves it consistent. */
    private int cursor;

    private Command command;
    private boolean escaped;
    private String[] headers = new String[16];
    private int headerEntries;
    private Headers frameHeaders;
    private int contentLength = -1;
    private String receipt;
    /** The body of content-length bytes, once allocated at its final size. */
    private byte[] body;
    private int bodyReceived;
    private byte[] pending = NO_BYTES;
    private int pendingLength;

    /** A decoder for one connection that refuses any frame beyond {@code limits}. */
    public FrameDecoder(FrameLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Sets the version whose escaping rules apply to the frames that follow; 1.2 until told
     * otherwise. The session calls this once the handshake has agreed a version.
     */
    public void setVersion(StompVersion version) {
        this.version = Objects.requireNonNull(version, "version");
    }

    /**
     * Consumes all of {@code in}, handing each complete frame and each heart-beat to {@code sink}
     * in order. Bytes of an incomplete frame are kept for the next call.
     *
     * <p>If the sink throws, the exception propagates unchanged and {@code in} is left positioned
     * just after the frame or heart-beat it was given; the decoder stays usable.
     *
     * @throws StompProtocolException when the bytes break the protocol or a limit; the decoder
     *                                then throws the same exception on every later call
     */
    public void decode(ByteBuffer in, FrameSink sink) throws StompProtocolException {
        Objects.requireNonNull(sink, "sink");
        if (failure != null) {
            in.position(in.limit());
            throw failure;
        }
        if (in.hasArray()) {
            int base = in.arrayOffset();
            int end = base + in.limit();
            cursor = base + in.position();
            try {
                process(in.array(), cursor, end, sink);
            } finally {
                in.position((failure != null ? end : cursor) - base);
            }
            return;
        }
        byte[] chunk = SCRATCH.get();
        SCRATCH.set(null);
        if (chunk == null) {
            chunk = new byte[CHUNK];
        }
        try {
            while (in.hasRemaining()) {
                int start = in.position();
                int n = Math.min(in.remaining(), CHUNK);
                in.get(chunk, 0, n);
                cursor = 0;
                try {
                    process(chunk, 0, n, sink);
                } finally {
                    in.position(failure != null ? in.limit() : start + cursor);
                }
            }
        } finally {
            SCRATCH.set(chunk);
        }
    }

    /** The number of bytes of an incomplete frame held so far; 0 between frames. */
    public int bufferedBytes() {
        return frameBytes + lineLength;
    }

    private void process(byte[] a, int pos, int end, FrameSink sink) throws StompProtocolException {
        while (pos < end) {
            switch (state) {
                case COMMAND, HEADERS -> pos = line(a, pos, end, sink);
                case BODY -> pos = fixedBody(a, pos, end);
                case TERMINATOR -> {
                    if (a[pos] != 0) {
                        throw fail("frame not terminated by NUL after content-length bytes of body");
                    }
                    cursor = ++pos;
                    emit(body, sink);
                }
                default -> pos = bodyToNul(a, pos, end, sink);
            }
        }
        cursor = end;
    }

    private int line(byte[] a, int pos, int end, FrameSink sink) throws StompProtocolException {
        int lf = indexOf(a, pos, end, (byte) '\n');
        if (lf < 0) {
            holdPartialLine(a, pos, end);
            return end;
        }
        byte[] src = a;
        int from = pos;
        int to = lf;
        int lineBytes = lf + 1 - pos;
        if (lineLength > 0) {
            appendToLine(a, pos, lf);
            src = line;
            from = 0;
            to = lineLength;
            lineBytes = lineLength + 1;
            lineLength = 0;
        }
        if (to > from && src[to - 1] == '\r') {
            to--;
        }
        if (to - from > limits.maxHeaderLineLength()) {
            throw lineTooLong();
        }
        int next = lf + 1;
        if (state == COMMAND) {
            if (to == from) {
                frameBytes = 0;
                cursor = next;
                sink.onHeartbeat();
                return next;
            }
            frameBytes = lineBytes;
            checkFrameSize(0);
            startFrame(src, from, to);
        } else {
            frameBytes += lineBytes;
            checkFrameSize(0);
            if (to == from) {
                endHeaders();
            } else {
                header(src, from, to);
            }
        }
        return next;
    }

    private void holdPartialLine(byte[] a, int pos, int end) throws StompProtocolException {
        int n = end - pos;
        // One byte beyond the limit may be the CR of a CRLF.
        if (lineLength + n > limits.maxHeaderLineLength() + 1) {
            throw lineTooLong();
        }
        checkFrameSize(lineLength + n);
        appendToLine(a, pos, end);
    }

    private void appendToLine(byte[] a, int from, int to) throws StompProtocolException {
        int n = to - from;
        if (lineLength + n > limits.maxHeaderLineLength() + 1) {
            throw lineTooLong();
        }
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.max(lineLength + n, Math.min(line.length * 2, limits.maxHeaderLineLength() + 1)));
        }
        System.arraycopy(a, from, line, lineLength, n);
        lineLength += n;
    }

    private void startFrame(byte[] src, int from, int to) throws StompProtocolException {
        Command parsed = Command.parse(src, from, to - from);
        if (parsed == null) {
            throw fail("unknown command");
        }
        command = parsed;
        escaped = HeaderEscaping.applies(parsed, version);
        state = HEADERS;
    }

    private void header(byte[] src, int from, int to) throws StompProtocolException {
        if (headerEntries / 2 == limits.maxHeaderCount()) {
            throw fail("too many headers (limit " + limits.maxHeaderCount() + ")");
        }
        int colon = indexOf(src, from, to, (byte) ':');
        if (colon < 0) {
            throw fail("header line without ':'");
        }
        if (colon == from) {
            throw fail("header with an empty name");
        }
        String name = text(src, from, colon, names);
        String value = text(src, colon + 1, to, values);
        if (headerEntries + 2 > headers.length) {
            headers = Arrays.copyOf(headers, headers.length * 2);
        }
        headers[headerEntries++] = name;
        headers[headerEntries++] = value;
        if (contentLength < 0 && name.equals("content-length")) {
            contentLength = parseContentLength(value);
        } else if (receipt == null && name.equals("receipt")) {
            receipt = value;
        }
    }

    private String text(byte[] src, int from, int to, HeaderStrings cache) throws StompProtocolException {
        if (escaped && HeaderEscaping.indexOfBackslash(src, from, to) >= 0) {
            if (unescaped.length < to - from) {
                unescaped = new byte[Math.max(to - from, 64)];
            }
            int n;
            try {
                n = HeaderEscaping.unescape(src, from, to, unescaped, version);
            } catch (StompProtocolException e) {
                throw fail(e.getMessage());
            }
            return utf8(HeaderStrings.decode(unescaped, 0, n));
        }
        // A connection sends CONNECT once: caching its host or login would only cost every idle
        // connection a table.
        return utf8(command == Command.CONNECT || command == Command.STOMP
                ? cache.getOnce(src, from, to - from)
                : cache.get(src, from, to - from));
    }

    /** A header that is not UTF-8 cannot be what the client meant: ERROR, not a guess. */
    private String utf8(String decoded) throws StompProtocolException {
        if (decoded == null) {
            throw fail("header not valid UTF-8");
        }
        return decoded;
    }

    private int parseContentLength(String value) throws StompProtocolException {
        if (value.isEmpty()) {
            throw fail("invalid content-length header");
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw fail("invalid content-length header");
            }
            n = n * 10 + (c - '0');
            if (n > limits.maxBodySize()) {
                throw bodyTooLarge();
            }
        }
        return (int) n;
    }

    private void endHeaders() throws StompProtocolException {
        frameHeaders = Headers.copyOf(headers, headerEntries);
        if (contentLength < 0) {
            state = BODY_TO_NUL;
            return;
        }
        // Refuse now rather than after the body has been read: it would not fit anyway.
        checkFrameSize(contentLength + 1);
        body = contentLength == 0 ? NO_BYTES : contentLength <= EAGER_BODY_SIZE ? new byte[contentLength] : null;
        bodyReceived = 0;
        state = contentLength == 0 ? TERMINATOR : BODY;
    }

    private int fixedBody(byte[] a, int pos, int end) {
        int n = Math.min(end - pos, contentLength - bodyReceived);
        if (body == null && bodyReceived == 0 && n == contentLength) {
            body = Arrays.copyOfRange(a, pos, pos + n);
        } else if (body == null) {
            hold(a, pos, n);
        } else {
            System.arraycopy(a, pos, body, bodyReceived, n);
        }
        bodyReceived += n;
        frameBytes += n;
        if (bodyReceived == contentLength) {
            if (body == null) {
                body = takeHeld();
            }
            state = TERMINATOR;
        }
        return pos + n;
    }

    private int bodyToNul(byte[] a, int pos, int end, FrameSink sink) throws StompProtocolException {
        int nul = indexOf(a, pos, end, (byte) 0);
        int n = (nul < 0 ? end : nul) - pos;
        if (pendingLength + n > limits.maxBodySize()) {
            throw bodyTooLarge();
        }
        checkFrameSize(nul < 0 ? n : n + 1);
        if (nul < 0) {
            hold(a, pos, n);
            frameBytes += n;
            return end;
        }
        byte[] complete;
        if (pendingLength == 0) {
            complete = n == 0 ? NO_BYTES : Arrays.copyOfRange(a, pos, nul);
        } else {
            hold(a, pos, n);
            complete = takeHeld();
        }
        cursor = nul + 1;
        emit(complete, sink);
        return nul + 1;
    }

    /** Keeps body bytes whose final size is not allocated yet; the caller has checked the limits. */
    private void hold(byte[] a, int pos, int n) {
        if (pendingLength + n > pending.length) {
            int grown = Math.max(pendingLength + n, Math.max(pending.length * 2, 256));
            pending = Arrays.copyOf(pending, Math.min(grown, Math.max(pendingLength + n, limits.maxBodySize())));
        }
        System.arraycopy(a, pos, pending, pendingLength, n);
        pendingLength += n;
    }

    /** The held body bytes in an array of their exact size. */
    private byte[] takeHeld() {
        byte[] complete = Arrays.copyOf(pending, pendingLength);
        pendingLength = 0;
        if (pending.length > EAGER_BODY_SIZE) {
            pending = NO_BYTES;
        }
        return complete;
    }

    private void emit(byte[] frameBody, FrameSink sink) throws StompProtocolException {
        Frame frame = Frame.of(command, frameHeaders, frameBody);
        state = COMMAND;
        frameBytes = 0;
        command = null;
        frameHeaders = null;
        headerEntries = 0;
        contentLength = -1;
        receipt = null;
        body = null;
        sink.onFrame(frame);
    }

    /** Fails when the frame, with {@code more} bytes added, would exceed the frame size limit. */
    private void checkFrameSize(int more) throws StompProtocolException {
        if ((long) frameBytes + more > limits.maxFrameSize()) {
            throw fail("frame too large (limit " + limits.maxFrameSize() + " bytes)");
        }
    }

    private StompProtocolException lineTooLong() {
        String what = state == COMMAND ? "command line" : "header line";
        return fail(what + " too long (limit " + limits.maxHeaderLineLength() + " bytes)");
    }

    private StompProtocolException bodyTooLarge() {
        return fail("body too large (limit " + limits.maxBodySize() + " bytes)");
    }

    /** Records the error that poisons this decoder; the caller throws it. */
    private StompProtocolException fail(String message) {
        failure = new StompProtocolException(message, null, receipt);
        return failure;
    }

    private static int indexOf(byte[] a, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
