package io.fosfleet.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fosfleet.local.e2e.FosfleetSystem;
import io.fosfleet.local.e2e.TailOnFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WindowType;

/**
 * The console's live watchdog in a real headless Chromium (as {@link ConsoleBrowserIT}) against the whole system of
 * {@link FosfleetSystem}: a kicked pair reads "kicked N s ago" with a small N that moves by itself; its primary PBX
 * fails on the simulator (pair {@link FosfleetSystem#WATCHDOG_PAIR}: AUTO, no fast failover, 5 s watchdog) and the
 * pair page and the fleet row count "fails over in N s" down, until the device reports its watchdog ran out; the
 * primary comes back and the pair is kicked again. Screenshots go to {@code target/console-screenshots/watchdog-*}.
 */
@Order(100)   // a quiet test: it uses a pair of its own (WATCHDOG_PAIR), which recovers by itself (AUTO)
@ExtendWith(TailOnFailure.class)
class WatchdogBrowserIT {

    private static final Duration STEP = Duration.ofSeconds(60);
    private static final Pattern KICKED = Pattern.compile("kicked ([0-9]+) s ago");
    private static final Pattern FAILS_IN = Pattern.compile("fails over in ([0-9]+) s");

    private static FosfleetSystem system;
    private static WebDriver browser;
    private static int shot;

    @BeforeAll
    static void start() throws IOException {
        browser = HeadlessChromium.start("WatchdogBrowserIT");
        system = FosfleetSystem.get();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aKickedPairSaysWhenItWasKickedAndAPairWhosePrimaryDiedCountsDownToItsFailover() throws Exception {
        DemoDatacenter.Pair pair = system.pair(FosfleetSystem.WATCHDOG_PAIR);
        String console = system.configUrl() + "/console";
        String cell = "tr[data-device='" + pair.deviceId() + "'] td.wdog";

        browser.get(console);
        signIn("viewer");
        awaitLive();
        // kicked every second, summary refreshed every 5 s: the last acknowledged kick is a few seconds old at most,
        // and the page counts on between two summaries
        waitUntil(() -> text(cell).startsWith("on · kicked "), STEP, "the fleet row says when the pair was kicked");
        List<Integer> kickedAgo = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        while (System.nanoTime() < until) {
            Matcher m = KICKED.matcher(text(cell));
            assertThat(m.find()).as("fleet row watchdog cell: %s", text(cell)).isTrue();
            kickedAgo.add(Integer.parseInt(m.group(1)));
            Thread.sleep(250);
        }
        assertThat(kickedAgo).as("seconds since the last acknowledged kick").allMatch(n -> n <= 10);
        assertThat(kickedAgo.stream().distinct().count()).as("it counts by itself: %s", kickedAgo)
                .isGreaterThanOrEqualTo(2);
        assertThat(text(cell)).doesNotContain("no fresh reading");
        screenshot("fleet-kicked");

        String fleetWindow = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.WINDOW);
        browser.get(console + "/pairs/" + pair.id());
        awaitLive();
        waitUntil(() -> KICKED.matcher(text("#st-wdog")).find(), STEP, "the pair page says when it was kicked");
        screenshot("pair-kicked");

        system.node(pair.primary().id()).stop();
        try {
            // the watchdog is 5 s: the countdown shows within the probes' detection and counts down to the failover
            waitUntil(() -> FAILS_IN.matcher(text("#st-wdog")).find(), Duration.ofSeconds(10),
                    "the pair page counts down to the failover");
            screenshot("pair-countdown");
            List<Integer> left = new ArrayList<>();
            long countdownEnds = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < countdownEnds) {
                String words = text("#st-wdog");
                Matcher m = FAILS_IN.matcher(words);
                if (!m.find()) {
                    break;
                }
                int n = Integer.parseInt(m.group(1));
                if (left.isEmpty() || left.get(left.size() - 1) != n) {
                    left.add(n);
                }
                Thread.sleep(100);
            }
            assertThat(left).as("the countdown: %s", left).isSortedAccordingTo((a, b) -> b - a)
                    .allMatch(n -> n >= 1 && n <= 5);
            assertThat(left.size()).as("it counted down: %s", left).isGreaterThanOrEqualTo(2);
            // then the device itself reports its watchdog ran out (or, for a moment before, when it ran out)
            waitUntil(() -> text("#st-wdog").startsWith("FAILURE")
                    || text("#st-wdog").contains("watchdog ran out at "), Duration.ofSeconds(10),
                    "the countdown ended: " + text("#st-wdog"));
            waitUntil(() -> text("#st-wdog").startsWith("FAILURE") && "A–D".equals(text("#relay-words")), STEP,
                    "the device reports the failover");
            assertThat(system.device(pair.deviceId()).connections()).isEqualTo("A-D");
            screenshot("pair-failed-over");
            browser.switchTo().window(fleetWindow);
            waitUntil(() -> text(cell).startsWith("FAILURE"), STEP, "the fleet row shows the watchdog failure");
            screenshot("fleet-failed-over");
        } finally {
            system.node(pair.primary().id()).start();
        }

        // AUTO: the primary is back, the device is re-armed and switched back, and kicked again
        waitUntil(() -> "A-B".equals(system.device(pair.deviceId()).connections())
                && system.kicking().contains(pair.deviceId()), STEP, "the pair is back on its primary, kicked");
        waitUntil(() -> KICKED.matcher(text(cell)).find(), STEP, "the fleet row says it is kicked again");
        screenshot("fleet-kicked-again");
    }

    // ---------------------------------------------------------------- helpers

    private static void signIn(String user) {
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(user);
        browser.findElement(By.id("sign-in")).click();
        waitUntil(() -> browser.getCurrentUrl().endsWith("/console"), STEP, "signed in");
    }

    private static void awaitLive() {
        waitUntil(() -> "open".equals(browser.findElement(By.id("live")).getAttribute("data-state")), STEP,
                "the page's live stream is open");
    }

    private static void waitUntil(BooleanSupplier condition, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (WebDriverException e) {
                // the element is being replaced by a live update: look again
            }
            if (System.nanoTime() > deadline) {
                try {
                    screenshot("FAILED");
                } catch (IOException ignored) {
                    // the assertion below says what matters
                }
                throw new AssertionError(what + ": not within " + within);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }

    /** An element's text; looked up again when a live update replaced it meanwhile. */
    private static String text(String css) {
        return HeadlessChromium.fresh(() -> browser.findElement(By.cssSelector(css)).getText());
    }

    private static void screenshot(String step) throws IOException {
        HeadlessChromium.screenshot(browser, String.format("watchdog-%02d-%s", ++shot, step));
    }
}
