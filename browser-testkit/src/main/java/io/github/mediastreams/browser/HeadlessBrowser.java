package io.github.mediastreams.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A headless browser with a fake camera and microphone driving a Media Streams page: what the page
 * tests need, the same in every browser. A subclass drives one browser ({@link HeadlessChromium}
 * through chromedriver, {@link HeadlessFirefox} over WebDriver BiDi) and gives the few primitives
 * ({@link #open}, {@link #script}, {@link #click}, screenshots, the console); everything else here
 * is written once, as JavaScript run in the page, so that both browsers are asked the same.
 *
 * <p>The page helpers follow the conventions of the Media Streams pages: the status element
 * {@value #STATUS} carries the session state in {@code data-state}, the error box is
 * {@value #ERROR}, and the session is {@code window.mediaSession}.
 *
 * <p>{@link #script} runs its text as the body of a function, as WebDriver's Execute Script does:
 * {@code arguments[0]} is the first argument, {@code return} gives a value back (a promise is
 * awaited), and objects come back as {@code Map}, arrays as {@code List}, integers as
 * {@code Long}, other numbers as {@code Double}.
 */
public abstract class HeadlessBrowser implements AutoCloseable {

    /** The status element of a Media Streams page; its {@code data-state} is the session state. */
    public static final String STATUS = "#status";
    /** The error box of a Media Streams page. */
    public static final String ERROR = "#error";

    /** The default time {@code await…} methods wait. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    /** The size of the window (the viewport, for screenshots) every browser is given. */
    public static final int WIDTH = 1200;
    /** See {@link #WIDTH}. */
    public static final int HEIGHT = 900;

    private static final Duration POLL = Duration.ofMillis(100);

    /** Which browser this is. */
    public abstract Browser browser();

    /** Opens a URL and waits until its document has loaded. */
    public abstract HeadlessBrowser open(String url);

    /**
     * Runs JavaScript in the page as the body of a function ({@code return …} to get a value back;
     * a promise returned is awaited); the arguments are {@code arguments[0]}, {@code arguments[1]}…
     * (strings, numbers, booleans, null, lists and maps of them).
     */
    public abstract Object script(String javaScript, Object... args);

    /** Clicks the element matching a CSS selector, once it is displayed and enabled. */
    public abstract HeadlessBrowser click(String cssSelector);

    /** A PNG of what the viewport shows. */
    protected abstract byte[] screenshotPng();

    /** The URL of the page shown. */
    public abstract String currentUrl();

    /**
     * The browser console's errors since the browser started ({@code console.error}, uncaught
     * exceptions; Chromium adds failed resource loads), each as the browser logged it.
     */
    public abstract List<String> consoleErrors();

    /** Every browser console message (all levels) since the browser started, as "LEVEL message". */
    public abstract List<String> consoleMessages();

    /**
     * The Content-Security-Policy violations the browser reported since it started, those before
     * any script of the page ran included: a blocked inline script, style, image or connection.
     */
    public abstract List<String> contentSecurityPolicyViolations();

    /** Quits the browser and deletes its profile. */
    @Override
    public abstract void close();

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

    /** The rendered text ({@code innerText}, trimmed) of each element matching a CSS selector, in document order. */
    public List<String> texts(String cssSelector) {
        Object raw = script("return [...document.querySelectorAll(arguments[0])].map((e) => e.innerText.trim());",
                cssSelector);
        return strings(raw);
    }

    /** The text of the first element matching a CSS selector (fails if there is none). */
    public String text(String cssSelector) {
        List<String> texts = texts(cssSelector);
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("no element matches " + cssSelector);
        }
        return texts.get(0);
    }

    /** An attribute of each element matching a CSS selector (null where it has none), in document order. */
    public List<String> attributes(String cssSelector, String attribute) {
        Object raw = script("return [...document.querySelectorAll(arguments[0])].map((e) => e.getAttribute(arguments[1]));",
                cssSelector, attribute);
        return strings(raw);
    }

    /** Whether the first element matching a CSS selector is enabled (fails if there is none). */
    public boolean isEnabled(String cssSelector) {
        Object enabled = script("const e = document.querySelector(arguments[0]); return e ? !e.disabled : null;",
                cssSelector);
        if (enabled == null) {
            throw new IllegalArgumentException("no element matches " + cssSelector);
        }
        return Boolean.TRUE.equals(enabled);
    }

    /** Whether an element matches a CSS selector and is displayed (it has a box: not hidden, not {@code display: none}). */
    public boolean isDisplayed(String cssSelector) {
        return Boolean.TRUE.equals(script("const e = document.querySelector(arguments[0]);"
                + " return !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';",
                cssSelector));
    }

    /** Waits up to {@link #DEFAULT_TIMEOUT} until the page shows this session state. */
    public HeadlessBrowser awaitState(String state) {
        return awaitState(state, DEFAULT_TIMEOUT);
    }

    /** Waits until the page shows this session state ({@code data-state} of {@value #STATUS}). */
    public HeadlessBrowser awaitState(String state, Duration timeout) {
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
     * Saves a PNG screenshot of the viewport as {@code target/screenshots/<name>.png} under the
     * module being built (Maven's {@code basedir}, else the working directory).
     *
     * @return the file written
     */
    public Path screenshot(String name) {
        Path dir = screenshotDirectory();
        Path file = dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
        try {
            Files.createDirectories(dir);
            Files.write(file, screenshotPng());
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
                        + description + " in " + browser().displayName() + "\n" + describe());
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
            out.append("  url: ").append(currentUrl()).append('\n');
            out.append("  state: ").append(state()).append('\n');
            out.append("  error box: ").append(errorText()).append('\n');
            out.append("  diagnostics: ").append(diagnostics()).append('\n');
        } catch (RuntimeException e) {
            String message = Objects.requireNonNullElse(e.getMessage(), e.toString());
            out.append("  (page not readable: ").append(message.lines().findFirst().orElse("")).append(")\n");
        }
        out.append("  console errors: ").append(consoleErrors());
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object raw) {
        return Collections.unmodifiableMap((Map<String, Object>) Objects.requireNonNull(raw));
    }

    private static List<String> strings(Object raw) {
        return ((List<?>) raw).stream().map((v) -> v == null ? null : v.toString()).toList();
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // The browser may still be writing; the OS cleans temp in the end.
                }
            });
        } catch (IOException e) {
            // Best effort.
        }
    }
}
