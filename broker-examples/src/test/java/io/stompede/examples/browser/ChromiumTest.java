package io.stompede.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The browser helper itself: a headless Chromium opens a page, runs its script and saves a screenshot. */
class ChromiumTest {
    @Test
    @Timeout(60)
    void aHeadlessBrowserRunsAPageAndSavesAScreenshot() {
        try (Chromium chromium = Chromium.require()) {
            WebDriver window = chromium.open(400, 300);
            window.get("data:text/html,<p id=p></p><script>document.getElementById('p').textContent='ran'</script>");

            Chromium.waitIn(window, Duration.ofSeconds(10))
                    .until(ExpectedConditions.textToBe(By.id("p"), "ran"));
            Path file = Chromium.screenshot(window, "chromium-smoke");
            assertThat(file).exists();
            assertThat(Files.isRegularFile(file)).isTrue();
        }
    }
}
