package io.stompede.netty.admin;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A bare STOMP 1.2 client over a TCP socket, frames as text. Confined to the test thread. */
final class StompSocket implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;

    private StompSocket(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(TIMEOUT_MILLIS);
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /** Connects to 127.0.0.1:{@code port} and sends CONNECT with {@code headers} ("name:value" lines); expects CONNECTED. */
    static StompSocket connect(int port, String... headers) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        StompSocket client = new StompSocket(socket);
        client.send("CONNECT", "", concat("accept-version:1.2", "host:localhost", headers));
        String connected = client.read();
        if (!connected.startsWith("CONNECTED\n")) {
            throw new IOException("not CONNECTED: " + connected);
        }
        return client;
    }

    private static String[] concat(String first, String second, String... rest) {
        String[] all = new String[rest.length + 2];
        all[0] = first;
        all[1] = second;
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }

    void send(String command, String body, String... headers) throws IOException {
        StringBuilder frame = new StringBuilder(command).append('\n');
        for (String header : headers) {
            frame.append(header).append('\n');
        }
        frame.append('\n').append(body).append('\0');
        socket.getOutputStream().write(frame.toString().getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** Sends and waits for the RECEIPT. */
    void sendWithReceipt(String command, String body, String... headers) throws IOException {
        String id = "r" + System.nanoTime();
        String[] all = new String[headers.length + 1];
        System.arraycopy(headers, 0, all, 0, headers.length);
        all[headers.length] = "receipt:" + id;
        send(command, body, all);
        String receipt = read();
        if (!receipt.startsWith("RECEIPT\n") || !receipt.contains("receipt-id:" + id)) {
            throw new IOException("not the RECEIPT " + id + ": " + receipt);
        }
    }

    /** The next frame, without its NUL and heart-beats before it; a header is looked up with {@link #header}. */
    String read() throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != 0) {
            if (b < 0) {
                throw new EOFException("connection closed after " + frame.size() + " bytes of a frame");
            }
            if (frame.size() > 0 || (b != '\n' && b != '\r')) {
                frame.write(b);
            }
        }
        return frame.toString(StandardCharsets.UTF_8);
    }

    static String header(String frame, String name) {
        return frame.lines().takeWhile(line -> !line.isEmpty()).filter(line -> line.startsWith(name + ":"))
                .map(line -> line.substring(name.length() + 1)).findFirst().orElse(null);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
