package io.stompede.test;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** A STOMP client that writes frames as text and reads them back whole: the client under test. */
final class RawClient implements AutoCloseable {
    private final Socket socket;

    private RawClient(Socket socket) {
        this.socket = socket;
    }

    static RawClient connect(URI tcp) throws IOException {
        Socket socket = new Socket(tcp.getHost(), tcp.getPort());
        socket.setSoTimeout(10_000);
        return new RawClient(socket);
    }

    /** Writes {@code text} as it is: a frame must end in NUL. */
    RawClient write(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        return this;
    }

    /** The next frame, without its NUL, heart-beats skipped. */
    String read() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        for (int b = in.read(); b != 0; b = in.read()) {
            if (b < 0) {
                throw new EOFException("closed after " + frame.size() + " bytes");
            }
            if (frame.size() > 0 || b != '\n') {
                frame.write(b);
            }
        }
        return frame.toString(StandardCharsets.UTF_8);
    }

    /** The value of {@code name} in a frame {@link #read} returned. */
    static String header(String frame, String name) {
        for (String line : frame.split("\n")) {
            if (line.isEmpty()) {
                break;
            }
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
