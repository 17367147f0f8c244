package io.stompede.examples.browser;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless browsers for the end-to-end tests: Debian's {@code chromium}, driven through its
 * {@code chromium-driver} by Selenium, with no download (Selenium Manager never runs, as the
 * driver's path is given). Without them a test is skipped, or fails when
 * {@code STOMPEDE_INTEROP_REQUIRED=true}, as in CI. Each browser is its own profile, so two of
 * them are two users. Closes every browser it opened. Confined to the test's thread.
 */
public final class Chromium implements AutoCloseable {
    /** Where the screenshots go; the README's images are copied from here. */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final int MIN_WINDOW_WIDTH = 500;
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private final String browser;
    private final String driver;
    private final List<WebDriver> opened = new ArrayList<>();

    private Chromium(String browser, String driver) {
        this.browser = browser;
        this.driver = driver;
    }

    /** Chromium and its driver, or a skip (a failure in CI) when either is missing. */
    public static Chromium require() {
        String browser = firstExecutable(BROWSERS);
        String driver = firstExecutable(DRIVERS);
        if (browser == null || driver == null) {
            String what = "chromium and chromium-driver are not installed: apt-get install -y chromium chromium-driver";
            if ("true".equals(System.getenv("STOMPEDE_INTEROP_REQUIRED"))) {
                throw new AssertionError(what);
            }
            abort(what + " (skipped; CI runs these tests)");
        }
        return new Chromium(browser, driver);
    }

    /** A new headless browser window of {@code width} by {@code height} CSS pixels, as a phone or a desktop. */
    public WebDriver open(int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser);
        // No sandbox: CI runs as root, where Chromium's sandbox cannot start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--window-size=" + Math.max(width, MIN_WINDOW_WIDTH) + "," + height);
        if (width < MIN_WINDOW_WIDTH) {
            // A headless window is never narrower than 500 pixels: a phone's viewport needs its emulation.
            options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
                    Map.of("width", width, "height", height, "pixelRatio", 1.0)));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driver))
                .usingAnyFreePort()
                .build();
        WebDriver window = new ChromeDriver(service, options);
        opened.add(window);
        return window;
    }

    /** A desktop-sized window. */
    public WebDriver open() {
        return open(1280, 800);
    }

    /** Waits up to {@code timeout} in {@code window} for {@code WebDriverWait.until} conditions. */
    public static WebDriverWait waitIn(WebDriver window, Duration timeout) {
        return new WebDriverWait(window, timeout);
    }

    /** Saves what {@code window} shows as {@code target/screenshots/NAME.png} and returns the file. */
    public static Path screenshot(WebDriver window, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) window).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes one browser, as a user closing the tab (the page gets no chance to say goodbye). */
    public void close(WebDriver window) {
        if (opened.remove(window)) {
            window.quit();
        }
    }

    @Override
    public void close() {
        for (WebDriver window : List.copyOf(opened)) {
            close(window);
        }
    }

    private static String firstExecutable(List<String> candidates) {
        for (String candidate : candidates) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }
}
