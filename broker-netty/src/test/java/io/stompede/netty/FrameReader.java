package io.stompede.netty;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads STOMP frames from a byte stream, counting the end-of-lines between frames (heart-beats).
 * Blocking: the stream's own timeout bounds every read. Confined to the reading thread.
 */
final class FrameReader {
    private final InputStream in;
    private int heartbeats;

    FrameReader(InputStream in) {
        this.in = in;
    }

    /** The heart-beats seen so far. */
    int heartbeats() {
        return heartbeats;
    }

    /** Reads one heart-beat (an EOL between frames); fails if a frame comes first. */
    void readHeartbeat() throws IOException {
        int before = heartbeats;
        String line = readCommandLine(true);
        if (line != null || heartbeats == before) {
            throw new IOException("expected a heart-beat, got a frame starting " + line);
        }
    }

    /** Reads the next frame, skipping heart-beats. */
    StompFrame read() throws IOException {
        String command = readCommandLine(false);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.putIfAbsent(line.substring(0, colon), line.substring(colon + 1));
        }
        byte[] body;
        String length = headers.get("content-length");
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
            if (body.length < Integer.parseInt(length)) {
                throw new EOFException("stream ended inside a body");
            }
            expect(0);
        } else {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int b = next(); b != 0; b = next()) {
                bytes.write(b);
            }
            body = bytes.toByteArray();
        }
        return new StompFrame(command, headers, body);
    }

    /**
     * Skips EOLs (counting them as heart-beats) up to a command line. With {@code stopAtHeartbeat}
     * it returns {@code null} after the first EOL instead of waiting for a frame.
     */
    private String readCommandLine(boolean stopAtHeartbeat) throws IOException {
        while (true) {
            String line = readLine();
            if (!line.isEmpty()) {
                return line;
            }
            heartbeats++;
            if (stopAtHeartbeat) {
                return null;
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = next(); b != '\n'; b = next()) {
            line.write(b);
        }
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private void expect(int expected) throws IOException {
        int b = next();
        if (b != expected) {
            throw new IOException("expected byte " + expected + ", got " + b);
        }
    }

    private int next() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed");
        }
        return b;
    }
}
