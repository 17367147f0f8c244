package io.stompede.inmemory;

import io.stompede.Broker;
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
import io.stompede.transport.Connection;
import io.stompede.transport.ConnectionInfo;
import io.stompede.application.SessionInfo;
import io.stompede.transport.ProtocolHandler;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client connected to a broker with no sockets: the test writes frames in and reads the
 * broker's frames out, decoded from the exact bytes the broker wrote. Timers run on a
 * {@link VirtualClock}. It drives the real session code, so a test here tests what a network
 * client would see, minus the network.
 *
 * <p>By default the broker side runs on the calling thread: when {@link #send} returns, the
 * broker has handled the frame and everything it caused (deliveries to other in-memory clients
 * included). With an executor given, the session runs there instead, for concurrency tests.
 * Thread-safe.
 */
public final class InMemoryConnection implements Connection {
    private static final AtomicInteger PORTS = new AtomicInteger(1);

    private final SerialExecutor executor;
    private final boolean onCallingThread;
    private final VirtualClock clock;
    private final ConnectionInfo info;
    private final ProtocolHandler session;
    private final LinkedBlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private final FrameDecoder clientDecoder = new FrameDecoder(FrameLimits.DEFAULTS);
    private final ByteArrayOutputStream unflushed = new ByteArrayOutputStream();
    private volatile boolean writable = true;
    // Confined to the session's executor: bytes the client sent while the broker stopped reading.
    private final ArrayDeque<byte[]> unread = new ArrayDeque<>();
    private volatile boolean reading = true;
    private volatile boolean closed;
    private volatile StompVersion clientVersion = StompVersion.V1_2;

    private InMemoryConnection(Broker broker, VirtualClock clock, SerialExecutor executor, boolean onCallingThread) {
        this.clock = clock;
        this.executor = executor;
        this.onCallingThread = onCallingThread;
        this.info = ConnectionInfo.plain("in-memory", new InetSocketAddress("127.0.0.1",
                // Wraps: a long fuzz run opens more connections than there are ports.
                1 + Math.floorMod(PORTS.getAndIncrement(), 65_535)), null);
        CompletableFuture<ProtocolHandler> opened = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                opened.complete(broker.openSession(this));
            } catch (RuntimeException e) {
                opened.completeExceptionally(e);
            }
        });
        this.session = opened.join();
    }

    /** Connects at transport level (no CONNECT frame yet), running the session on the calling thread. */
    public static InMemoryConnection open(Broker broker, VirtualClock clock) {
        return new InMemoryConnection(broker, clock, SerialExecutor.onCallingThread(), true);
    }

    /** Connects at transport level, running the session one task at a time on {@code executor}. */
    public static InMemoryConnection open(Broker broker, VirtualClock clock, Executor executor) {
        return new InMemoryConnection(broker, clock, new SerialExecutor(executor), false);
    }

    // ---- the client's side

    /** Sends CONNECT offering 1.2 with no heart-beats, and returns the broker's answer. */
    public Frame connect() {
        return connect(Headers.of("accept-version", "1.2", "host", "localhost"));
    }

    /** Sends CONNECT with these headers and returns the broker's answer (CONNECTED or ERROR). */
    public Frame connect(Headers headers) {
        send(Frame.of(Command.CONNECT, headers));
        return awaitFrame(Duration.ofSeconds(5));
    }

    /** Sends a frame, encoded for the version negotiated so far. Ignored once the connection closed. */
    public void send(Frame frame) {
        sendRaw(FrameEncoder.encode(frame, clientVersion));
    }

    /** Sends a frame built from a command, headers as name-value pairs, and a text body. */
    public void sendWithBody(Command command, String body, String... headerNamesAndValues) {
        send(Frame.of(command, Headers.of(headerNamesAndValues), body));
    }

    /** Sends a frame with no body. */
    public void send(Command command, String... headerNamesAndValues) {
        send(Frame.of(command, Headers.of(headerNamesAndValues)));
    }

    /** Sends bytes as they are, to test what the broker does with malformed input. */
    public void sendRaw(byte[] bytes) {
        if (closed) {
            return;
        }
        executor.execute(() -> {
            if (reading) {
                session.receive(ByteBuffer.wrap(bytes));
            } else {
                unread.add(bytes);
            }
        });
    }

    /** Sends a text as its UTF-8 bytes, for malformed frames that are easier written than built. */
    public void sendRaw(String text) {
        sendRaw(text.getBytes(StandardCharsets.UTF_8));
    }

    private void sendRaw(EncodedFrame frame) {
        ByteBuffer buffer = ByteBuffer.allocate(frame.length());
        frame.writeTo(buffer);
        sendRaw(buffer.array());
    }

    /** The next frame the broker sent, or {@code null} if none has arrived. */
    public Frame nextFrame() {
        return received.poll();
    }

    /** The next frame the broker sent, waiting up to {@code timeout}; fails if none arrives. */
    public Frame awaitFrame(Duration timeout) {
        try {
            Frame frame = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError("no frame arrived within " + timeout);
            }
            if (onCallingThread) {
                // The frame may come from another thread (an authentication worker) that is still
                // running this session; the test's next call must find the session idle.
                executor.awaitIdle();
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every frame received and not yet read. */
    public List<Frame> frames() {
        List<Frame> frames = new ArrayList<>();
        received.drainTo(frames);
        return frames;
    }

    /** How many heart-beat EOLs the broker sent. */
    public int heartbeatsReceived() {
        return heartbeats.get();
    }

    /** Whether the connection is closed, by either side. */
    public boolean isClosed() {
        return closed;
    }

    /** Simulates a client that stops or resumes reading: the broker sees the connection's writability change. */
    public void setWritable(boolean writable) {
        this.writable = writable;
        executor.execute(session::writabilityChanged);
    }

    /** Closes the connection from the client's side, as a dropped socket would. */
    public void disconnectAbruptly() {
        closeTransport();
    }

    /** The broker's session as applications see it (its id, principal and version), for tests. */
    public SessionInfo session() {
        // The broker's own sessions are both: what the transport feeds, and what applications see.
        return (SessionInfo) session;
    }

    // ---- the broker's side: Connection

    @Override
    public void write(EncodedFrame frame) {
        ByteBuffer buffer = ByteBuffer.allocate(frame.length());
        frame.writeTo(buffer);
        synchronized (unflushed) {
            unflushed.write(buffer.array(), 0, buffer.position());
        }
    }

    @Override
    public void flush() {
        byte[] bytes;
        synchronized (unflushed) {
            bytes = unflushed.toByteArray();
            unflushed.reset();
        }
        if (bytes.length == 0 || closed) {
            return;
        }
        try {
            clientDecoder.decode(ByteBuffer.wrap(bytes), new FrameSink() {
                @Override
                public void onFrame(Frame frame) {
                    if (frame.command() == Command.CONNECTED) {
                        StompVersion negotiated = StompVersion.fromWire(frame.header("version"));
                        clientVersion = negotiated == null ? StompVersion.V1_0 : negotiated;
                        clientDecoder.setVersion(clientVersion);
                    }
                    received.add(frame);
                }

                @Override
                public void onHeartbeat() {
                    heartbeats.incrementAndGet();
                }
            });
        } catch (StompProtocolException e) {
            throw new IllegalStateException("the broker wrote a malformed frame: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        flush();
        closeTransport();
    }

    private void closeTransport() {
        if (closed) {
            return;
        }
        closed = true;
        executor.execute(session::connectionClosed);
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public void setReading(boolean reading) {
        this.reading = reading;
        while (this.reading && !unread.isEmpty()) {
            session.receive(ByteBuffer.wrap(unread.poll()));
        }
    }

    /** Whether the broker is reading what this client sends; it stops to slow a producer down. */
    public boolean isBeingRead() {
        return reading;
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        return clock.schedule(task, unit.toMillis(delay), executor);
    }

    @Override
    public ConnectionInfo info() {
        return info;
    }
}
