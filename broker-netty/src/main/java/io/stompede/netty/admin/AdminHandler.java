package io.stompede.netty.admin;

import static io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST;
import static io.netty.handler.codec.http.HttpResponseStatus.FORBIDDEN;
import static io.netty.handler.codec.http.HttpResponseStatus.INTERNAL_SERVER_ERROR;
import static io.netty.handler.codec.http.HttpResponseStatus.NOT_FOUND;
import static io.netty.handler.codec.http.HttpResponseStatus.SERVICE_UNAVAILABLE;
import static io.netty.handler.codec.http.HttpResponseStatus.UNAUTHORIZED;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One admin connection's requests, one at a time and in order: the probes straight to the
 * {@link AdminApi}, everything else once {@link AdminAccess} let it in, to the API or, for the
 * status page's files, on to the {@link io.stompede.netty.StaticFiles} behind it (and the 404
 * behind that). Answers may complete later (a password check, every session's summary); requests
 * that arrive meanwhile (HTTP pipelining) wait, a few at most, so that responses keep their order.
 *
 * <p>Confined to the connection's event loop: answers completed elsewhere come back to it.
 */
final class AdminHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    /** Pipelined requests that may wait behind the one being answered; one more closes the connection. */
    private static final int MAX_WAITING = 8;
    private static final String CHALLENGE = "Basic realm=\"Stompede admin\", charset=\"UTF-8\"";

    private final AdminAccess access;
    private final AdminApi api;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean busy;

    AdminHandler(AdminAccess access, AdminApi api) {
        this.access = access;
        this.api = api;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!busy) {
            handle(ctx, request);
        } else if (waiting.size() < MAX_WAITING) {
            waiting.addLast(request);
        } else {
            request.release();
            ctx.close();
        }
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        busy = true;
        QueryStringDecoder uri = request.decoderResult().isSuccess() ? parse(request.uri()) : null;
        if (uri == null) {
            respond(ctx, request, Reply.error(BAD_REQUEST, "not a request this endpoint can read"));
            return;
        }
        if (AdminApi.isOpen(uri.path())) {
            answer(ctx, request, uri);
            return;
        }
        CompletionStage<AdminAccess.Verdict> verdict = access.check(
                request.headers().get(HttpHeaderNames.AUTHORIZATION), ctx.channel().remoteAddress(),
                ctx.channel().localAddress());
        verdict.whenComplete((decided, failure) -> onLoop(ctx, request, () -> {
            switch (decided == null ? AdminAccess.Verdict.UNAUTHENTICATED : decided) {
                case ALLOWED -> {
                    if (AdminApi.answers(uri.path())) {
                        answer(ctx, request, uri);
                    } else {
                        serveFile(ctx, request);
                    }
                }
                case UNAUTHENTICATED -> respond(ctx, request, Reply.error(UNAUTHORIZED, "credentials required")
                        .withHeader(HttpHeaderNames.WWW_AUTHENTICATE.toString(), CHALLENGE));
                case FORBIDDEN -> respond(ctx, request, Reply.error(FORBIDDEN, "not in the admin group"));
                case BUSY -> respond(ctx, request, Reply.error(SERVICE_UNAVAILABLE, "too many logins waiting; try again"));
            }
        }));
    }

    /** The request's URI, read whole now, or {@code null} when it is malformed (a bad escape). */
    private static QueryStringDecoder parse(String uri) {
        try {
            QueryStringDecoder decoder = new QueryStringDecoder(uri);
            decoder.path();
            decoder.parameters();
            return decoder;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void answer(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
        CompletionStage<Reply> reply;
        try {
            reply = api.answer(request.method(), uri, request.headers());
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((answered, failure) -> onLoop(ctx, request, () -> {
            if (failure != null) {
                LOG.warn("The admin endpoint failed to answer {} {}", request.method(), uri.path(), failure);
            }
            respond(ctx, request, answered != null ? answered : Reply.error(INTERNAL_SERVER_ERROR, "internal error"));
        }));
    }

    /** Runs {@code step} on the connection's event loop; a loop shut down meanwhile only drops the request. */
    private static void onLoop(ChannelHandlerContext ctx, FullHttpRequest request, Runnable step) {
        if (ctx.executor().inEventLoop()) {
            step.run();
            return;
        }
        try {
            ctx.executor().execute(step);
        } catch (RejectedExecutionException e) {
            ReferenceCountUtil.safeRelease(request);
        }
    }

    /** Hands the request to the static files; they, or the 404 behind them, answer it at once. */
    private void serveFile(ChannelHandlerContext ctx, FullHttpRequest request) {
        ctx.fireChannelRead(request);
        next(ctx);
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest request, Reply reply) {
        write(ctx, request, reply);
        if (ctx.channel().isActive()) {
            next(ctx);
        }
    }

    private void next(ChannelHandlerContext ctx) {
        busy = false;
        FullHttpRequest request = waiting.pollFirst();
        if (request != null) {
            handle(ctx, request);
        }
    }

    /** Writes {@code reply} to {@code request} and releases it; closes after it unless kept alive. */
    static void write(ChannelHandlerContext ctx, FullHttpRequest request, Reply reply) {
        boolean keepAlive = request.decoderResult().isSuccess() && HttpUtil.isKeepAlive(request);
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), reply.status(),
                Unpooled.wrappedBuffer(reply.body()));
        request.release();
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set("X-Content-Type-Options", "nosniff");
        if (reply.contentType() != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        }
        if (reply.headerName() != null) {
            response.headers().set(reply.headerName(), reply.headerValue());
        }
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        waiting.forEach(ReferenceCountUtil::safeRelease);
        waiting.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Admin connection from {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    /** The end of the pipeline: what no one answered is not there. Stateless. */
    @Sharable
    static final class NotFound extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest request) {
                write(ctx, request, Reply.error(NOT_FOUND, "no such file " + new QueryStringDecoder(request.uri()).path()));
            } else {
                ReferenceCountUtil.release(msg);
            }
        }
    }
}
