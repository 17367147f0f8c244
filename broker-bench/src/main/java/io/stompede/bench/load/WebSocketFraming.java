package io.stompede.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client side of RFC 6455 for STOMP: an upgrade request offering the STOMP subprotocols, then
 * one masked text (or binary) message per STOMP frame out, and the payloads of whatever messages come in,
 * concatenated, since a broker may split or join frames across messages.
 */
final class WebSocketFraming implements Framing {
    private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};

    private final String host;
    private final int port;
    private final String path;
    /** The first header byte of every message sent: FIN and the text or binary opcode. */
    private final byte opcode;
    private final byte[] mask = new byte[4];
    private boolean upgraded;

    WebSocketFraming(String host, int port, String path, boolean binary) {
        this.host = host;
        this.port = port;
        this.path = path;
        this.opcode = (byte) (binary ? 0x82 : 0x81);
        ThreadLocalRandom.current().nextBytes(mask);
    }

    @Override
    public void start(ByteBuffer out) {
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: v12.stomp, v11.stomp, v10.stomp\r\n\r\n";
        out.put(request.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public boolean unwrap(ByteBuffer raw, ByteBufferSink stomp) {
        if (!upgraded && !readUpgradeResponse(raw)) {
            return false;
        }
        while (raw.remaining() >= 2) {
            int start = raw.position();
            int opcode = raw.get(start) & 0x0f;
            int lengthByte = raw.get(start + 1) & 0x7f;
            boolean masked = (raw.get(start + 1) & 0x80) != 0;
            int headerLength = 2 + (lengthByte == 126 ? 2 : lengthByte == 127 ? 8 : 0) + (masked ? 4 : 0);
            if (raw.remaining() < headerLength) {
                break;
            }
            long length = lengthByte == 126 ? raw.getShort(start + 2) & 0xffff
                    : lengthByte == 127 ? raw.getLong(start + 2) : lengthByte;
            if (raw.remaining() < headerLength + length) {
                break;
            }
            int payload = start + headerLength;
            if (opcode == 0x8) {
                throw new UncheckedIOException(new IOException("WebSocket closed by the broker"));
            }
            if (opcode <= 0x2) {
                ByteBuffer target = stomp.ensure((int) length);
                for (int i = 0; i < length; i++) {
                    byte b = raw.get(payload + i);
                    target.put(masked ? (byte) (b ^ raw.get(payload - 4 + (i & 3))) : b);
                }
            }
            raw.position(payload + (int) length);
        }
        return true;
    }

    private boolean readUpgradeResponse(ByteBuffer raw) {
        int end = -1;
        for (int i = raw.position(); i + 3 < raw.limit() && end < 0; i++) {
            if (raw.get(i) == HEADERS_END[0] && raw.get(i + 1) == HEADERS_END[1]
                    && raw.get(i + 2) == HEADERS_END[2] && raw.get(i + 3) == HEADERS_END[3]) {
                end = i + 4;
            }
        }
        if (end < 0) {
            return false;
        }
        byte[] head = new byte[end - raw.position()];
        raw.get(head);
        String response = new String(head, StandardCharsets.US_ASCII);
        if (!response.startsWith("HTTP/1.1 101")) {
            throw new UncheckedIOException(new IOException("WebSocket upgrade refused: " + response.lines().findFirst().orElse("")));
        }
        upgraded = true;
        return true;
    }

    @Override
    public void wrap(ByteBuffer frame, ByteBufferSink sink) {
        int length = frame.remaining();
        ByteBuffer out = sink.ensure(length + 14);
        out.put(opcode);
        if (length < 126) {
            out.put((byte) (0x80 | length));
        } else if (length < 65536) {
            out.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            out.put((byte) (0x80 | 127)).putLong(length);
        }
        out.put(mask);
        for (int i = 0; i < length; i++) {
            out.put((byte) (frame.get() ^ mask[i & 3]));
        }
    }

    @Override
    public boolean isIdentity() {
        return false;
    }
}
