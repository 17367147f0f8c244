package io.stompede.examples.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
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
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat's own HTTP: {@code POST /signup} with {@code {"name":"alice","password":"..."}} adds
 * a user (201, or 400/409 with {@code {"error":"..."}}), and every other request goes on to the
 * page's static files, which this handler puts after itself in each pipeline. A sign-up hashes a
 * password, slow on purpose, so it runs on {@code work}, never on the event loop; its answer
 * closes the connection ({@code Connection: close}), and what a client pipelined after it is
 * dropped unanswered, so that no later request is answered before it. An address that tried too
 * many sign-ups lately gets 429 ({@link SignUpLimit}); a chat with its most users, 403.
 *
 * <p>Thread-safe and shared by every connection.
 */
@Sharable
final class SignUpHandler extends ChannelInboundHandlerAdapter {
    static final String PATH = "/signup";
    private static final Logger LOG = LoggerFactory.getLogger(SignUpHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Set on a connection once it sent a sign-up: it is answered, then closed, and reads nothing more. */
    private static final AttributeKey<Boolean> SIGNING_UP = AttributeKey.valueOf(SignUpHandler.class, "signing-up");

    private final ChatUsers users;
    private final Executor work;
    private final ChannelHandler files;
    private final boolean open;
    private final SignUpLimit limit;

    /**
     * With {@code open} false, sign-up is refused (403) and only the users file's users may sign
     * in; {@code limit} counts the sign-ups of each address.
     */
    SignUpHandler(ChatUsers users, Executor work, ChannelHandler files, boolean open, SignUpLimit limit) {
        this.users = users;
        this.work = work;
        this.files = files;
        this.open = open;
        this.limit = limit;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.pipeline().addAfter(ctx.name(), "chat-files", files);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (ctx.channel().hasAttr(SIGNING_UP)) {
            // Pipelined after a sign-up: the connection closes once that is answered.
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof FullHttpRequest request) || !request.method().equals(HttpMethod.POST)
                || !PATH.equals(new QueryStringDecoder(request.uri()).path())) {
            ctx.fireChannelRead(msg);
            return;
        }
        ctx.channel().attr(SIGNING_UP).set(true);
        ctx.channel().config().setAutoRead(false);
        HttpVersion version = request.protocolVersion();
        if (!open) {
            ReferenceCountUtil.release(msg);
            answer(ctx, version, new Answer(HttpResponseStatus.FORBIDDEN, "sign-up is off; ask for an account"));
            return;
        }
        // JSON only: a form or text/plain POST from another site's page needs no CORS preflight.
        CharSequence type = HttpUtil.getMimeType(request);
        if (type == null || !type.toString().equalsIgnoreCase("application/json")) {
            ReferenceCountUtil.release(msg);
            answer(ctx, version, new Answer(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "send application/json"));
            return;
        }
        String body = request.content().toString(StandardCharsets.UTF_8);
        ReferenceCountUtil.release(msg);
        SocketAddress remote = ctx.channel().remoteAddress();
        if (remote instanceof InetSocketAddress address && address.getAddress() != null) {
            long wait = limit.tryAcquire(address.getAddress());
            if (wait > 0) {
                answer(ctx, version, new Answer(HttpResponseStatus.TOO_MANY_REQUESTS,
                        "too many sign-ups from your address; try again in " + wait + " s", wait));
                return;
            }
        }
        try {
            work.execute(() -> answer(ctx, version, signUp(body)));
        } catch (RejectedExecutionException e) {
            answer(ctx, version, new Answer(HttpResponseStatus.SERVICE_UNAVAILABLE, "too many sign-ups at once; try again"));
        }
    }

    /** {@code retryAfter} in seconds, 0 for none. */
    private record Answer(HttpResponseStatus status, String error, long retryAfter) {
        Answer(HttpResponseStatus status, String error) {
            this(status, error, 0);
        }
    }

    private Answer signUp(String body) {
        String name;
        char[] password;
        try {
            JsonNode json = JSON.readTree(body);
            name = json.path("name").asText("");
            password = json.path("password").asText("").toCharArray();
        } catch (IOException e) {
            return new Answer(HttpResponseStatus.BAD_REQUEST, "expected {\"name\":\"...\",\"password\":\"...\"}");
        }
        try {
            users.signUp(name, password);
            return new Answer(HttpResponseStatus.CREATED, null);
        } catch (ChatUsers.SignUpRefused e) {
            HttpResponseStatus status = switch (e.reason()) {
                case INVALID -> HttpResponseStatus.BAD_REQUEST;
                case TAKEN -> HttpResponseStatus.CONFLICT;
                case FULL -> HttpResponseStatus.FORBIDDEN;
            };
            return new Answer(status, e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Sign-up failed", e);
            return new Answer(HttpResponseStatus.INTERNAL_SERVER_ERROR, "the server could not save the user");
        }
    }

    /** Answers in the request's HTTP version, and closes: nothing after a sign-up is read. */
    private static void answer(ChannelHandlerContext ctx, HttpVersion version, Answer answer) {
        byte[] body = ChatJson.write(answer.error() == null ? Map.of("ok", true) : Map.of("error", answer.error()));
        FullHttpResponse response = new DefaultFullHttpResponse(version, answer.status(), Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (answer.retryAfter() > 0) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, answer.retryAfter());
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
