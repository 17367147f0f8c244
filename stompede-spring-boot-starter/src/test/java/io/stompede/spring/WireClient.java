package io.stompede.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.frame.Command;
import io.stompede.frame.EncodedFrame;
import io.stompede.frame.Frame;
import io.stompede.frame.FrameDecoder;
import io.stompede.frame.FrameEncoder;
import io.stompede.frame.FrameLimits;
import io.stompede.frame.FrameSink;
import io.stompede.frame.Headers;
import io.stompede.frame.StompProtocolException;
import io.stompede.frame.StompVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * A STOMP client that writes frames as they are and reads every frame the server sends, for what
 * Spring's client has no call for (BEGIN, COMMIT, a malformed frame): over the application's
 * WebSocket endpoint, or over TCP to the starter's listener. Frames are written with Stompede's
 * encoder and read with its decoder. Thread-safe.
 */
abstract class WireClient implements AutoCloseable {
    private final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    private final FrameDecoder decoder = new FrameDecoder(FrameLimits.DEFAULTS);
    private final AtomicInteger heartbeats = new AtomicInteger();
    final AtomicInteger binaryMessages = new AtomicInteger();
    final CountDownLatch closed = new CountDownLatch(1);

    /** Opens a WebSocket session to {@code url}, the STOMP endpoint of the application. */
    static WireClient webSocket(String url) throws Exception {
        WebSocketWire client = new WebSocketWire();
        client.session = new StandardWebSocketClient().execute(client.handler(), url).get(10, TimeUnit.SECONDS);
        return client;
    }

    /** Opens a TCP connection to the starter's STOMP listener on {@code port}. */
    static WireClient tcp(int port) throws IOException {
        return new TcpWire(new Socket("127.0.0.1", port));
    }

    /** Sends CONNECT for 1.2 and returns the answer. */
    Frame connect() throws Exception {
        send(Frame.of(Command.CONNECT, Headers.of("accept-version", "1.2", "host", "localhost")));
        return next();
    }

    /** Sends a frame of {@code command} with these headers, name and value in turn, and a text body. */
    void send(Command command, String body, String... headersNamesAndValues) throws IOException {
        send(Frame.of(command, Headers.of(headersNamesAndValues), body));
    }

    void send(Frame frame) throws IOException {
        EncodedFrame encoded = FrameEncoder.encode(frame, StompVersion.V1_2);
        ByteBuffer bytes = ByteBuffer.allocate(encoded.length());
        encoded.writeTo(bytes);
        write(bytes.array());
    }

    /** The next frame the server sent, waiting for it up to {@link Clients#WAIT}; fails if none comes. */
    Frame next() throws InterruptedException {
        Frame next = received.poll(Clients.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(next).as("a frame within " + Clients.WAIT).isNotNull();
        return next;
    }

    /** How many heart-beats the server sent. */
    int heartbeats() {
        return heartbeats.get();
    }

    /** How many of the WebSocket messages that arrived were binary ones. */
    int binaryMessages() {
        return binaryMessages.get();
    }

    /** Whether the server closed the connection within {@link Clients#WAIT}. */
    boolean awaitClosed() throws InterruptedException {
        return closed.await(Clients.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    abstract void write(byte[] bytes) throws IOException;

    @Override
    public abstract void close() throws IOException;

    /** Feeds what arrived to the decoder; what it cannot read is a test failure, seen as no frame. */
    void arrived(ByteBuffer bytes) {
        try {
            decoder.decode(bytes, new FrameSink() {
                @Override
                public void onFrame(Frame frame) {
                    received.add(frame);
                }

                @Override
                public void onHeartbeat() {
                    heartbeats.incrementAndGet();
                }
            });
        } catch (StompProtocolException e) {
            throw new IllegalStateException("the server sent a malformed frame", e);
        }
    }

    private static final class WebSocketWire extends WireClient {
        volatile WebSocketSession session;

        AbstractWebSocketHandler handler() {
            return new AbstractWebSocketHandler() {
                @Override
                public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
                    if (message instanceof TextMessage text) {
                        arrived(ByteBuffer.wrap(text.getPayload().getBytes(StandardCharsets.UTF_8)));
                    } else if (message instanceof BinaryMessage binary) {
                        binaryMessages.incrementAndGet();
                        arrived(binary.getPayload());
                    }
                }

                @Override
                public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
                    closed.countDown();
                }
            };
        }

        @Override
        void write(byte[] bytes) throws IOException {
            session.sendMessage(new TextMessage(bytes));
        }

        @Override
        public void close() throws IOException {
            session.close();
        }
    }

    private static final class TcpWire extends WireClient {
        private final Socket socket;
        private final OutputStream out;

        TcpWire(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            Thread reader = new Thread(this::read, "tcp-wire-client");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            byte[] buffer = new byte[8192];
            try (InputStream in = socket.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    arrived(ByteBuffer.wrap(buffer, 0, n));
                }
            } catch (IOException e) {
                // closed by the test or the server: either way the stream is over
            } finally {
                closed.countDown();
            }
        }

        @Override
        synchronized void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
