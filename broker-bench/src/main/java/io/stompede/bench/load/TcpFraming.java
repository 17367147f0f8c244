package io.stompede.bench.load;

import java.nio.ByteBuffer;

/** STOMP straight on the socket. */
final class TcpFraming implements Framing {
    static final TcpFraming INSTANCE = new TcpFraming();

    @Override
    public void start(ByteBuffer out) {
    }

    @Override
    public boolean unwrap(ByteBuffer raw, ByteBufferSink stomp) {
        throw new UnsupportedOperationException("TCP is parsed in place");
    }

    @Override
    public void wrap(ByteBuffer frame, ByteBufferSink out) {
        throw new UnsupportedOperationException("TCP is written in place");
    }

    @Override
    public boolean isIdentity() {
        return true;
    }
}
