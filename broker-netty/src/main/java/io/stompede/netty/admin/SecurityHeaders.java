package io.stompede.netty.admin;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Adds the browser's safeguards to every response of the admin endpoint, whoever wrote it (the
 * API, the status page's files, the 404, the codec's own refusals): no framing by another page
 * (clickjacking on Purge and Close), scripts, styles and fetches from its own origin only, no
 * guessing of content types and no {@code Referer} sent on. {@code Cache-Control} stays with the
 * writer: {@link AdminHandler} says {@code no-store} for the API and {@code /metrics}, the files
 * say {@code no-cache}.
 *
 * <p>Stateless; shared by all channels. It sits just after the HTTP codec, so that every
 * response written further in passes it.
 */
@Sharable
final class SecurityHeaders extends ChannelOutboundHandlerAdapter {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'";

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            HttpHeaders headers = response.headers();
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    .set("X-Frame-Options", "DENY")
                    .set("X-Content-Type-Options", "nosniff")
                    .set("Referrer-Policy", "no-referrer");
        }
        ctx.write(msg, promise);
    }
}
