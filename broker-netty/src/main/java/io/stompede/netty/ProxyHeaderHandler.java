package io.stompede.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the PROXY header that Netty's decoder read from a trusted proxy, makes the client it names
 * the connection's {@link ClientAddress}, counts the connection against that address's limit
 * (which could not be done when the socket was accepted, since only the proxy's address was known)
 * and lets the session open. A {@code LOCAL} header (the proxy's own health check) or one for an
 * unknown or non-IP protocol keeps the proxy's own address, as the protocol specifies.
 *
 * <p>A header that is malformed closes the connection (the decoder has already closed it); one that
 * does not arrive within {@code timeout} does too, so a truncated header cannot hold a connection
 * open without a session, whose own CONNECT timeout has not started yet.
 *
 * <p>Threading: one instance per channel, confined to its event loop.
 */
final class ProxyHeaderHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ProxyHeaderHandler.class);
    private static final ThrottledLog failures = new ThrottledLog(log, Duration.ofMinutes(1));

    private final ConnectionLimits limits;
    private final long timeoutMillis;
    private ScheduledFuture<?> timeout;

    ProxyHeaderHandler(ConnectionLimits limits, long timeoutMillis) {
        this.limits = limits;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> {
            failures.warn("closing a connection from trusted proxy {}: no complete PROXY header within {} ms",
                    ctx.channel().remoteAddress(), timeoutMillis);
            ctx.close();
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimeout();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimeout();
        ctx.fireChannelInactive();
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header)) {
            ctx.fireChannelRead(msg);
            return;
        }
        InetSocketAddress client;
        try {
            client = clientOf(header, ctx.channel().remoteAddress());
        } finally {
            header.release();
        }
        cancelTimeout();
        if (!limits.tryAcquireAddress(client)) {
            log.debug("refusing {} (through {}): connection limit for its address reached", client,
                    ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        ctx.channel().closeFuture().addListener(closed -> limits.releaseAddress(client));
        ClientAddress.set(ctx.channel(), client);
        log.debug("{} speaks for client {}", ctx.channel(), client);
        ctx.fireUserEventTriggered(ClientAddress.Resolved.EVENT);
        ctx.pipeline().remove(this);
    }

    /** The source the header names, or the proxy itself where it names none. */
    static InetSocketAddress clientOf(HAProxyMessage header, SocketAddress proxy) {
        if (header.command() == HAProxyCommand.PROXY) {
            switch (header.proxiedProtocol().addressFamily()) {
                case AF_IPv4, AF_IPv6 -> {
                    // The decoder has checked it is an IP literal: this parses, never resolves.
                    InetAddress source = NetUtil.createInetAddressFromIpAddressString(header.sourceAddress());
                    if (source != null) {
                        return new InetSocketAddress(source, header.sourcePort());
                    }
                }
                default -> {
                    // UNKNOWN (v1) or UNSPEC / UNIX (v2): the proxy does not say, its own address stays.
                }
            }
        }
        return (InetSocketAddress) proxy;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable problem = cause instanceof DecoderException && !(cause instanceof HAProxyProtocolException)
                && cause.getCause() != null ? cause.getCause() : cause;
        if (problem instanceof HAProxyProtocolException) {
            failures.warn("closing a connection from trusted proxy {}: bad PROXY header: {}",
                    ctx.channel().remoteAddress(), problem.getMessage());
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
