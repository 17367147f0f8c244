package io.stompede.netty.admin;

import static io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST;
import static io.netty.handler.codec.http.HttpResponseStatus.FORBIDDEN;
import static io.netty.handler.codec.http.HttpResponseStatus.INTERNAL_SERVER_ERROR;
import static io.netty.handler.codec.http.HttpResponseStatus.NOT_FOUND;
import static io.netty.handler.codec.http.HttpResponseStatus.SERVICE_UNAVAILABLE;
import static io.netty.handler.codec.http.HttpResponseStatus.TOO_MANY_REQUESTS;
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
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One admin connection's requests, one at a time and in order: the probes straight to the
 * {@link AdminApi}, everything else once {@link AdminAccess} let it in, to the API or, for the
 * status page's files, on to the {@link io.stompede.netty.StaticFiles} behind it (and the 404
 * behind that). Before any password check: an open endpoint answers only requests to a loopback
 * host name (DNS rebinding), a method a path does not take gets 405, and a request that changes
 * something must come from the endpoint's own origin when a browser names one and carry
 * {@value #CSRF_HEADER}{@code : 1}, which only the endpoint's own scripts send (cross-site
 * request forgery). Answers may complete later (a password check, every session's summary); requests
 * that arrive meanwhile (HTTP pipelining) wait, a few at most, so that responses keep their order.
 *
 * <p>Confined to the connection's event loop: answers completed elsewhere come back to it.
 */
final class AdminHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    /** Pipelined requests that may wait behind the one being answered; one more closes the connection. */
    private static final int MAX_WAITING = 8;
    private static final String CHALLENGE = "Basic realm=\"Stompede admin\", charset=\"UTF-8\"";
    /** The header a state-changing request needs: only the endpoint's own scripts send it. */
    static final String CSRF_HEADER = "X-Stompede-Admin";
    private static final HttpResponseStatus MISDIRECTED_REQUEST = new HttpResponseStatus(421, "Misdirected Request");

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
        String path = uri.path();
        HttpMethod method = request.method();
        String host = request.headers().get(HttpHeaderNames.HOST);
        boolean probe = AdminApi.isOpen(path);
        // DNS rebinding: a page whose host name now points at 127.0.0.1 is same-origin with an open
        // endpoint; its requests still name that host. The probes tell nothing, and are open anyway.
        if (access.isOpen() && !probe && host != null && !Hosts.isLoopback(host)) {
            respond(ctx, request, Reply.error(MISDIRECTED_REQUEST, "this admin endpoint answers only requests to "
                    + "localhost, 127.0.0.1 or [::1]"));
            return;
        }
        Set<HttpMethod> allowed = AdminApi.methods(path);
        if (allowed != null && !allowed.contains(method)) {
            respond(ctx, request, AdminApi.notAllowed(method, allowed));
            return;
        }
        if (!isSafe(method)) {
            String refusal = forgery(request, host);
            if (refusal != null) {
                respond(ctx, request, Reply.error(FORBIDDEN, refusal));
                return;
            }
        }
        if (probe) {
            answer(ctx, request, uri);
            return;
        }
        CompletionStage<AdminAccess.Verdict> verdict = access.check(
                request.headers().get(HttpHeaderNames.AUTHORIZATION), ctx.channel().remoteAddress(),
                ctx.channel().localAddress());
        verdict.whenComplete((decided, failure) -> onLoop(ctx, request, () -> {
            switch (decided == null ? AdminAccess.Verdict.UNAUTHENTICATED : decided) {
                case ALLOWED -> {
                    if (AdminApi.answers(path)) {
                        answer(ctx, request, uri);
                    } else {
                        serveFile(ctx, request);
                    }
                }
                case UNAUTHENTICATED -> respond(ctx, request, Reply.error(UNAUTHORIZED, "credentials required")
                        .withHeader(HttpHeaderNames.WWW_AUTHENTICATE.toString(), CHALLENGE));
                case FORBIDDEN -> respond(ctx, request, Reply.error(FORBIDDEN, "not in the admin group"));
                case BUSY -> respond(ctx, request, Reply.error(SERVICE_UNAVAILABLE, "too many logins waiting; try again"));
                case THROTTLED -> respond(ctx, request, Reply.error(TOO_MANY_REQUESTS,
                                "too many wrong passwords from this address; try again later")
                        .withHeader(HttpHeaderNames.RETRY_AFTER.toString(), Long.toString(access.retryAfterSeconds())));
            }
        }));
    }

    /** Whether {@code method} only reads: the rest change state, and must come from the endpoint's own pages. */
    private static boolean isSafe(HttpMethod method) {
        return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.OPTIONS);
    }

    /**
     * Why a state-changing request may be forged by another site, or {@code null}: a browser names
     * the page's origin, which must be this endpoint's own, and only a script of that origin can
     * add the custom header (a form, an image or a cross-site fetch without CORS cannot).
     */
    private static String forgery(FullHttpRequest request, String host) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !Hosts.isSameOrigin(origin, host)) {
            return "a request from another origin (" + origin + ") may not change anything here";
        }
        if (!"1".equals(request.headers().get(CSRF_HEADER))) {
            return "a request that changes something needs the header " + CSRF_HEADER + ": 1";
        }
        return null;
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

    /**
     * Writes {@code reply} to {@code request} and releases it; closes after it unless kept alive.
     * A {@code HEAD} gets the headers a {@code GET} would, without the body. {@link SecurityHeaders}
     * adds the browser's safeguards on the way out.
     */
    static void write(ChannelHandlerContext ctx, FullHttpRequest request, Reply reply) {
        boolean keepAlive = request.decoderResult().isSuccess() && HttpUtil.isKeepAlive(request);
        boolean head = request.method().equals(HttpMethod.HEAD);
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), reply.status(),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body()));
        request.release();
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
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

    /** A connection that sent nothing for the idle timeout closes, unless an answer is still coming. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            if (!busy) {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Admin connection from {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    /**
     * The whole pipeline of a connection past the cap on admin connections: its request gets 503
     * and the connection closes. Stateless.
     */
    @Sharable
    static final class Overloaded extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest request) {
                request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                write(ctx, request, Reply.error(SERVICE_UNAVAILABLE, "too many admin connections; try again")
                        .withHeader(HttpHeaderNames.RETRY_AFTER.toString(), "1"));
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(event);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
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
