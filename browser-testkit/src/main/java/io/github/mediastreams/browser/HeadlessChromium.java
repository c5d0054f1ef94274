package io.github.mediastreams.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver, with a fake camera and
 * microphone: a browser for tests of the Media Streams pages.
 *
 * <p>Nothing is ever downloaded: the browser is {@value #DEFAULT_BINARY} and the driver
 * {@value #DEFAULT_DRIVER} (override with the system properties {@value #BINARY_PROPERTY} and
 * {@value #DRIVER_PROPERTY}), both given to Selenium explicitly so Selenium Manager has nothing to
 * look up. When they are missing, {@link #assumeInstalled()} skips the test and names the Debian
 * packages ({@code apt-get install chromium chromium-driver}).
 *
 * <p>The page helpers follow the conventions of the Media Streams pages: the status element
 * {@value #STATUS} carries the session state in {@code data-state}, the error box is
 * {@value #ERROR}, and the session is {@code window.mediaSession}.
 *
 * <pre>{@code
 * try (HeadlessChromium browser = HeadlessChromium.launch()) {
 *     browser.open("https://localhost:" + port + "/");
 *     browser.awaitState("idle");
 *     browser.click("#start");
 *     browser.awaitState("started");
 *     assertThat(browser.diagnostics().answerApplied()).isTrue();
 *     browser.screenshot("hello-world-started");
 * }
 * }</pre>
 *
 * Or let {@link ChromiumExtension} launch, skip, screenshot on failure and close.
 */
public final class HeadlessChromium implements AutoCloseable {

    /** Debian's Chromium. */
    public static final String DEFAULT_BINARY = "/usr/bin/chromium";
    /** Debian's chromedriver (package chromium-driver). */
    public static final String DEFAULT_DRIVER = "/usr/bin/chromedriver";
    /** System property naming another Chromium binary. */
    public static final String BINARY_PROPERTY = "browser-testkit.chromium";
    /** System property naming another chromedriver. */
    public static final String DRIVER_PROPERTY = "browser-testkit.chromedriver";
    /** The Debian packages that provide the browser and the driver. */
    public static final String PACKAGES = "chromium chromium-driver";

    /** The status element of a Media Streams page; its {@code data-state} is the session state. */
    public static final String STATUS = "#status";
    /** The error box of a Media Streams page. */
    public static final String ERROR = "#error";

    /** The default time {@code await…} methods wait. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    /**
     * The command-line switches Chromium is started with (plus a fresh {@code --user-data-dir}):
     * headless, no sandbox (containers, root), nothing fetched in the background, a fake camera
     * and microphone granted without a prompt, loopback ICE candidates allowed, and the
     * applications' self-signed certificates accepted.
     */
    public static final List<String> ARGUMENTS = List.of(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            "--allow-loopback-in-peer-connection",
            "--ignore-certificate-errors");

    private static final Duration POLL = Duration.ofMillis(100);

    /**
     * The kit uses no DevTools protocol, so Selenium's warning that it has no CDP classes for this
     * Chromium version is noise; kept here so the logger (and its level) is not garbage collected.
     */
    private static final Logger CDP_VERSION_LOGGER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    private final ChromeDriver driver;
    private final Path profile;
    private final List<String> consoleLog = new ArrayList<>();
    private final List<String> consoleErrors = new ArrayList<>();

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** The Chromium binary used: {@value #DEFAULT_BINARY} unless {@value #BINARY_PROPERTY} says otherwise. */
    public static Path binary() {
        return Path.of(System.getProperty(BINARY_PROPERTY, DEFAULT_BINARY));
    }

    /** The chromedriver used: {@value #DEFAULT_DRIVER} unless {@value #DRIVER_PROPERTY} says otherwise. */
    public static Path driverExecutable() {
        return Path.of(System.getProperty(DRIVER_PROPERTY, DEFAULT_DRIVER));
    }

    /** Whether both the browser and the driver are installed (present and executable). */
    public static boolean isInstalled() {
        return Files.isExecutable(binary()) && Files.isExecutable(driverExecutable());
    }

    /** Skips the calling test (JUnit assumption) when Chromium or chromedriver is missing. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(isInstalled(), () -> "Browser test skipped: Chromium (" + binary()
                + ") or chromedriver (" + driverExecutable() + ") is not installed; on Debian: "
                + "apt-get install " + PACKAGES);
    }

    /**
     * Starts a new headless Chromium with a fresh profile. Skips the calling test when the
     * browser is not installed.
     */
    public static HeadlessChromium launch() {
        assumeInstalled();
        CDP_VERSION_LOGGER.setLevel(Level.SEVERE);
        Path profile;
        try {
            profile = Files.createTempDirectory("browser-testkit-profile-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary().toFile());
        options.addArguments(ARGUMENTS);
        options.addArguments("--user-data-dir=" + profile);
        options.setAcceptInsecureCerts(true);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);

        File driverFile = driverExecutable().toFile();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driverFile)
                .usingAnyFreePort()
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().window().setSize(new Dimension(1200, 900));
            return new HeadlessChromium(driver, profile);
        } catch (RuntimeException e) {
            service.stop();
            deleteRecursively(profile);
            throw e;
        }
    }

    /** The underlying Selenium driver, for anything the helpers do not cover. */
    public WebDriver driver() {
        return driver;
    }

    /** Opens a URL and waits until its document has loaded. */
    public HeadlessChromium open(String url) {
        driver.get(url);
        awaitTrue("document of " + url + " loaded", () -> "complete".equals(script("return document.readyState")));
        return this;
    }

    /** The element matching a CSS selector (fails if there is none). */
    public WebElement find(String cssSelector) {
        return driver.findElement(By.cssSelector(cssSelector));
    }

    /** Clicks the element matching a CSS selector, once it is displayed and enabled. */
    public HeadlessChromium click(String cssSelector) {
        awaitTrue(cssSelector + " displayed and enabled", () -> {
            List<WebElement> found = driver.findElements(By.cssSelector(cssSelector));
            return !found.isEmpty() && found.get(0).isDisplayed() && found.get(0).isEnabled();
        });
        find(cssSelector).click();
        return this;
    }

    /** The visible text of the element matching a CSS selector. */
    public String text(String cssSelector) {
        return find(cssSelector).getText();
    }

    /** Runs JavaScript in the page ({@code return …} to get a value back). */
    public Object script(String javaScript, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(javaScript, args);
    }

    /** The session state shown by the page: {@code data-state} of {@value #STATUS}, or null. */
    public String state() {
        Object state = script("const s = document.querySelector(arguments[0]); return s ? (s.dataset.state ?? null) : null;",
                STATUS);
        return state == null ? null : state.toString();
    }

    /** The text of the error box {@value #ERROR} if it is shown, otherwise an empty string. */
    public String errorText() {
        Object text = script("const e = document.querySelector(arguments[0]);"
                + " return e && !e.hidden ? e.textContent.trim() : '';", ERROR);
        return text == null ? "" : text.toString();
    }

    /** Waits up to {@link #DEFAULT_TIMEOUT} until the page shows this session state. */
    public HeadlessChromium awaitState(String state) {
        return awaitState(state, DEFAULT_TIMEOUT);
    }

    /** Waits until the page shows this session state ({@code data-state} of {@value #STATUS}). */
    public HeadlessChromium awaitState(String state, Duration timeout) {
        awaitTrue("page state '" + state + "'", timeout, () -> state.equals(state()));
        return this;
    }

    /**
     * The diagnostic record of {@code window.mediaSession}, the session a Media Streams page
     * exposes as a debugging aid; null when the page has none.
     */
    public MediaDiagnostics diagnostics() {
        Object raw = script("const s = window.mediaSession; return s ? { ...s.diagnostics, state: s.state } : null;");
        return raw == null ? null : MediaDiagnostics.from(asMap(raw));
    }

    /** Facts about a {@code <video>} element (size, playback position), to check that video plays. */
    public VideoState video(String cssSelector) {
        Object raw = script("const v = document.querySelector(arguments[0]); if (!v) return null;"
                + " return { videoWidth: v.videoWidth, videoHeight: v.videoHeight, currentTime: v.currentTime,"
                + " readyState: v.readyState, paused: v.paused, hasStream: !!v.srcObject };", cssSelector);
        if (raw == null) {
            throw new IllegalArgumentException("no element matches " + cssSelector);
        }
        return VideoState.from(asMap(raw));
    }

    /**
     * Waits until a {@code <video>} plays: it has a frame ({@code videoWidth > 0}) and its
     * {@code currentTime} then advances by at least half a second.
     *
     * @return the video's state once it played
     */
    public VideoState awaitPlaying(String cssSelector, Duration timeout) {
        awaitTrue(cssSelector + " has a video frame", timeout, () -> video(cssSelector).videoWidth() > 0);
        double start = video(cssSelector).currentTime();
        awaitTrue(cssSelector + " playback advancing from " + start + " s", timeout,
                () -> video(cssSelector).currentTime() >= start + 0.5);
        return video(cssSelector);
    }

    /**
     * How different the current frames of two playing videos are: both are drawn at 64×48 and the
     * mean absolute difference of their RGB values is returned, from 0 (identical) to 255.
     * Returns a negative value if either video has no frame yet.
     */
    public double frameDifference(String videoA, String videoB) {
        Object result = script("""
                const [a, b] = [document.querySelector(arguments[0]), document.querySelector(arguments[1])];
                if (!a || !b || !a.videoWidth || !b.videoWidth) return -1;
                const pixels = (v) => {
                  const c = document.createElement('canvas');
                  c.width = 64; c.height = 48;
                  const g = c.getContext('2d', { willReadFrequently: true });
                  g.drawImage(v, 0, 0, 64, 48);
                  return g.getImageData(0, 0, 64, 48).data;
                };
                const [p, q] = [pixels(a), pixels(b)];
                let sum = 0, n = 0;
                for (let i = 0; i < p.length; i += 4) {
                  for (let k = 0; k < 3; k++) { sum += Math.abs(p[i + k] - q[i + k]); n++; }
                }
                return sum / n;
                """, videoA, videoB);
        return ((Number) result).doubleValue();
    }

    /**
     * Saves a PNG screenshot of the page as {@code target/screenshots/<name>.png} under the
     * module being built (Maven's {@code basedir}, else the working directory).
     *
     * @return the file written
     */
    public Path screenshot(String name) {
        Path dir = screenshotDirectory();
        Path file = dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
        try {
            Files.createDirectories(dir);
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Where {@link #screenshot(String)} writes: {@code <basedir>/target/screenshots}. */
    public static Path screenshotDirectory() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("target").resolve("screenshots");
    }

    /**
     * The browser console's errors (level SEVERE: {@code console.error}, uncaught exceptions,
     * failed resource loads) since the browser started, each as Chromium logged it.
     */
    public List<String> consoleErrors() {
        drainConsole();
        return List.copyOf(consoleErrors);
    }

    /** Every browser console message (all levels) since the browser started, as "LEVEL message". */
    public List<String> consoleMessages() {
        drainConsole();
        return List.copyOf(consoleLog);
    }

    /**
     * The Content-Security-Policy violations Chromium reported since it started, as it logged them to the
     * console (its every report names the "Content Security Policy"), those before any script of the page ran
     * included: a blocked inline script, style, image or connection.
     */
    public List<String> contentSecurityPolicyViolations() {
        return consoleMessages().stream().filter((message) -> message.contains("Content Security Policy")).toList();
    }

    /**
     * The headers of the answer to a GET of a URL of the page's own origin, fetched by the page (so with its
     * cookies, and only what the page may read), names in lower case.
     */
    public Map<String, String> responseHeaders(String url) {
        Object raw = script("return fetch(arguments[0], { cache: 'no-store' })"
                + ".then((response) => Object.fromEntries(response.headers.entries()));", url);
        Map<String, String> headers = new TreeMap<>();
        asMap(raw).forEach((name, value) -> headers.put(name, String.valueOf(value)));
        return Collections.unmodifiableMap(headers);
    }

    private void drainConsole() {
        try {
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                String line = entry.getLevel() + " " + entry.getMessage();
                consoleLog.add(line);
                if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    consoleErrors.add(entry.getMessage());
                }
            }
        } catch (WebDriverException e) {
            // The browser is gone: keep what was collected.
        }
    }

    /** Waits up to {@link #DEFAULT_TIMEOUT} until the condition holds (exceptions count as "not yet"). */
    public void awaitTrue(String description, Supplier<Boolean> condition) {
        awaitTrue(description, DEFAULT_TIMEOUT, condition);
    }

    /**
     * Waits until the condition holds (exceptions thrown by it count as "not yet"). On timeout
     * throws an {@link AssertionError} describing the page: state, error box, diagnostics and
     * console errors.
     */
    public void awaitTrue(String description, Duration timeout, Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plus(timeout);
        RuntimeException last = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return;
                }
                last = null;
            } catch (RuntimeException e) {
                last = e;
            }
            if (Instant.now().isAfter(deadline)) {
                AssertionError error = new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for "
                        + description + "\n" + describe());
                if (last != null) {
                    error.initCause(last);
                }
                throw error;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for " + description, e);
            }
        }
    }

    /** Waits until a JavaScript expression (evaluated as {@code return (<expression>)}) is truthy. */
    public void awaitScript(String expression, Duration timeout) {
        awaitTrue("`" + expression + "`", timeout, () -> {
            Object value = script("return !!(" + expression + ");");
            return Boolean.TRUE.equals(value);
        });
    }

    /** A few lines describing the page, for failure messages. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        try {
            out.append("  url: ").append(driver.getCurrentUrl()).append('\n');
            out.append("  state: ").append(state()).append('\n');
            out.append("  error box: ").append(errorText()).append('\n');
            out.append("  diagnostics: ").append(diagnostics()).append('\n');
        } catch (RuntimeException e) {
            out.append("  (page not readable: ").append(e.getMessage().lines().findFirst().orElse("")).append(")\n");
        }
        out.append("  console errors: ").append(consoleErrors());
        return out.toString();
    }

    /** Quits the browser and deletes its profile. */
    @Override
    public void close() {
        try {
            driver.quit();
        } catch (WebDriverException e) {
            // Already gone.
        } finally {
            deleteRecursively(profile);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object raw) {
        return Collections.unmodifiableMap((Map<String, Object>) Objects.requireNonNull(raw));
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Chromium may still be writing; the OS cleans temp in the end.
                }
            });
        } catch (IOException e) {
            // Best effort.
        }
    }
}
