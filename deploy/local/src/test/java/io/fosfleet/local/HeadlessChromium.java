package io.fosfleet.local;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.function.Supplier;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium and chromium-driver, headless, for the console's browser tests: nothing is downloaded, the
 * profile and caches stay under {@code target/chromium}. A test without them is skipped with a message saying what
 * to install ({@code .ci/run} installs both).
 */
final class HeadlessChromium {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Where the tests leave a screenshot of each step (and of a failure), for a reader of a failed run. */
    static final Path SHOTS = Path.of("target/console-screenshots").toAbsolutePath();

    private HeadlessChromium() {
    }

    /** A fresh browser with a profile of its own; skips the calling test when Chromium is not installed. */
    static WebDriver start(String test) throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                test + " skipped: needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "); .ci/run installs them");
        Path target = Path.of("target").toAbsolutePath();
        Path home = Files.createDirectories(target.resolve("chromium"));
        Path profile = Files.createTempDirectory(home, "profile");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withEnvironment(Map.of("XDG_CONFIG_HOME", home.toString(),
                        "XDG_CACHE_HOME", home.toString())).build();
        return new ChromeDriver(service, options);
    }

    /** Saves what the browser shows as {@code target/console-screenshots/<name>.png}. */
    static void screenshot(WebDriver browser, String name) throws IOException {
        Files.createDirectories(SHOTS);
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Reads an element again when a live update replaced it (or had not put it back yet) meanwhile. */
    static String fresh(Supplier<String> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (StaleElementReferenceException | NoSuchElementException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }
}
