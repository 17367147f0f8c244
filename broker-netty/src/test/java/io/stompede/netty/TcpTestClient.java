package io.stompede.netty;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** STOMP over a plain or TLS socket. Confined to the test thread. */
final class TcpTestClient implements TestClient {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final FrameReader reader;

    private TcpTestClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream());
        this.reader = new FrameReader(in);
    }

    static TcpTestClient open(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) READ_TIMEOUT.toMillis());
        return new TcpTestClient(socket);
    }

    /**
     * A client whose socket is bound to {@code localHost}, say 127.0.0.2: any address of
     * 127.0.0.0/8 is loopback on Linux, so a test can tell a client's address from its proxy's.
     */
    static TcpTestClient openFrom(String localHost, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(localHost, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) READ_TIMEOUT.toMillis());
        return new TcpTestClient(socket);
    }

    /** A client over a socket the test has already connected (and perhaps written to). */
    static TcpTestClient over(Socket socket) throws IOException {
        return new TcpTestClient(socket);
    }

    /** The address and port the client's socket is bound to. */
    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    static TcpTestClient openTls(int port, SSLContext tls) throws IOException {
        Socket socket = tls.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) READ_TIMEOUT.toMillis());
        return new TcpTestClient(socket);
    }

    /** A client whose receive buffer stays small, so that a server writing to it fills up soon. */
    static TcpTestClient openWithSmallReceiveBuffer(int port) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) READ_TIMEOUT.toMillis());
        return new TcpTestClient(socket);
    }

    /** Waits up to {@code timeout} for each read from now on, for a peer that may be held back for long. */
    void setReadTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    @Override
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
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

    /**
     * Closes with a reset instead of a FIN: a FIN would wait behind bytes the server does not
     * read, as a client's close does while the server holds it back.
     */
    void closeAbruptly() {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // closed already
        }
        close();
    }

    @Override
    public void close() {
        RawSockets.close(socket);
    }
}
