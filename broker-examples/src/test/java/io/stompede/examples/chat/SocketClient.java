package io.stompede.examples.chat;

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

/** A blocking STOMP 1.2 client over a socket, built on the broker's own codec; for tests. */
final class SocketClient implements AutoCloseable {
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

    /** Connects as {@code login}, and fails unless the broker answers CONNECTED. */
    static SocketClient connect(int port, String login, String passcode) throws IOException {
        SocketClient client = open(port, login, passcode);
        Frame connected = client.read();
        if (connected.command() != Command.CONNECTED) {
            client.close();
            throw new IOException("not connected: " + connected);
        }
        client.decoder.setVersion(StompVersion.V1_2);
        return client;
    }

    /** Sends CONNECT as {@code login} and leaves the answer unread. */
    static SocketClient open(int port, String login, String passcode) throws IOException {
        SocketClient client = new SocketClient(new Socket(InetAddress.getLoopbackAddress(), port));
        client.send(Frame.of(Command.CONNECT, Headers.of("accept-version", "1.2", "host", "localhost",
                "login", login, "passcode", passcode)));
        return client;
    }

    /** Subscribes with {@code x-history:N}, to get the last N messages of the topic first. */
    void subscribe(String destination, String id, int history) throws IOException {
        sendAndAwaitReceipt(Frame.of(Command.SUBSCRIBE, Headers.of("destination", destination, "id", id,
                "x-history", Integer.toString(history))));
    }

    /** The next MESSAGE, skipping nothing: fails if the next frame is another command. */
    Frame readMessage() throws IOException {
        Frame frame = read();
        if (frame.command() != Command.MESSAGE) {
            throw new IOException("expected a MESSAGE, got " + frame);
        }
        return frame;
    }

    void subscribe(String destination, String id) throws IOException {
        sendAndAwaitReceipt(Frame.of(Command.SUBSCRIBE, Headers.of("destination", destination, "id", id)));
    }

    /** Sends a frame with a receipt header and reads until its RECEIPT, keeping other frames unread. */
    void sendAndAwaitReceipt(Frame frame) throws IOException {
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

    void send(Frame frame) throws IOException {
        EncodedFrame encoded = FrameEncoder.encode(frame, StompVersion.V1_2);
        ByteBuffer bytes = ByteBuffer.allocate(encoded.length());
        encoded.writeTo(bytes);
        out.write(bytes.array());
        out.flush();
    }

    /** The next frame, waiting for it if none is unread. */
    Frame read() throws IOException {
        while (unread.isEmpty()) {
            readFromSocket();
        }
        return unread.poll();
    }

    boolean hasUnread() {
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
