package io.stompede.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
 * <p>Threading: one instance per channel, confined to its event loop; it removes itself after the
 * first request, since the upgrade ends HTTP on the connection.
 */
final class ForwardedHeaderHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ForwardedHeaderHandler.class);

    private final ForwardedHeader header;
    private final TrustedProxies trusted;
    private final ConnectionLimits limits;
    /** Set once the request was refused: whatever the client pipelined after it is dropped. */
    private boolean refused;

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
        if (!limits.tryAcquireAddress(client)) {
            log.debug("refusing {} (through {}): connection limit for its address reached", client, proxy);
            refused = true;
            ReferenceCountUtil.release(msg);
            HttpRefusal.refuse(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE);
            return;
        }
        ctx.channel().closeFuture().addListener(closed -> limits.releaseAddress(client));
        ClientAddress.set(ctx.channel(), client);
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(msg);
    }
}
