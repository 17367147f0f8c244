package io.stompede.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves files from the class path over HTTP {@code GET} and {@code HEAD}: a web application's
 * pages, scripts and styles, and the libraries it bundles from webjars, packed in its own jar.
 * Each mount maps a URL prefix to a resource folder; {@code /} and any path ending in {@code /}
 * serve that folder's {@code index.html}. Other methods, paths outside every mount and missing
 * files pass on to the next handler, so the application's own handler, or the listener's 404,
 * answers them. A path with a {@code ..}, {@code .} or empty segment or a backslash is refused
 * (400), so nothing outside a mount's folder can be read, and each file has one spelling. Only pages, scripts, styles, JSON, images and text are
 * served, by their extension. Files are read once and kept, so the set served must be
 * small and fixed, as a jar's is. Use it as a {@link StompServerBuilder#httpHandler} or in any
 * pipeline with an {@link io.netty.handler.codec.http.HttpObjectAggregator}.
 *
 * <p>Threading: immutable apart from its cache, which is thread-safe; shared by all channels.
 */
@Sharable
public final class StaticFiles extends ChannelInboundHandlerAdapter {
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=UTF-8",
            "js", "text/javascript; charset=UTF-8",
            "mjs", "text/javascript; charset=UTF-8",
            "css", "text/css; charset=UTF-8",
            "json", "application/json",
            "map", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "txt", "text/plain; charset=UTF-8");

    private final Map<String, String> mounts;
    private final ClassLoader loader;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    private StaticFiles(Map<String, String> mounts, ClassLoader loader) {
        this.mounts = mounts;
        this.loader = loader;
    }

    /**
     * Serves the resources under {@code folder} (such as {@code com/example/web}) at URL
     * {@code prefix} (such as {@code /}), read through the class loader of {@code owner}.
     */
    public static StaticFiles of(Class<?> owner, String prefix, String folder) {
        return new StaticFiles(Map.of(checkPrefix(prefix), trim(folder)), owner.getClassLoader());
    }

    /**
     * These files and, at URL {@code prefix}, the resources under {@code folder} too; the longest
     * matching prefix wins. For a webjar: {@code and("/vendor/stompjs/",
     * "META-INF/resources/webjars/stomp__stompjs/7.2.1/bundles")}.
     */
    public StaticFiles and(String prefix, String folder) {
        Map<String, String> more = new LinkedHashMap<>(mounts);
        more.put(checkPrefix(prefix), trim(folder));
        return new StaticFiles(Map.copyOf(more), loader);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest request)
                || !(request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD))) {
            ctx.fireChannelRead(msg);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (!isPlain(path)) {
            ReferenceCountUtil.release(msg);
            HttpRefusal.refuse(ctx, HttpResponseStatus.BAD_REQUEST);
            return;
        }
        Optional<String> resource = resourceFor(path).filter(name -> contentType(name) != null);
        Optional<byte[]> body = resource.flatMap(this::read);
        if (body.isEmpty()) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        boolean head = request.method().equals(HttpMethod.HEAD);
        ReferenceCountUtil.release(msg);
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body.get()));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType(resource.get()))
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.get().length)
                // Pages change with the jar; a browser asks again rather than keep a stale copy.
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set("X-Content-Type-Options", "nosniff");
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(response);
        }
    }

    /**
     * Whether {@code path} names one file one way only: no {@code ..}, {@code .} or empty segment
     * (a trailing slash aside) and no backslash. A climb would read outside the folder, and the
     * other spellings would each be a new entry of the cache.
     */
    private static boolean isPlain(String path) {
        if (!path.startsWith("/") || path.contains("\\")) {
            return false;
        }
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals("..") || segment.equals(".") || (segment.isEmpty() && !last)) {
                return false;
            }
        }
        return true;
    }

    private Optional<String> resourceFor(String path) {
        String best = null;
        for (String prefix : mounts.keySet()) {
            if (path.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        String rest = path.substring(best.length());
        if (rest.isEmpty() || rest.endsWith("/")) {
            rest += "index.html";
        }
        String folder = mounts.get(best);
        return Optional.of(folder.isEmpty() ? rest : folder + "/" + rest);
    }

    /** Only files found are kept: caching misses would let random paths grow the cache without bound. */
    private Optional<byte[]> read(String resource) {
        return Optional.ofNullable(cache.computeIfAbsent(resource, name -> {
            try (InputStream in = loader.getResourceAsStream(name)) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read resource " + name, e);
            }
        }));
    }

    /** {@code null} for a file of a kind not served, such as a folder read as a file. */
    private static String contentType(String resource) {
        int dot = resource.lastIndexOf('.');
        String extension = dot < 0 ? "" : resource.substring(dot + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.get(extension);
    }

    private static String checkPrefix(String prefix) {
        if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("a URL prefix starts and ends with /, was " + prefix);
        }
        return prefix;
    }

    private static String trim(String folder) {
        String trimmed = folder;
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
