package io.stompede.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of a TCP listener that speaks the PROXY protocol: it looks at the first bytes
 * of a connection and decides whether they are a PROXY header (v1 {@code "PROXY "} or the v2
 * signature), then either steps aside, passing every byte on, or closes the connection.
 * <ul>
 *   <li>From a trusted proxy a PROXY header is required: the decoder behind this gate reads it.
 *       Anything else is closed at once, so a proxy that forgot {@code send-proxy} shows up as
 *       refused connections in the log rather than as every client sharing the proxy's address.
 *   <li>From anyone else a PROXY header is refused (closed), since it would let a client choose its
 *       own address; a plain STOMP client is served as usual, under its socket address.
 * </ul>
 * No STOMP frame starts like a PROXY header (no command starts with {@code P}, and the v2
 * signature has a NUL where a command would be), so the decision is never ambiguous, and it takes
 * at most 12 bytes: the gate never holds more.
 *
 * <p>Threading: one instance per channel, confined to its event loop.
 */
final class ProxyProtocolGate extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(ProxyProtocolGate.class);
    /** Refusals are decided by strangers: one warning a minute, the rest at debug. */
    private static final ThrottledLog refusals = new ThrottledLog(log, Duration.ofMinutes(1));

    private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2_SIGNATURE = {
        0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
    };

    enum Verdict { UNDECIDED, PROXY_HEADER, OTHER }

    private final boolean fromTrustedProxy;

    /** @param fromTrustedProxy whether the peer is a trusted proxy, which must send a header */
    ProxyProtocolGate(boolean fromTrustedProxy) {
        this.fromTrustedProxy = fromTrustedProxy;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        Verdict verdict = inspect(in);
        if (verdict == Verdict.UNDECIDED) {
            return;
        }
        if ((verdict == Verdict.PROXY_HEADER) == fromTrustedProxy) {
            // Stepping aside hands what has accumulated to the next handler.
            ctx.pipeline().remove(this);
            return;
        }
        in.skipBytes(in.readableBytes());
        if (fromTrustedProxy) {
            refusals.warn("closing a connection from trusted proxy {}: it did not start with a PROXY header "
                    + "(is the proxy set to send one, e.g. HAProxy's send-proxy?)", ctx.channel().remoteAddress());
        } else {
            refusals.warn("refusing a PROXY header from {}: not a trusted proxy (see trustedProxies)",
                    ctx.channel().remoteAddress());
        }
        ctx.close();
    }

    /** Whether the bytes so far are a PROXY header, cannot be one, or are too few to tell. */
    static Verdict inspect(ByteBuf in) {
        boolean v1 = startsWithPartOf(V1_PREFIX, in);
        boolean v2 = startsWithPartOf(V2_SIGNATURE, in);
        if (!v1 && !v2) {
            return Verdict.OTHER;
        }
        int readable = in.readableBytes();
        if ((v1 && readable >= V1_PREFIX.length) || (v2 && readable >= V2_SIGNATURE.length)) {
            return Verdict.PROXY_HEADER;
        }
        return Verdict.UNDECIDED;
    }

    /** Whether the readable bytes, as far as they go, match the start of {@code prefix}. */
    private static boolean startsWithPartOf(byte[] prefix, ByteBuf in) {
        int n = Math.min(prefix.length, in.readableBytes());
        int start = in.readerIndex();
        for (int i = 0; i < n; i++) {
            if (in.getByte(start + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
