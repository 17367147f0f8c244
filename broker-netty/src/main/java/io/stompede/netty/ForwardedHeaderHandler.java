package io.stompede.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a WebSocket connection from a trusted proxy, reads the client's address from the upgrade
 * request's {@code Forwarded} or {@code X-Forwarded-For} header (whichever the server is set to
 * read, see {@link ForwardedHeaders} for which hop is taken), makes it the connection's
 * {@link ClientAddress} and counts the connection against that address's limit, refusing it with
 * 503 past the limit. A request without a usable address keeps the proxy's. The handler is only
 * installed for trusted proxies: from anyone else the headers are never read.
 *
 * <p>Every request is read, not only the first: a request that does not upgrade (Netty answers an
 * unknown WebSocket version with 426 and keeps the connection) leaves the connection to a proxy
 * that reuses it for another client, whose request then names that client. The handler removes
 * itself with the first message that is not HTTP, once the upgrade has ended HTTP on the connection.
 *
 * <p>Threading: one instance per channel, confined to its event loop.
 */
final class ForwardedHeaderHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ForwardedHeaderHandler.class);

    private final ForwardedHeader header;
    private final TrustedProxies trusted;
    private final ConnectionLimits limits;
    /** Set once the request was refused: whatever the client pipelined after it is dropped. */
    private boolean refused;
    /** The address the connection is counted against, once a request named it; released on close. */
    private InetSocketAddress counted;
    private boolean releasesOnClose;

    ForwardedHeaderHandler(ForwardedHeader header, TrustedProxies trusted, ConnectionLimits limits) {
        this.header = header;
        this.trusted = trusted;
        this.limits = limits;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof HttpObject)) {
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(msg);
            return;
        }
        if (!(msg instanceof HttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        InetSocketAddress proxy = (InetSocketAddress) ctx.channel().remoteAddress();
        List<String> lines = request.headers().getAll(header.headerName());
        List<ForwardedHeaders.Hop> hops = header == ForwardedHeader.FORWARDED
                ? ForwardedHeaders.parseForwarded(lines)
                : ForwardedHeaders.parseXForwardedFor(lines);
        InetSocketAddress client = ForwardedHeaders.clientAddress(hops, trusted).orElse(proxy);
        if (client == proxy && !lines.isEmpty()) {
            log.debug("{}: {} {} names no usable client address; keeping the proxy's", ctx.channel(),
                    header.headerName(), lines);
        }
        if (!releasesOnClose) {
            ctx.channel().closeFuture().addListener(closed -> release());
            releasesOnClose = true;
        }
        // A request before this one on the same connection may have named another client.
        release();
        if (!limits.tryAcquireAddress(client)) {
            log.debug("refusing {} (through {}): connection limit for its address reached", client, proxy);
            refused = true;
            ReferenceCountUtil.release(msg);
            HttpRefusal.refuse(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE);
            return;
        }
        counted = client;
        ClientAddress.set(ctx.channel(), client);
        ctx.fireChannelRead(msg);
    }

    /** Gives back the count of the address the connection stood for; runs on the event loop. */
    private void release() {
        if (counted != null) {
            limits.releaseAddress(counted);
            counted = null;
        }
    }
}
