package io.github.mediastreams.browser;

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
 * <p>Chromium gathers ICE host candidates on every interface, the machine's own included; for a
 * call whose media really flows, {@link #launchInNetworkNamespace()} runs chromedriver and Chromium
 * in a network namespace of their own ({@link NetworkNamespace}), where they are 127.0.0.1 and
 * 198.18.0.x ({@link Browser#CHROMIUM_NETNS} in {@link EachBrowser}).
 *
 * <p>The page helpers are {@link HeadlessBrowser}'s, the same for every browser.
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
 * Or let {@link ChromiumExtension} (or {@link EachBrowser}, for every browser) launch, skip, screenshot on
 * failure and close.
 */
public final class HeadlessChromium extends HeadlessBrowser {

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

    /**
     * The kit uses no DevTools protocol, so Selenium's warning that it has no CDP classes for this
     * Chromium version is noise; kept here so the logger (and its level) is not garbage collected.
     */
    private static final Logger CDP_VERSION_LOGGER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    private final Browser browser;
    private final NetworkNamespace namespace;
    private final ChromeDriver driver;
    private final Path profile;
    private final List<String> consoleLog = new ArrayList<>();
    private final List<String> consoleErrors = new ArrayList<>();

    private HeadlessChromium(Browser browser, NetworkNamespace namespace, ChromeDriver driver, Path profile) {
        this.browser = browser;
        this.namespace = namespace;
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
        return Browser.CHROMIUM.isInstalled();
    }

    /**
     * Skips the calling test (JUnit assumption) when Chromium or chromedriver is missing, naming the
     * Debian packages; fails it under {@code CI=true} ({@link Browser#assumeInstalled()}).
     */
    public static void assumeInstalled() {
        Browser.CHROMIUM.assumeInstalled();
    }

    /**
     * Starts a new headless Chromium with a fresh profile. Skips the calling test when the
     * browser is not installed.
     */
    public static HeadlessChromium launch() {
        assumeInstalled();
        return start(Browser.CHROMIUM, null);
    }

    /**
     * Starts a new headless Chromium, as {@link #launch()} does, with chromedriver and the browser
     * inside a {@link NetworkNamespace} of their own, which it closes with itself: its ICE host
     * candidates are 127.0.0.1 and the namespace's 198.18.0.x addresses, none of the machine's
     * interfaces'. A page of the machine's {@code localhost} opens as usual: at each {@link #open}, the
     * URL's {@code localhost} port is forwarded into the namespace. Skips the calling test when
     * Chromium, chromedriver or {@code ip} is missing or this process may not make namespaces (not
     * root); fails it under {@code CI=true}.
     */
    public static HeadlessChromium launchInNetworkNamespace() {
        Browser.CHROMIUM_NETNS.assumeInstalled();
        return NetworkNamespace.createFor((namespace) -> start(Browser.CHROMIUM_NETNS, namespace));
    }

    private static HeadlessChromium start(Browser browser, NetworkNamespace namespace) {
        CDP_VERSION_LOGGER.setLevel(Level.SEVERE);
        // Inside a namespace chromedriver, and Chromium's DevTools (which Selenium connects to, at the port
        // chromedriver reports), listen on ports relayed to the same ports here.
        int driverPort = namespace == null ? 0 : namespace.exposeToHost();
        int devToolsPort = namespace == null ? 0 : namespace.exposeToHost();
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
        if (namespace != null) {
            options.addArguments("--remote-debugging-port=" + devToolsPort);
        }
        options.setAcceptInsecureCerts(true);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);

        ChromeDriverService.Builder builder = new ChromeDriverService.Builder();
        if (namespace == null) {
            builder.usingDriverExecutable(driverExecutable().toFile()).usingAnyFreePort();
        } else {
            builder.usingDriverExecutable(namespace.launcher(driverExecutable()).toFile()).usingPort(driverPort);
        }
        ChromeDriverService service = builder.build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
            // The window's size includes what is not the page; make the viewport WIDTH × HEIGHT, as Firefox's is.
            Object chrome = ((JavascriptExecutor) driver)
                    .executeScript("return [outerWidth - innerWidth, outerHeight - innerHeight];");
            if (chrome instanceof List<?> extra && extra.get(0) instanceof Number w && extra.get(1) instanceof Number h
                    && (w.intValue() > 0 || h.intValue() > 0)) {
                driver.manage().window().setSize(new Dimension(WIDTH + w.intValue(), HEIGHT + h.intValue()));
            }
            return new HeadlessChromium(browser, namespace, driver, profile);
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

    @Override
    public Browser browser() {
        return this.browser;
    }

    @Override
    public HeadlessChromium open(String url) {
        if (this.namespace != null) {
            this.namespace.forwardToHost(url);
        }
        driver.get(url);
        awaitTrue("document of " + url + " loaded", () -> "complete".equals(script("return document.readyState")));
        return this;
    }

    /** The element matching a CSS selector (fails if there is none). */
    public WebElement find(String cssSelector) {
        return driver.findElement(By.cssSelector(cssSelector));
    }

    @Override
    public HeadlessChromium click(String cssSelector) {
        awaitTrue(cssSelector + " displayed and enabled", () -> {
            List<WebElement> found = driver.findElements(By.cssSelector(cssSelector));
            return !found.isEmpty() && found.get(0).isDisplayed() && found.get(0).isEnabled();
        });
        find(cssSelector).click();
        return this;
    }

    @Override
    public Object script(String javaScript, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(javaScript, args);
    }

    @Override
    protected byte[] screenshotPng() {
        return ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    }

    @Override
    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    /**
     * The browser console's errors (level SEVERE: {@code console.error}, uncaught exceptions,
     * failed resource loads) since the browser started, each as Chromium logged it.
     */
    @Override
    public List<String> consoleErrors() {
        drainConsole();
        return List.copyOf(consoleErrors);
    }

    @Override
    public List<String> consoleMessages() {
        drainConsole();
        return List.copyOf(consoleLog);
    }

    /**
     * The Content-Security-Policy violations Chromium reported since it started, as it logged them to the
     * console (its every report names the "Content Security Policy"), those before any script of the page ran
     * included: a blocked inline script, style, image or connection.
     */
    @Override
    public List<String> contentSecurityPolicyViolations() {
        return consoleMessages().stream().filter((message) -> message.contains("Content Security Policy")).toList();
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

    @Override
    public void close() {
        try {
            driver.quit();
        } catch (WebDriverException e) {
            // Already gone.
        } finally {
            deleteRecursively(profile);
            if (this.namespace != null) {
                this.namespace.close();
            }
        }
    }
}
