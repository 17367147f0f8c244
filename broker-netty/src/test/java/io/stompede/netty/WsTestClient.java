package io.stompede.netty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * STOMP over the JDK's WebSocket client. What arrives is queued and read back as one byte stream,
 * so a frame may span messages like on TCP; the kinds of the messages received are recorded, and
 * each whole message is kept too, for tests about message boundaries ({@link #nextMessage()}).
 * Sending is confined to the test thread; the JDK's listener thread only fills the queues.
 */
final class WsTestClient implements TestClient {
    enum Kind { TEXT, BINARY }

    /** One whole WebSocket message as received: its kind and its payload, the parts joined. */
    record WsMessage(Kind kind, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private static final byte[] CLOSED = new byte[0];

    private final WebSocket webSocket;
    private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private final List<Kind> receivedKinds = new CopyOnWriteArrayList<>();
    private final BlockingQueue<WsMessage> messages = new LinkedBlockingQueue<>();
    private final FrameReader reader;
    private Kind sendKind = Kind.TEXT;
    private volatile boolean closed;

    private WsTestClient(HttpClient http, URI uri, List<String> subprotocols) throws IOException {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(READ_TIMEOUT);
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(subprotocols.get(0),
                    subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        try {
            this.webSocket = builder.buildAsync(uri, new Listener()).get(READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("WebSocket handshake with " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
        this.reader = new FrameReader(new QueueInputStream());
    }

    static WsTestClient open(URI uri, String... subprotocols) throws IOException {
        return new WsTestClient(HttpClient.newHttpClient(), uri, List.of(subprotocols));
    }

    static WsTestClient openTls(URI uri, SSLContext tls) throws IOException {
        return new WsTestClient(HttpClient.newBuilder().sslContext(tls).build(), uri, List.of());
    }

    /** The subprotocol the server chose, or "" for none. */
    String subprotocol() {
        return webSocket.getSubprotocol();
    }

    /** Which kind of message {@link #sendRaw} sends from now on. */
    WsTestClient sending(Kind kind) {
        this.sendKind = kind;
        return this;
    }

    /** The kind of every message (or fragment) received so far. */
    List<Kind> receivedKinds() {
        return receivedKinds;
    }

    /**
     * The next whole message received, in order, however the JDK delivered its parts; waits at most
     * the read timeout. Reads a queue of its own: what {@link #reader()} reads is not affected.
     */
    WsMessage nextMessage() throws IOException {
        try {
            WsMessage message = messages.poll(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new SocketTimeoutException("no message received in " + READ_TIMEOUT);
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
    }

    @Override
    public void sendRaw(byte[] bytes) throws IOException {
        sendFragment(bytes, true);
    }

    /** Sends {@code bytes} as one message made of fragments ending at the given offsets. */
    void sendFragmented(byte[] bytes, int... cuts) throws IOException {
        int start = 0;
        for (int cut : cuts) {
            sendFragment(java.util.Arrays.copyOfRange(bytes, start, cut), false);
            start = cut;
        }
        sendFragment(java.util.Arrays.copyOfRange(bytes, start, bytes.length), true);
    }

    private void sendFragment(byte[] bytes, boolean last) throws IOException {
        CompletionStage<WebSocket> sent = sendKind == Kind.TEXT
                ? webSocket.sendText(new String(bytes, StandardCharsets.UTF_8), last)
                : webSocket.sendBinary(ByteBuffer.wrap(bytes), last);
        try {
            sent.toCompletableFuture().get(READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("send failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
    }

    @Override
    public FrameReader reader() {
        return reader;
    }

    @Override
    public boolean awaitClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || received.poll(left, TimeUnit.NANOSECONDS) == null) {
                    return closed;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        webSocket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        /** The parts of the message being received; the JDK calls the listener one part at a time. */
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            receivedKinds.add(Kind.TEXT);
            byte[] bytes = data.toString().getBytes(StandardCharsets.UTF_8);
            received.add(bytes);
            collect(Kind.TEXT, bytes, last);
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            receivedKinds.add(Kind.BINARY);
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            received.add(bytes);
            collect(Kind.BINARY, bytes, last);
            ws.request(1);
            return null;
        }

        private void collect(Kind kind, byte[] part, boolean last) {
            partial.writeBytes(part);
            if (last) {
                messages.add(new WsMessage(kind, partial.toByteArray()));
                partial.reset();
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed = true;
            received.add(CLOSED);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed = true;
            received.add(CLOSED);
        }
    }

    /** The received messages as one stream; a read waits at most the read timeout. */
    private final class QueueInputStream extends InputStream {
        private byte[] current = new byte[0];
        private int position;

        @Override
        public int read() throws IOException {
            while (position == current.length) {
                if (current == CLOSED) {
                    return -1;
                }
                try {
                    byte[] next = received.poll(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    if (next == null) {
                        throw new SocketTimeoutException("nothing received in " + READ_TIMEOUT);
                    }
                    current = next;
                    position = 0;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
            }
            return current[position++] & 0xff;
        }
    }

    /** Collects a message's bytes; here so that tests can build multi-frame messages. */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
