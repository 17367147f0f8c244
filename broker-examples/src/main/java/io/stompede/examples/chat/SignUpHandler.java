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
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
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
 * password, slow on purpose, so it runs on {@code work}, never on the event loop.
 *
 * <p>Thread-safe and shared by every connection.
 */
@Sharable
final class SignUpHandler extends ChannelInboundHandlerAdapter {
    static final String PATH = "/signup";
    private static final Logger LOG = LoggerFactory.getLogger(SignUpHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChatUsers users;
    private final Executor work;
    private final ChannelHandler files;
    private final boolean open;

    /** With {@code open} false, sign-up is refused (403) and only the users file's users may sign in. */
    SignUpHandler(ChatUsers users, Executor work, ChannelHandler files, boolean open) {
        this.users = users;
        this.work = work;
        this.files = files;
        this.open = open;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.pipeline().addAfter(ctx.name(), "chat-files", files);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || !request.method().equals(HttpMethod.POST)
                || !PATH.equals(new QueryStringDecoder(request.uri()).path())) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!open) {
            ReferenceCountUtil.release(msg);
            answer(ctx, keepAlive, new Answer(HttpResponseStatus.FORBIDDEN, "sign-up is off; ask for an account"));
            return;
        }
        // JSON only: a form or text/plain POST from another site's page needs no CORS preflight.
        CharSequence type = HttpUtil.getMimeType(request);
        if (type == null || !type.toString().equalsIgnoreCase("application/json")) {
            ReferenceCountUtil.release(msg);
            answer(ctx, keepAlive, new Answer(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "send application/json"));
            return;
        }
        String body = request.content().toString(StandardCharsets.UTF_8);
        ReferenceCountUtil.release(msg);
        try {
            work.execute(() -> answer(ctx, keepAlive, signUp(body)));
        } catch (RejectedExecutionException e) {
            answer(ctx, keepAlive, new Answer(HttpResponseStatus.SERVICE_UNAVAILABLE, "too many sign-ups at once; try again"));
        }
    }

    private record Answer(HttpResponseStatus status, String error) {
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
            return new Answer(e.taken() ? HttpResponseStatus.CONFLICT : HttpResponseStatus.BAD_REQUEST, e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Sign-up failed", e);
            return new Answer(HttpResponseStatus.INTERNAL_SERVER_ERROR, "the server could not save the user");
        }
    }

    private static void answer(ChannelHandlerContext ctx, boolean keepAlive, Answer answer) {
        byte[] body = ChatJson.write(answer.error() == null ? Map.of("ok", true) : Map.of("error", answer.error()));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, answer.status(),
                Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
