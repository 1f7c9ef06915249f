package io.fosfleet.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fosfleet.local.e2e.FosfleetSystem;
import io.fosfleet.local.e2e.TailOnFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The NOC console in a real headless Chromium (Debian's chromium and chromium-driver; nothing is downloaded) against
 * the whole system of {@link FosfleetSystem}: an operator signs in and sees the demo fleet; a pair's primary PBX
 * fails on the simulator, and once the device has failed over the fleet row and the pair drawing show it within 2 s,
 * without a reload; the operator re-arms the watchdog and switches back with a reason and sees the audit entry; a
 * viewer sees no controls and is refused (403) when forcing the request. A screenshot of every step goes to
 * {@code target/console-screenshots/}.
 */
@Order(100)   // a quiet test: it uses a pair of its own (SPARE_PAIR) and restores it
@ExtendWith(TailOnFailure.class)
class ConsoleBrowserIT {

    private static final Duration STEP = Duration.ofSeconds(60);
    /** The bound: a failover shows on an open page within 1 s; the test allows 2 s. */
    private static final Duration LIVE = Duration.ofSeconds(2);

    private static FosfleetSystem system;
    private static WebDriver browser;
    private static int shot;

    @BeforeAll
    static void start() throws IOException {
        browser = HeadlessChromium.start("ConsoleBrowserIT");
        system = FosfleetSystem.get();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOperatorSeesAFailoverLiveAndSwitchesBackAndAViewerHasNoControls() throws Exception {
        DemoDatacenter.Pair pair = system.pair(FosfleetSystem.SPARE_PAIR);
        String console = system.configUrl() + "/console";

        // sign in as the operator; the demo fleet is there, every pair on its primary
        browser.get(console);
        assertThat(browser.getCurrentUrl()).endsWith("/console/login");
        screenshot("login");
        signIn("operator");
        waitFor(By.cssSelector("tr[data-device='" + pair.deviceId() + "']"), STEP);
        awaitLive();
        for (DemoDatacenter.Pair p : system.demo().pairs()) {
            assertThat(text(row(p.deviceId()))).as("fleet row of %s", p.id()).contains(p.id()).contains("on primary");
        }
        assertThat(attribute(row(pair.deviceId()), "data-state")).isEqualTo("PRIMARY");
        assertThat(text("#summary")).contains("on primary").contains("failed over");
        screenshot("fleet");

        // the pair page in a second window, both open while the primary fails
        String fleetWindow = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.WINDOW);
        browser.get(console + "/pairs/" + pair.id());
        String pairWindow = browser.getWindowHandle();
        awaitLive();
        assertThat(text("#relay-words")).isEqualTo("A–B");
        assertThat(text("#drawing-caption")).contains("PSTN on the primary");
        assertThat(altText()).endsWith("; relay A–B: PSTN on the primary");
        screenshot("pair-on-primary");

        system.node(pair.primary().id()).stop();
        try {
            long failedAt = awaitDeviceConnections(pair.deviceId(), "A-D", STEP);
            waitUntil(() -> "A–D".equals(text("#relay-words"))
                    && attribute("#drawing", "class").contains("FAILED_OVER"), LIVE,
                    failedAt, "the pair drawing shows A–D, FAILED OVER");
            assertThat(attribute("#relay-ad", "class")).contains("on");
            assertThat(attribute("#relay-ab", "class")).doesNotContain("on");
            // the drawing's text alternative (what a screen reader says) follows the drawing
            assertThat(altText()).endsWith("; relay A–D: PSTN on the secondary").doesNotContain("A–B");
            screenshot("pair-failed-over");
            browser.switchTo().window(fleetWindow);
            String row = row(pair.deviceId());
            waitUntil(() -> "FAILED_OVER".equals(attribute(row, "data-state")), LIVE,
                    failedAt, "the fleet row shows FAILED OVER");
            assertThat(text(row)).contains("FAILED OVER").contains("A–D");
            // problems first: every row above it needs attention too
            Object above = ((JavascriptExecutor) browser).executeScript("const out = [];"
                    + "for (const tr of document.querySelectorAll('#rows tr')) {"
                    + "  if (tr.dataset.device === arguments[0]) return out; out.push(tr.dataset.problem); }"
                    + "return null;", pair.deviceId());
            assertThat(above).as("the failed-over row is on the page").isNotNull();
            assertThat((List<?>) above).as("the problem flags of the rows above it").allMatch("true"::equals);
            screenshot("fleet-failed-over");
        } finally {
            system.node(pair.primary().id()).start();
        }

        // back to the pair page: once the primary is healthy and kicked again, re-arm (MANUAL recovery) and switch
        // back, each with a reason
        browser.switchTo().window(pairWindow);
        waitUntil(() -> text("#timeline").contains("PRIMARY_UP") && system.kicking().contains(pair.deviceId()),
                STEP, System.nanoTime(), "the primary is healthy again (PRIMARY_UP on the timeline) and kicked");
        control("Re-arm watchdog", "primary back after the console test");
        String reason = "console test: back to the primary " + System.nanoTime();
        control("Switch to primary (A–B)", reason);
        waitUntil(() -> "A–B".equals(text("#relay-words")), STEP, System.nanoTime(), "the drawing shows A–B again");
        assertThat(altText()).endsWith("; relay A–B: PSTN on the primary").doesNotContain("A–D");
        waitUntil(() -> text("#audit").contains(reason), STEP, System.nanoTime(), "the audit trail shows the reason");
        assertThat(text("#audit")).contains("COMMAND_SWITCH_RELAY").contains("operator");
        assertThat(system.device(pair.deviceId()).connections()).isEqualTo("A-B");
        screenshot("pair-switched-back-audit");

        // the alerts page: alert-service's lists, read through config-service with the signed-in user's token, with
        // the notification about this pair's failover among the recent ones
        browser.get(console + "/alerts");
        waitUntil(() -> {
            browser.navigate().refresh();
            return text("main").contains(pair.deviceId());
        }, STEP, System.nanoTime(), "the alerts page lists a notification for " + pair.deviceId());
        assertThat(text("main")).contains("Recent notifications").contains("Silences")
                .doesNotContain("Alert-service is not available");
        // times to the second: in the page's text and in the machine-readable attribute alike
        List<WebElement> sent = browser.findElements(By.cssSelector("#alerts time"));
        assertThat(sent).isNotEmpty();
        for (WebElement t : sent) {
            assertThat(t.getAttribute("datetime")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(t.getText()).matches("\\d\\d:\\d\\d:\\d\\d \\(\\d+ (s|min|h|d) ago\\)");
        }
        screenshot("alerts");

        // a viewer: no controls, and the forced request is refused.
        // The operator's fleet window is closed before signing out: left open, it did not come back under the viewer
        // within a minute and the viewer's forced request below got no answer in the browser (config-service README,
        // "Known problems"). That a signed-out session's stream ends is tested in config-service's ConsoleTest.
        browser.switchTo().window(fleetWindow).close();
        browser.switchTo().window(pairWindow);
        browser.findElement(By.cssSelector("#logout button")).click();
        waitUntil(() -> browser.getCurrentUrl().contains("/console/login"), STEP, System.nanoTime(), "signed out");
        signIn("viewer");
        waitFor(By.cssSelector("#rows tr"), STEP);
        browser.get(console + "/pairs/" + pair.id());
        awaitLive();
        assertThat(browser.findElements(By.cssSelector("[data-control]"))).isEmpty();
        assertThat(browser.findElements(By.id("h-controls"))).isEmpty();
        Object status = ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        // a request that never ends fails the test with where the page was, not a script timeout
                        + "const abort = new AbortController();"
                        + "setTimeout(() => abort.abort(), 15000);"
                        + "addEventListener('beforeunload', () => done('page left for ' + location.href));"
                        + "fetch('/api/devices/' + arguments[0] + '/commands', {method: 'POST', credentials: 'same-origin',"
                        + " signal: abort.signal,"
                        + " headers: {'Content-Type': 'application/json', 'X-Fosfleet-Console': '1'},"
                        + " body: JSON.stringify({type: 'SWITCH_RELAY', parameters: {mode: '0'}, reason: 'forced'})})"
                        + ".then(r => done(r.status), e => done(String(e) + ' at ' + location.href));", pair.deviceId());
        assertThat(status).as("the forced request's answer (a plain GET from the same page meanwhile: %s)",
                status instanceof Long ? "not tried" : plainGet()).isEqualTo(403L);
        screenshot("viewer-no-controls");
        assertThat(system.device(pair.deviceId()).connections()).isEqualTo("A-B");
    }

    /** For a failure's message: whether the page gets any answer at all within 5 s (the favicon). */
    private static Object plainGet() {
        return ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "const abort = new AbortController(); setTimeout(() => abort.abort(), 5000);"
                + "fetch('/console/favicon.svg?' + Date.now(), {signal: abort.signal})"
                + ".then(r => done('HTTP ' + r.status), e => done(String(e)));");
    }

    /**
     * The console's fixed texts, as a NOC engineer reads them in the browser: durations in words, the berofos named
     * once, pair ids that do not break, relative times rounded down, a page for an unknown pair with a way back, and
     * the favicon.
     */
    @Test
    void theConsoleSpeaksInWordsAndSecondsAndEveryErrorIsAPage() throws Exception {
        DemoDatacenter.Pair pair = system.pair(FosfleetSystem.SPARE_PAIR);
        String console = system.configUrl() + "/console";
        browser.get(console + "/login");
        signIn("operator");
        try {
            fixedTexts(pair, console);
        } finally {
            browser.manage().deleteAllCookies();   // signed out again: the other test starts at the sign-in page
        }
    }

    private static void fixedTexts(DemoDatacenter.Pair pair, String console) throws IOException {
        waitFor(By.cssSelector("tr[data-device='" + pair.deviceId() + "']"), STEP);

        // a pair id is one word: it never breaks inside (not even at its hyphens)
        assertThat(attribute(row(pair.deviceId()) + " a.id", "textContent")).isEqualTo(pair.id());
        assertThat(((JavascriptExecutor) browser).executeScript("return getComputedStyle(document.querySelector("
                + "arguments[0])).whiteSpace", row(pair.deviceId()) + " a.id")).isEqualTo("nowrap");

        browser.get(console + "/pairs/" + pair.id());
        awaitLive();
        String page = text("main");
        // durations in words ("every 1 s"), never ISO-8601 ("PT1S"); the berofos named once
        assertThat(text("#st-kicks")).matches("every \\d+(\\.\\d+)? (ms|s|min)(, start delay .*)?");
        assertThat(page).doesNotContainPattern("\\bPT\\d").doesNotContain("berofos berofos")
                .contains("berofos " + pair.id());
        // relative times: whole units, rounded down (150 s ago is "2 min ago", not "3 min ago")
        Object shown = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[0];"
                + "const t = document.createElement('time'); t.className = 'ago';"
                + "t.setAttribute('datetime', new Date(Date.now() - 150500).toISOString());"
                + "document.getElementById('timeline').prepend(t);"
                + "setTimeout(() => { done(t.textContent); t.remove(); }, 1500);");
        assertThat((String) shown).endsWith("(2 min ago)");
        screenshot("pair-texts");

        // the favicon: linked from every page, served by config-service, allowed by the security policy
        assertThat(attribute("link[rel='icon']", "href")).endsWith("/console/favicon.svg");
        Object icon = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[0];"
                + "fetch('/console/favicon.svg').then(r => done(r.status + ' ' + r.headers.get('content-type')),"
                + " e => done(String(e)));");
        assertThat((String) icon).startsWith("200 image/svg+xml");

        // an unknown pair: a console page saying so, with the way back to the fleet
        browser.get(console + "/pairs/nope");
        assertThat(text("h1")).isEqualTo("No pair “nope”");
        assertThat(text("main")).contains("There is no pair “nope” in the inventory");
        assertThat(browser.findElements(By.cssSelector("nav[aria-label='Pages'] a"))).hasSize(2);
        screenshot("no-such-pair");
        browser.findElement(By.id("error-back")).click();
        waitUntil(() -> browser.getCurrentUrl().endsWith("/console")
                && !browser.findElements(By.cssSelector("#rows tr")).isEmpty(), STEP, System.nanoTime(),
                "back on the fleet page");
    }

    // ---------------------------------------------------------------- helpers

    /** The pair drawing's text alternative, the name a screen reader gives the drawing. */
    private static String altText() {
        return attribute("#drawing-text", "textContent").strip();
    }

    private static void signIn(String user) {
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(user);
        browser.findElement(By.id("sign-in")).click();
        waitUntil(() -> browser.getCurrentUrl().endsWith("/console"), STEP, System.nanoTime(), "signed in");
    }

    /** The page says its event stream is open (before that, a change could arrive before the page listens). */
    private static void awaitLive() {
        waitUntil(() -> "open".equals(browser.findElement(By.id("live")).getAttribute("data-state")), STEP,
                System.nanoTime(), "the page's live stream is open");
    }

    /** Clicks a control, fills the confirmation's reason, confirms, and waits for the device's answer. */
    private static void control(String button, String reason) throws IOException {
        browser.findElements(By.cssSelector("[data-control]")).stream()
                .filter(b -> b.getText().strip().equals(button)).findFirst()
                .orElseThrow(() -> new AssertionError("no control " + button)).click();
        WebElement dialog = waitFor(By.cssSelector("dialog#confirm[open]"), STEP);
        assertThat(dialog.getText()).contains(button + "?");
        assertThat(text("#confirm-what")).isNotBlank();
        browser.findElement(By.id("confirm-ok")).click();   // without a reason: the form refuses, nothing is sent
        assertThat(((JavascriptExecutor) browser).executeScript(
                "return document.getElementById('confirm-reason').validity.valueMissing")).isEqualTo(true);
        assertThat(browser.findElements(By.cssSelector("dialog#confirm[open]"))).as("dialog still open").hasSize(1);
        assertThat(text("#control-result")).doesNotStartWith(button + ": sent");
        browser.findElement(By.id("confirm-reason")).sendKeys(reason);
        screenshot("confirm-" + button.replaceAll("[^A-Za-z]+", "-").toLowerCase());
        browser.findElement(By.id("confirm-ok")).click();
        waitUntil(() -> text("#control-result").startsWith(button + ": DONE"), STEP, System.nanoTime(),
                button + " reported DONE (page says: " + text("#control-result") + ")");
    }

    private static long awaitDeviceConnections(String deviceId, String connections, Duration within)
            throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < until) {
            if (connections.equals(system.device(deviceId).connections())) {
                return System.nanoTime();
            }
            Thread.sleep(20);
        }
        throw new AssertionError(deviceId + " did not reach " + connections + " within " + within);
    }

    private static WebElement waitFor(By by, Duration within) {
        return new WebDriverWait(browser, within, Duration.ofMillis(50)).until(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    /** Waits until the condition holds, at most {@code within} after {@code since} (a {@link System#nanoTime()}). */
    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration within, long since,
                                  String what) {
        long deadline = since + within.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (org.openqa.selenium.WebDriverException e) {
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
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }

    private static String row(String deviceId) {
        return "tr[data-device='" + deviceId + "']";
    }

    /** An element's text; looked up again when a live update replaced it meanwhile. */
    private static String text(String css) {
        return HeadlessChromium.fresh(() -> browser.findElement(By.cssSelector(css)).getText());
    }

    private static String attribute(String css, String name) {
        return HeadlessChromium.fresh(() -> browser.findElement(By.cssSelector(css)).getAttribute(name));
    }

    private static void screenshot(String step) throws IOException {
        HeadlessChromium.screenshot(browser, String.format("%02d-%s", ++shot, step));
    }
}
