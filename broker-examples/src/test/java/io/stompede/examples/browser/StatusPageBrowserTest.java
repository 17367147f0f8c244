package io.stompede.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.cluster.redis.RedisClusterBus;
import io.stompede.cluster.redis.RedisServer;
import io.stompede.examples.SocketClient;
import io.stompede.netty.StompServer;
import io.stompede.netty.admin.AdminServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The admin endpoint's status page in a real browser, against a real broker with real traffic:
 * its tiles, charts, destinations and cluster show what the broker does, and its screenshots
 * are the README's. What the page shows is read in one script call each time, so that a row
 * the page redraws between two reads never fails a wait.
 */
class StatusPageBrowserTest {
    /** Long enough for a loaded 2-core machine: the page polls every 2 s, the sampler every 1 s. */
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final String BACKLOG = "/queue/backlog";
    private static final String WORK = "/queue/work";
    private static final String PRICES = "/topic/prices";
    /** A destination whose name is markup: the page must show it as text. */
    private static final String MARKUP = "/topic/<i>quotes</i>&amp;";

    @Test
    @Timeout(180)
    void theStatusPageShowsTheBrokersConnectionsRatesAndBacklog() throws Exception {
        try (Chromium chromium = Chromium.require();
             Broker broker = Broker.builder().build();
             StompServer stomp = StompServer.builder().broker(broker).tcp(0).webSocket(0, "/stomp").start();
             AdminServer admin = AdminServer.builder().broker(broker).server(stomp).port(0).start();
             SocketClient producer = SocketClient.connect(stomp.tcpPort());
             SocketClient worker = SocketClient.connect(stomp.tcpPort());
             SocketClient ticker = SocketClient.connect(stomp.tcpPort());
             SocketClient watcher = SocketClient.connect(stomp.tcpPort())) {
            // A queue nobody consumes, a queue whose consumer never acks, a topic with two subscribers.
            producer.sendMessages(BACKLOG, 25, "waiting");
            worker.subscribe(WORK, "w", "client");
            producer.sendMessages(WORK, 5, "unacked");
            ticker.subscribe(PRICES, "t", "auto");
            watcher.subscribe(PRICES, "p", "auto");
            watcher.subscribe(MARKUP, "m", "auto");

            try (Traffic traffic = Traffic.toTopic(ticker, watcher)) {
                WebDriver window = chromium.open(1280, 900);
                viewport(window, 1280, 900, false);
                window.get(admin.uri().toString());

                waitFor(window, "the tiles to count the 4 connections and sessions", w ->
                        "4".equals(text(w, "#connections")) && "4".equals(text(w, "#sessions")));
                // Some 40 seconds of traffic: enough of a line for the README's screenshot.
                waitFor(window, "the rate chart to draw 40 seconds of a rate above 0", Duration.ofSeconds(100), w ->
                        pointsOf(w, "#chart-rates svg path.line[data-series=inRate]") >= 40
                                && number(text(w, "#in-rate")) > 0);
                waitFor(window, "the destinations table to list " + BACKLOG + " with its 25 messages", w ->
                        "25".equals(text(w, row(BACKLOG) + " td[data-col=depth]")));
                waitFor(window, "the topic to show its 2 subscribers", w ->
                        "2".equals(text(w, row(PRICES) + " td[data-col=subscribers]")));

                assertThat(text(window, row(BACKLOG) + " td[data-col=kind]")).isEqualTo("queue");
                waitFor(window, "the table to list " + MARKUP + " as text", w ->
                        MARKUP.equals(script(w, "const r = Array.from(document.querySelectorAll('#destinations tbody tr'))"
                                + ".find(r => r.dataset.name === arguments[0]); return r && r.cells[0].textContent", MARKUP)));
                assertThat(script(window, "return document.querySelector('#destinations i')")).as("markup in the table").isNull();
                assertThat(number(text(window, "#queue-depth"))).isGreaterThanOrEqualTo(25);
                assertThat(text(window, "#cluster-mode")).startsWith("Single node");
                assertThat(text(window, "#node")).isNotBlank();
                assertThat(text(window, "#listeners")).contains("tcp://").contains("/stomp");
                assertThat(pointsOf(window, "#chart-connections svg path.line[data-series=connections]")).isGreaterThan(1);
                assertThat(pointsOf(window, "#chart-depth svg path.line[data-series=queueDepth]")).isGreaterThan(1);
                assertThat(script(window, "return document.getElementById('banner').hidden")).isEqualTo(true);
                fullPage(window, 1280);
                Chromium.screenshot(window, "status-page");
                viewport(window, 1280, 900, false);

                WebDriver phone = chromium.open(390, 844);
                viewport(phone, 390, 844, true);
                phone.get(admin.uri().toString());
                waitFor(phone, "the phone's page to list " + BACKLOG, w ->
                        "25".equals(text(w, row(BACKLOG) + " td[data-col=depth]"))
                                && pointsOf(w, "#chart-rates svg path.line[data-series=inRate]") >= 2);
                assertThat(script(phone, "return window.innerWidth")).isEqualTo(390L);
                assertThat(script(phone, "return document.documentElement.scrollWidth <= window.innerWidth"))
                        .as("the page fits a phone's width").isEqualTo(true);
                Chromium.screenshot(phone, "status-page-phone");

                // Purge, confirmed in the browser's dialog: the backlog goes, the page says how much.
                window.findElement(By.cssSelector(row(BACKLOG) + " td[data-col=actions] button")).click();
                Chromium.waitIn(window, WAIT).until(ExpectedConditions.alertIsPresent()).accept();
                waitFor(window, "the page to report the purge", w ->
                        String.valueOf(text(w, "#notice")).contains("25 messages purged"));
                waitFor(window, "the backlog to be gone from the table", w -> {
                    String depth = text(w, row(BACKLOG) + " td[data-col=depth]");
                    return depth == null || "0".equals(depth);
                });
                traffic.assertNoFailure();

                // The admin endpoint goes away: the page says so, and keeps trying.
                admin.close();
                waitFor(window, "the page to say it cannot reach the broker", w ->
                        Boolean.FALSE.equals(script(w, "return document.getElementById('banner').hidden")));
                assertThat(text(window, "#banner-title")).isEqualTo("Cannot reach the broker — retrying");
                assertThat(text(window, "#live-text")).isEqualTo("offline · retrying");
            }
        }
    }

    @Test
    @Timeout(180)
    void inAClusterThePageListsBothNodes(@TempDir Path dir) throws Exception {
        String cluster = "status" + System.nanoTime();
        try (Chromium chromium = Chromium.require();
             RedisServer redis = RedisServer.start(dir)) {
            RedisClusterBus bus = node(redis, cluster, "node-1");
            try (Broker one = Broker.builder().clusterBus(bus).build();
                 Broker two = Broker.builder().clusterBus(node(redis, cluster, "node-2")).build();
                 StompServer stomp = StompServer.builder().broker(one).tcp(0).start();
                 StompServer other = StompServer.builder().broker(two).tcp(0).start();
                 AdminServer admin = AdminServer.builder().broker(one).server(stomp).cluster(bus).port(0).start();
                 SocketClient ticker = SocketClient.connect(stomp.tcpPort());
                 SocketClient watcher = SocketClient.connect(other.tcpPort())) {
                ticker.subscribe(PRICES, "t", "auto");
                watcher.subscribe(PRICES, "p", "auto");
                try (Traffic traffic = Traffic.toTopic(ticker, watcher)) {
                    WebDriver window = chromium.open(1280, 900);
                    viewport(window, 1280, 900, false);
                    window.get(admin.uri().toString());

                    waitFor(window, "the cluster section to list node-1 (this node) and node-2", w ->
                            List.of("node-1", "node-2").equals(script(w,
                                    "return Array.from(document.querySelectorAll('#nodes li'), li => li.dataset.node).sort()"))
                                    && "node-1".equals(text(w, "#nodes li[data-self=true] .node-id")));
                    waitFor(window, "the Redis figures to count published messages", w ->
                            number(text(w, "#redis-published")) > 0 && "Redis connected".equals(text(w, "#cluster-state")));
                    waitFor(window, "the rate chart to draw a line", w ->
                            pointsOf(w, "#chart-rates svg path.line[data-series=inRate]") >= 10);

                    assertThat(text(window, "#node")).isEqualTo("node-1");
                    assertThat(text(window, "#cluster-mode")).isEqualTo("2 nodes sharing one Redis.");
                    assertThat(script(window, "return document.getElementById('banner').hidden")).isEqualTo(true);
                    fullPage(window, 1280);
                    Chromium.screenshot(window, "status-page-cluster");
                    traffic.assertNoFailure();
                }
            }
        }
    }

    private static RedisClusterBus node(RedisServer redis, String cluster, String id) {
        return RedisClusterBus.builder(redis.uri()).nodeId(id).clusterName(cluster)
                .heartbeat(Duration.ofMillis(500), Duration.ofSeconds(5)).build();
    }

    /** The selector of the destinations table's row of {@code name}. */
    private static String row(String name) {
        return "#destinations tbody tr[data-name='" + name + "']";
    }

    /**
     * Makes the page's viewport exactly {@code width} by {@code height} CSS pixels, as a phone's
     * when {@code mobile} (a headless window is never narrower than 500 pixels), and hides the
     * scroll bars, which have no place in a screenshot.
     */
    private static void viewport(WebDriver window, int width, int height, boolean mobile) {
        HasCdp devTools = (HasCdp) window;
        devTools.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
        devTools.executeCdpCommand("Emulation.setScrollbarsHidden", Map.of("hidden", true));
    }

    /** Makes the viewport as high as the page, at most 2000 pixels, for a screenshot of all of it. */
    private static void fullPage(WebDriver window, int width) {
        Number height = (Number) script(window, "return document.documentElement.scrollHeight");
        viewport(window, width, Math.min(2000, height.intValue()), false);
        // The charts redraw to their new size at the next frame; wait for it.
        ((JavascriptExecutor) window).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(done))");
    }

    /** Waits until {@code condition} holds; otherwise fails with what the page showed, and a screenshot of it. */
    private static void waitFor(WebDriver window, String what, Function<WebDriver, Boolean> condition) {
        waitFor(window, what, WAIT, condition);
    }

    private static void waitFor(WebDriver window, String what, Duration timeout, Function<WebDriver, Boolean> condition) {
        try {
            Chromium.waitIn(window, timeout).withMessage(what).until(condition::apply);
        } catch (TimeoutException e) {
            Path shot = Chromium.screenshot(window, "status-page-failed");
            throw new AssertionError("Timed out waiting for " + what + " (screenshot " + shot.toAbsolutePath()
                    + "); the page read:\n" + script(window, "return document.body.innerText"), e);
        }
    }

    /** The text of the first element matching {@code selector}, trimmed; null when there is none. */
    private static String text(WebDriver window, String selector) {
        Object text = script(window, "const e = document.querySelector(arguments[0]); return e && e.textContent.trim()", selector);
        return text instanceof String s ? s : null;
    }

    /** How many points the SVG path matching {@code selector} draws; 0 without one. */
    private static int pointsOf(WebDriver window, String selector) {
        Object points = script(window,
                "const p = document.querySelector(arguments[0]); return p ? (p.getAttribute('d').match(/[ML]/g) || []).length : 0",
                selector);
        return ((Number) points).intValue();
    }

    /** A figure as the page writes it ("1,234", "0.25"); NaN when it shows none. */
    private static double number(String text) {
        try {
            return text == null ? Double.NaN : Double.parseDouble(text.replace(",", ""));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static Object script(WebDriver window, String script, Object... args) {
        return ((JavascriptExecutor) window).executeScript(script, args);
    }

    /**
     * Messages to a topic at a rate that rises and falls, ten rounds a second, from one
     * subscriber of the topic to itself and another; it reads what both receive as it goes.
     */
    private static final class Traffic implements AutoCloseable {
        private final ScheduledExecutorService timer = new ScheduledThreadPoolExecutor(1);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private int round;

        static Traffic toTopic(SocketClient sender, SocketClient other) {
            Traffic traffic = new Traffic();
            traffic.timer.scheduleWithFixedDelay(() -> traffic.round(sender, other), 0, 100, TimeUnit.MILLISECONDS);
            return traffic;
        }

        private void round(SocketClient sender, SocketClient other) {
            if (failure.get() != null) {
                return;
            }
            try {
                // 1 to 6 messages a round, in a 12-second wave.
                int step = round++ % 120;
                int count = 1 + (step < 60 ? step : 120 - step) / 12;
                sender.sendMessages(PRICES, count, "{\"price\":" + (100 + step) + "}");
                sender.drain();
                other.drain();
            } catch (IOException | RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }

        void assertNoFailure() {
            assertThat(failure.get()).as("the traffic's failure").isNull();
        }

        @Override
        public void close() throws InterruptedException {
            timer.shutdownNow();
            timer.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
