package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.stompede.Broker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * StaticFiles serves a class-path folder over GET and HEAD, refuses paths that climb out of it,
 * and passes on whatever it does not serve. The files live in a temporary folder on the class
 * path of a loader of their own, so the test controls exactly what exists.
 */
@Timeout(30)
class StaticFilesTest {
    @TempDir
    Path root;
    private StaticFiles files;

    /** A marker class defined by a loader that sees {@link #root}: StaticFiles reads through its owner's loader. */
    public static final class Owner {
    }

    @BeforeEach
    void writeFiles() throws Exception {
        write("web/index.html", "<h1>home</h1>");
        write("web/app.js", "console.log('app')");
        write("web/style.css", "body{}");
        write("web/docs/index.html", "<h1>docs</h1>");
        write("web/data.bin", "binary");
        write("secret.txt", "outside the folder");
        write("vendor/lib.js", "// the library");
        files = StaticFiles.of(ownerSeeing(root), "/", "web").and("/lib/", "/vendor/");
    }

    @Test
    void theRootServesTheFoldersIndexWithItsTypeAndNoCaching() {
        FullHttpResponse response = get("/");

        assertThat(response.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(body(response)).isEqualTo("<h1>home</h1>");
        assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/html; charset=UTF-8");
        assertThat(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(13);
        assertThat(response.headers().get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("no-cache");
        assertThat(response.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void scriptsStylesAndAFoldersIndexAreServedByExtensionAndQueriesAreIgnored() {
        assertThat(get("/app.js?v=2").headers().get(HttpHeaderNames.CONTENT_TYPE))
                .isEqualTo("text/javascript; charset=UTF-8");
        assertThat(get("/style.css").headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/css; charset=UTF-8");
        assertThat(body(get("/docs/"))).isEqualTo("<h1>docs</h1>");
    }

    @Test
    void theLongestMountWinsAndItsFolderMayBeWrittenWithSlashes() {
        assertThat(body(get("/lib/lib.js"))).isEqualTo("// the library");
    }

    @Test
    void headAnswersTheHeadersOfGetWithNoBody() {
        FullHttpResponse response = request(HttpMethod.HEAD, "/app.js");

        assertThat(response.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(18);
        assertThat(response.content().readableBytes()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../secret.txt", "/docs/../../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt",
            "/docs\\..\\..\\secret.txt", "//index.html", "/./index.html", "/docs//index.html", "/%2e/index.html"})
    void aPathThatClimbsOutOfTheFolderOrSpellsAFileAnotherWayIsRefused(String path) {
        EmbeddedChannel channel = new EmbeddedChannel(files);
        channel.writeInbound(request(HttpVersion.HTTP_1_1, HttpMethod.GET, path));

        FullHttpResponse response = channel.readOutbound();
        assertThat(response.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(body(response)).doesNotContain("outside");
        assertThat(channel.isOpen()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/missing.js", "/data.bin", "/docs", "/lib/"})
    void whatItDoesNotServeGoesOnToTheNextHandler(String path) {
        assertPassedOn(request(HttpVersion.HTTP_1_1, HttpMethod.GET, path));
    }

    @Test
    void otherMethodsGoOnToTheNextHandler() {
        assertPassedOn(request(HttpVersion.HTTP_1_1, HttpMethod.POST, "/app.js"));
    }

    @Test
    void aRequestThatAsksToCloseIsClosedAfterItsAnswer() {
        EmbeddedChannel channel = new EmbeddedChannel(files);
        FullHttpRequest request = request(HttpVersion.HTTP_1_1, HttpMethod.GET, "/app.js");
        request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        channel.writeInbound(request);

        FullHttpResponse response = channel.readOutbound();
        assertThat(response.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        assertThat(channel.isOpen()).isFalse();
        response.release();
    }

    @Test
    void aKeptAliveConnectionServesOneRequestAfterAnother() {
        EmbeddedChannel channel = new EmbeddedChannel(files);
        channel.writeInbound(request(HttpVersion.HTTP_1_1, HttpMethod.GET, "/app.js"));
        channel.writeInbound(request(HttpVersion.HTTP_1_1, HttpMethod.GET, "/style.css"));

        assertThat(body(channel.readOutbound())).isEqualTo("console.log('app')");
        assertThat(body(channel.readOutbound())).isEqualTo("body{}");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aWebSocketListenerServesTheFilesBesideItsStompEndpointAnd404sTheRest() throws Exception {
        try (StompServer server = StompServer.builder().broker(Broker.builder().build()).closeBrokerOnClose(true)
                .webSocket(0, "/stomp")
                .httpHandler(() -> files)
                .start()) {
            String page = fetch(server.webSocketPort(), "GET / HTTP/1.1");
            assertThat(page).startsWith("HTTP/1.1 200 OK").endsWith("<h1>home</h1>");

            assertThat(fetch(server.webSocketPort(), "GET /missing.js HTTP/1.1")).startsWith("HTTP/1.1 404");
            assertThat(fetch(server.webSocketPort(), "GET /../secret.txt HTTP/1.1")).startsWith("HTTP/1.1 400")
                    .doesNotContain("outside");
        }
    }

    @Test
    @Timeout(30)
    void anIdleKeptAliveConnectionDoesNotHoldUpTheServersClose() throws Exception {
        StompServer server = StompServer.builder().broker(Broker.builder().build()).closeBrokerOnClose(true)
                .webSocket(0, "/stomp")
                .httpHandler(() -> files)
                .shutdownTimeout(Duration.ofSeconds(60))
                .start();
        try (Socket browser = new Socket(InetAddress.getLoopbackAddress(), server.webSocketPort())) {
            browser.setSoTimeout(10_000);
            browser.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = browser.getInputStream();
            byte[] answer = new byte[4096];
            assertThat(in.read(answer)).as("the page's answer, then the connection stays open").isPositive();

            long start = System.nanoTime();
            server.close();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("far from the 60 s shutdown timeout")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(in.read()).as("the idle connection was closed").isEqualTo(-1);
        }
    }

    @Test
    @Timeout(30)
    void aQuietConnectionWithoutASessionIsClosedAfterTheConnectTimeoutWhileAnUpgradedOneStays() throws Exception {
        Duration connectTimeout = Duration.ofMillis(400);
        try (StompServer server = StompServer.builder().closeBrokerOnClose(true)
                .broker(Broker.builder().connectTimeout(connectTimeout).build())
                .webSocket(0, "/stomp")
                .httpHandler(() -> files)
                .start();
             WsTestClient stomp = WsTestClient.open(
                     URI.create("ws://127.0.0.1:" + server.webSocketPort() + "/stomp"), "v12.stomp")) {
            stomp.sendRaw("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\n\n\0".getBytes(StandardCharsets.UTF_8));
            assertThat(stomp.receive().command()).isEqualTo("CONNECTED");
            long connected = System.nanoTime();
            try (Socket browser = new Socket(InetAddress.getLoopbackAddress(), server.webSocketPort())) {
                browser.setSoTimeout(10_000);
                browser.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                InputStream in = browser.getInputStream();
                assertThat(in.read(new byte[4096])).as("the page's answer").isPositive();

                assertThat(in.read()).as("the page's connection, quiet for the connect timeout, is closed").isEqualTo(-1);
            }

            // The session has been as quiet as the page's connection, and longer: it stays open.
            Awaitility.await().pollDelay(Duration.ofMillis(
                            Math.max(0, 2 * connectTimeout.toMillis() - (System.nanoTime() - connected) / 1_000_000)))
                    .atMost(Duration.ofSeconds(10)).until(() -> true);
            stomp.sendRaw("SUBSCRIBE\nid:1\ndestination:/topic/a\nreceipt:r1\n\n\0".getBytes(StandardCharsets.UTF_8));
            assertThat(stomp.receive().command()).isEqualTo("RECEIPT");
        }
    }

    private void assertPassedOn(FullHttpRequest request) {
        EmbeddedChannel channel = new EmbeddedChannel(files);
        channel.writeInbound(request);

        Object passed = channel.readInbound();
        assertThat(passed).isSameAs(request);
        assertThat(request.refCnt()).as("the next handler owns it").isEqualTo(1);
        assertThat((Object) channel.readOutbound()).isNull();
        ReferenceCountUtil.release(passed);
    }

    private FullHttpResponse get(String path) {
        return request(HttpMethod.GET, path);
    }

    private FullHttpResponse request(HttpMethod method, String path) {
        EmbeddedChannel channel = new EmbeddedChannel(files);
        channel.writeInbound(request(HttpVersion.HTTP_1_1, method, path));
        return channel.readOutbound();
    }

    private static FullHttpRequest request(HttpVersion version, HttpMethod method, String path) {
        FullHttpRequest request = new DefaultFullHttpRequest(version, method, path);
        request.headers().set(HttpHeaderNames.HOST, "localhost");
        return request;
    }

    private static String body(FullHttpResponse response) {
        ByteBuf content = response.content();
        String text = content.toString(StandardCharsets.UTF_8);
        response.release();
        return text;
    }

    /** Sends one request with {@code Connection: close} and reads the whole answer. */
    private static String fetch(int port, String requestLine) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void write(String name, String text) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** {@link Owner}, defined anew by a loader whose class path is {@code dir}. */
    private static Class<?> ownerSeeing(Path dir) throws IOException {
        String resource = Owner.class.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = StaticFilesTest.class.getClassLoader().getResourceAsStream(resource)) {
            bytes = in.readAllBytes();
        }
        return new DefiningLoader(dir).define(Owner.class.getName(), bytes);
    }

    private static final class DefiningLoader extends URLClassLoader {
        DefiningLoader(Path dir) {
            super(new URL[] {url(dir)}, StaticFilesTest.class.getClassLoader());
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }

        private static URL url(Path dir) {
            try {
                return dir.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
