package io.stompede.netty;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * STOMP over a WebSocket spoken by hand on a plain socket, for what the JDK's client cannot do:
 * bind the client's local address (127.0.0.2, to be told apart from a proxy on 127.0.0.1) and add
 * request headers such as {@code X-Forwarded-For}. Sends each {@link #sendRaw} as one masked text
 * message; reads data messages back as one byte stream. Confined to the test thread.
 */
final class RawWsClient implements TestClient {
    /** The server answered the upgrade with something other than 101. */
    static final class UpgradeRefused extends IOException {
        final String statusLine;

        UpgradeRefused(String statusLine) {
            super("upgrade refused: " + statusLine);
            this.statusLine = statusLine;
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final FrameReader reader;

    private RawWsClient(Socket socket, InputStream in) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = in;
        this.reader = new FrameReader(new MessageStream());
    }

    /**
     * Connects from {@code localHost} to 127.0.0.1:{@code port}, asks to upgrade {@code path} with
     * the extra header lines given ({@code "X-Forwarded-For: 192.0.2.1"}) and waits for the answer.
     *
     * @throws UpgradeRefused when the answer is not 101
     */
    static RawWsClient open(String localHost, int port, String path, String... headerLines) throws IOException {
        Socket socket = connect(localHost, port);
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String statusLine = upgradeRequest(socket, in, port, path, 13, headerLines);
            if (!statusLine.startsWith("HTTP/1.1 101")) {
                throw new UpgradeRefused(statusLine);
            }
            return new RawWsClient(socket, in);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** A plain socket from {@code localHost} to the server, not upgraded yet. */
    static Socket connect(String localHost, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(localHost, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) READ_TIMEOUT.toMillis());
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends one upgrade request with WebSocket version {@code version} on {@code socket} and reads
     * the response's head, leaving the socket open whatever the answer; returns the status line.
     */
    static String upgradeRequest(Socket socket, InputStream in, int port, String path, int version,
                                 String... headerLines) throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        StringBuilder request = new StringBuilder()
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n")
                .append("Sec-WebSocket-Version: ").append(version).append("\r\n")
                .append("Sec-WebSocket-Protocol: v12.stomp\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        request.append("\r\n");
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        String statusLine = readHttpLine(in);
        int contentLength = 0;
        for (String line = readHttpLine(in); !line.isEmpty(); line = readHttpLine(in)) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                contentLength = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(contentLength);
        return statusLine;
    }

    /** The client over a socket that {@link #upgradeRequest} upgraded. */
    static RawWsClient over(Socket socket, InputStream in) throws IOException {
        return new RawWsClient(socket, in);
    }

    private static String readHttpLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed during the upgrade");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** The address and port the client's socket is bound to. */
    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void sendRaw(byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x81);    // FIN, text
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xffff) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    @Override
    public FrameReader reader() {
        return reader;
    }

    @Override
    public boolean awaitClosed(Duration timeout) {
        return RawSockets.awaitClosed(socket, in, timeout);
    }

    @Override
    public void close() {
        RawSockets.close(socket);
    }

    /** The payloads of the server's data messages, in order; a close message ends the stream. */
    private final class MessageStream extends InputStream {
        private long left;
        private boolean closed;

        @Override
        public int read() throws IOException {
            while (left == 0) {
                if (closed || !nextDataFrame()) {
                    closed = true;
                    return -1;
                }
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException("stream ended inside a WebSocket frame");
            }
            left--;
            return b;
        }

        /** Reads frame headers up to the next data frame, skipping control frames; false at a close. */
        private boolean nextDataFrame() throws IOException {
            while (true) {
                int first = in.read();
                int second = in.read();
                if (first < 0 || second < 0) {
                    return false;
                }
                long length = second & 0x7f;
                if (length == 126) {
                    length = (in.read() << 8) | in.read();
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | in.read();
                    }
                }
                int opcode = first & 0x0f;
                if (opcode == 0x8) {
                    return false;
                }
                if (opcode >= 0x8) {
                    in.skipNBytes(length);    // ping or pong: nothing for STOMP
                    continue;
                }
                left = length;
                if (length > 0) {
                    return true;
                }
            }
        }
    }
}
