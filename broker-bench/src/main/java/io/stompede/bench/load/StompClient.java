package io.stompede.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One STOMP connection driven by a {@link NioLoop}: it connects, sends CONNECT, parses what
 * arrives into {@link InboundFrame}s for its {@link Listener}, and queues outgoing frames that the
 * loop writes once per round.
 *
 * <p>Threading: confined to its loop's thread, except the volatile state flags, which scenarios
 * read from their own thread.
 */
final class StompClient implements FrameParser.Sink {
    /** What a scenario does with a client's frames; called on the loop's thread. */
    interface Listener {
        default void onConnected(StompClient client) {
        }

        void onMessage(StompClient client, InboundFrame frame);
    }

    private final NioLoop loop;
    private final Target target;
    private final int port;
    private final Framing framing;
    private final Listener listener;
    private final FrameParser parser = new FrameParser();
    private final Framing.ByteBufferSink outSink = this::ensureOut;
    private final Framing.ByteBufferSink stompSink = this::ensureStomp;
    private SocketChannel channel;
    private SelectionKey key;
    private ByteBuffer in;
    private ByteBuffer stomp;
    private ByteBuffer out;
    private ByteBuffer staging;
    private boolean connectSent;
    private boolean dirty;

    volatile boolean connected;
    volatile boolean closed;
    volatile int receipts;
    volatile String error;

    /** A client of the broker at {@code port} on the target's host. */
    StompClient(NioLoop loop, Target target, int port, Listener listener) {
        this.loop = loop;
        this.target = target;
        this.port = port;
        this.listener = listener;
        this.framing = target.framing(port);
        int size = target.bufferBytes;
        this.in = ByteBuffer.allocate(size);
        this.out = ByteBuffer.allocate(Math.min(size, 4096));
    }

    NioLoop loop() {
        return loop;
    }

    /** Starts connecting; call on the loop's thread. */
    void open() {
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            key = channel.register(loop.selector(), SelectionKey.OP_CONNECT, this);
            if (channel.connect(new InetSocketAddress(target.host, port))) {
                connected();
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    void handle(SelectionKey selected) {
        try {
            if (!selected.isValid()) {
                return;
            }
            if (selected.isConnectable() && channel.finishConnect()) {
                connected();
            }
            if (selected.isValid() && selected.isReadable()) {
                read();
            }
            if (selected.isValid() && selected.isWritable()) {
                flush();
            }
        } catch (IOException | UncheckedIOException e) {
            fail(e);
        }
    }

    private void connected() {
        key.interestOps(SelectionKey.OP_READ);
        framing.start(ensureOut(1024));
        if (framing.isIdentity()) {
            sendConnect();
        }
        markDirty();
    }

    private void sendConnect() {
        connectSent = true;
        StringBuilder frame = new StringBuilder("CONNECT\naccept-version:1.0,1.1,1.2\nheart-beat:0,0\n");
        frame.append("host:").append(target.vhost).append('\n');
        if (target.login != null) {
            frame.append("login:").append(target.login).append("\npasscode:").append(target.passcode).append('\n');
        }
        sendText(frame.append('\n').toString());
    }

    /** Sends a frame given as text without its NUL. */
    void sendText(String frame) {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        ByteBuffer target = beginFrame(bytes.length + 1);
        target.put(bytes).put((byte) 0);
        endFrame();
    }

    /** Subscribes, asking for a RECEIPT unless the target answers none ({@code --subscribed-after}). */
    void subscribe(String destination, String id, String receipt) {
        String receiptHeader = target.subscribedAfterMillis == null ? "receipt:" + receipt + "\n" : "";
        sendText("SUBSCRIBE\ndestination:" + destination + "\nid:" + id + "\nack:auto\n" + receiptHeader + "\n");
    }

    /** Sends a message whose frame up to the body is {@code prefix} (see {@link Target#sendPrefix}). */
    void send(byte[] prefix, int origin, long sequence, long nanos, int size) {
        ByteBuffer target = beginFrame(prefix.length + size + 1);
        target.put(prefix);
        Payload.write(target, origin, sequence, nanos, size);
        target.put((byte) 0);
        endFrame();
    }

    private ByteBuffer beginFrame(int length) {
        if (framing.isIdentity()) {
            return ensureOut(length);
        }
        if (staging == null || staging.capacity() < length) {
            staging = ByteBuffer.allocate(Math.max(length, 1024));
        }
        staging.clear();
        return staging;
    }

    private void endFrame() {
        if (!framing.isIdentity()) {
            staging.flip();
            framing.wrap(staging, outSink);
        }
        markDirty();
    }

    private void markDirty() {
        if (!dirty) {
            dirty = true;
            loop.markDirty(this);
        }
    }

    private ByteBuffer ensureOut(int bytes) {
        out = ensure(out, bytes);
        return out;
    }

    private ByteBuffer ensureStomp(int bytes) {
        if (stomp == null) {
            stomp = ByteBuffer.allocate(Math.max(in.capacity(), bytes));
        }
        stomp = ensure(stomp, bytes);
        return stomp;
    }

    private static ByteBuffer ensure(ByteBuffer buffer, int bytes) {
        if (buffer.remaining() >= bytes) {
            return buffer;
        }
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
        buffer.flip();
        return bigger.put(buffer);
    }

    /** Writes what is queued; waits for writability when the socket is full. Loop thread. */
    void flush() {
        dirty = false;
        if (closed || channel == null || !channel.isConnected()) {
            return;
        }
        try {
            out.flip();
            channel.write(out);
            boolean more = out.hasRemaining();
            out.compact();
            key.interestOps(more ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        } catch (IOException e) {
            fail(e);
        }
    }

    private void read() throws IOException {
        int n = channel.read(in);
        if (n < 0) {
            fail(new IOException("closed by the broker"));
            return;
        }
        in.flip();
        if (framing.isIdentity()) {
            in.position(parser.parse(in.array(), in.position(), in.limit(), this));
        } else {
            boolean ready = framing.unwrap(in, stompSink);
            if (ready && !connectSent) {
                sendConnect();
            }
            if (stomp != null) {
                stomp.flip();
                stomp.position(parser.parse(stomp.array(), stomp.position(), stomp.limit(), this));
                stomp = compact(stomp);
            }
        }
        in = compact(in);
    }

    /** Compacts, doubling a buffer that one incomplete frame fills. */
    private static ByteBuffer compact(ByteBuffer buffer) {
        buffer.compact();
        if (buffer.hasRemaining()) {
            return buffer;
        }
        ByteBuffer bigger = ByteBuffer.allocate(buffer.capacity() * 2);
        buffer.flip();
        return bigger.put(buffer);
    }

    @Override
    public void onFrame(InboundFrame frame) {
        switch (frame.kind) {
            case MESSAGE -> listener.onMessage(this, frame);
            case RECEIPT -> receipts++;
            case CONNECTED -> {
                connected = true;
                listener.onConnected(this);
            }
            case ERROR -> {
                String message = frame.header("message");
                fail(new IOException("ERROR " + (message == null ? frame.body() : message)));
            }
            default -> { }
        }
    }

    private void fail(Exception e) {
        if (!closed && error == null) {
            error = e.getMessage();
        }
        close();
    }

    /** Closes the socket. Loop thread. */
    void close() {
        closed = true;
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing is all that is left to do with this connection.
            }
        }
    }
}
