package io.stompede.examples.browser;

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
import java.util.ArrayList;
import java.util.List;

/**
 * A blocking STOMP 1.2 client over a socket, on the broker's own codec: the traffic of the
 * browser tests. What arrives is only counted, never kept, so that a subscriber may run for
 * as long as a test does. Confined to one thread at a time.
 */
final class StompSocket implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final FrameDecoder decoder = new FrameDecoder(FrameLimits.DEFAULTS);
    private final byte[] buffer = new byte[16384];
    private final List<Frame> arrived = new ArrayList<>();
    private int receipts;
    private long messages;

    private StompSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(20_000);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** A client connected (CONNECTED received) to the broker's TCP listener on {@code port}. */
    static StompSocket connect(int port) throws IOException {
        StompSocket client = new StompSocket(new Socket(InetAddress.getLoopbackAddress(), port));
        client.send(Frame.of(Command.CONNECT, Headers.of("accept-version", "1.2", "host", "localhost")));
        while (client.arrived.isEmpty()) {
            client.readFromSocket();
        }
        Frame connected = client.arrived.remove(0);
        if (connected.command() != Command.CONNECTED) {
            throw new IOException("not connected: " + connected);
        }
        client.decoder.setVersion(StompVersion.V1_2);
        return client;
    }

    /** Subscribes with {@code ack} mode ({@code auto}, {@code client}, ...), once the broker confirms it. */
    void subscribe(String destination, String id, String ack) throws IOException {
        sendAndAwaitReceipt(Frame.of(Command.SUBSCRIBE, Headers.of("destination", destination, "id", id, "ack", ack)));
    }

    /** Sends {@code count} text messages to {@code destination}, and waits until the broker has taken them all. */
    void sendMessages(String destination, int count, String text) throws IOException {
        for (int i = 1; i < count; i++) {
            send(Frame.of(Command.SEND, Headers.of("destination", destination, "content-type", "text/plain"), text));
        }
        if (count > 0) {
            sendAndAwaitReceipt(Frame.of(Command.SEND,
                    Headers.of("destination", destination, "content-type", "text/plain"), text));
        }
    }

    /** Sends a frame with a receipt header and reads until its RECEIPT; an ERROR instead fails. */
    void sendAndAwaitReceipt(Frame frame) throws IOException {
        String receipt = "receipt-" + ++receipts;
        send(frame.withHeaders(frame.headers().with("receipt", receipt)));
        while (true) {
            for (Frame next : arrived) {
                if (next.command() == Command.ERROR) {
                    throw new IOException("ERROR from the broker: " + next.header("message"));
                }
                if (next.command() == Command.RECEIPT && receipt.equals(next.header("receipt-id"))) {
                    arrived.clear();
                    return;
                }
            }
            arrived.clear();
            readFromSocket();
        }
    }

    /** Reads (and counts) what has already arrived, without waiting for more. */
    void drain() throws IOException {
        while (in.available() > 0) {
            readFromSocket();
        }
        arrived.clear();
    }

    /** How many MESSAGE frames arrived so far. */
    long messages() {
        return messages;
    }

    private void send(Frame frame) throws IOException {
        EncodedFrame encoded = FrameEncoder.encode(frame, StompVersion.V1_2);
        ByteBuffer bytes = ByteBuffer.allocate(encoded.length());
        encoded.writeTo(bytes);
        out.write(bytes.array());
        out.flush();
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
                    if (frame.command() == Command.MESSAGE) {
                        messages++;
                    } else {
                        arrived.add(frame);
                    }
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
