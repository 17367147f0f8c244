package io.stompede.examples;

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
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A blocking STOMP 1.2 client over a socket, built on the broker's own codec: the chat's tests and
 * the status page's traffic. Frames are kept until read; a client that only makes traffic
 * {@link #drain}s what it is sent. Confined to one thread at a time.
 */
public final class SocketClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final FrameDecoder decoder = new FrameDecoder(FrameLimits.DEFAULTS);
    private final ArrayDeque<Frame> unread = new ArrayDeque<>();
    private final byte[] buffer = new byte[8192];
    private int receipts;

    private SocketClient(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(10_000);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects with no login, and fails unless the broker answers CONNECTED. */
    public static SocketClient connect(int port) throws IOException {
        return connected(new SocketClient(new Socket(InetAddress.getLoopbackAddress(), port))
                .sent(Frame.of(Command.CONNECT, Headers.of("accept-version", "1.2", "host", "localhost"))));
    }

    /** Connects as {@code login}, and fails unless the broker answers CONNECTED. */
    public static SocketClient connect(int port, String login, String passcode) throws IOException {
        return connected(open(port, login, passcode));
    }

    private static SocketClient connected(SocketClient client) throws IOException {
        Frame connected = client.read();
        if (connected.command() != Command.CONNECTED) {
            client.close();
            throw new IOException("not connected: " + connected);
        }
        client.decoder.setVersion(StompVersion.V1_2);
        return client;
    }

    /** Sends CONNECT as {@code login} and leaves the answer unread. */
    public static SocketClient open(int port, String login, String passcode) throws IOException {
        return new SocketClient(new Socket(InetAddress.getLoopbackAddress(), port))
                .sent(Frame.of(Command.CONNECT, Headers.of("accept-version", "1.2", "host", "localhost",
                        "login", login, "passcode", passcode)));
    }

    private SocketClient sent(Frame frame) throws IOException {
        send(frame);
        return this;
    }

    /** Subscribes with {@code x-history:N}, to get the last N messages of the topic first. */
    public void subscribe(String destination, String id, int history) throws IOException {
        sendAndAwaitReceipt(Frame.of(Command.SUBSCRIBE, Headers.of("destination", destination, "id", id,
                "x-history", Integer.toString(history))));
    }

    /** The next MESSAGE, skipping nothing: fails if the next frame is another command. */
    public Frame readMessage() throws IOException {
        Frame frame = read();
        if (frame.command() != Command.MESSAGE) {
            throw new IOException("expected a MESSAGE, got " + frame);
        }
        return frame;
    }

    public void subscribe(String destination, String id) throws IOException {
        sendAndAwaitReceipt(Frame.of(Command.SUBSCRIBE, Headers.of("destination", destination, "id", id)));
    }

    /** Subscribes with {@code ack} mode ({@code auto}, {@code client}, ...), once the broker confirms it. */
    public void subscribe(String destination, String id, String ack) throws IOException {
        sendAndAwaitReceipt(Frame.of(Command.SUBSCRIBE, Headers.of("destination", destination, "id", id, "ack", ack)));
    }

    /** Sends {@code count} text messages to {@code destination}, the last with a receipt it waits for. */
    public void sendMessages(String destination, int count, String text) throws IOException {
        Headers headers = Headers.of("destination", destination, "content-type", "text/plain");
        for (int i = 1; i < count; i++) {
            send(Frame.of(Command.SEND, headers, text));
        }
        if (count > 0) {
            sendAndAwaitReceipt(Frame.of(Command.SEND, headers, text));
        }
    }

    /** Reads what has already arrived without waiting for more, and drops every unread frame. */
    public void drain() throws IOException {
        while (in.available() > 0) {
            readFromSocket();
        }
        unread.clear();
    }

    /** Sends a frame with a receipt header and reads until its RECEIPT, keeping other frames unread. */
    public void sendAndAwaitReceipt(Frame frame) throws IOException {
        String receipt = "receipt-" + ++receipts;
        send(frame.withHeaders(frame.headers().with("receipt", receipt)));
        while (true) {
            for (Frame next : unread) {
                if (next.command() == Command.RECEIPT && receipt.equals(next.header("receipt-id"))) {
                    unread.remove(next);
                    return;
                }
            }
            readFromSocket();
        }
    }

    public void send(Frame frame) throws IOException {
        EncodedFrame encoded = FrameEncoder.encode(frame, StompVersion.V1_2);
        ByteBuffer bytes = ByteBuffer.allocate(encoded.length());
        encoded.writeTo(bytes);
        out.write(bytes.array());
        out.flush();
    }

    /** The next frame, waiting for it if none is unread. */
    public Frame read() throws IOException {
        while (unread.isEmpty()) {
            readFromSocket();
        }
        return unread.poll();
    }

    public boolean hasUnread() {
        return !unread.isEmpty();
    }

    private void readFromSocket() throws IOException {
        int n = in.read(buffer);
        if (n < 0) {
            throw new IOException("connection closed");
        }
        try {
            decoder.decode(ByteBuffer.wrap(buffer, 0, n), new FrameSink() {
                @Override
                public void onFrame(Frame frame) {
                    unread.add(frame);
                }
            });
        } catch (StompProtocolException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
