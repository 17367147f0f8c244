package io.stompede.netty;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.Set;

/**
 * Refuses (403) a WebSocket upgrade whose {@code Origin} header is not on the allow-list. A
 * browser always sends {@code Origin}, so this stops pages from other sites from opening STOMP
 * sessions with their visitors' cookies; clients that are not browsers send none and pass.
 *
 * <p>Threading: immutable, shared by all channels of a listener.
 */
@Sharable
final class OriginCheckHandler extends ChannelInboundHandlerAdapter {
    private final Set<String> allowedOrigins;

    OriginCheckHandler(Set<String> allowedOrigins) {
        this.allowedOrigins = Set.copyOf(allowedOrigins);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            String origin = request.headers().get(HttpHeaderNames.ORIGIN);
            if (origin != null && !allowedOrigins.contains(origin)) {
                ReferenceCountUtil.release(msg);
                HttpRefusal.refuse(ctx, HttpResponseStatus.FORBIDDEN);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
