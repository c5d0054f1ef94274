package io.github.mediastreams.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Debian's Firefox ESR, headless, driven over WebDriver BiDi by its own remote agent (no
 * geckodriver, which Debian does not package), with a fake camera and microphone: the same page
 * helpers as {@link HeadlessChromium}, from {@link HeadlessBrowser}.
 *
 * <p>Nothing is downloaded: the browser is {@value #DEFAULT_BINARY} (the system property
 * {@value #BINARY_PROPERTY} names another); it runs with a fresh profile whose preferences
 * ({@link #PREFERENCES}) give the fake devices, real host ICE candidates, and no traffic of
 * Firefox's own (updates, telemetry, remote settings, safe browsing, captive portal checks…): what
 * cannot be switched off goes to a proxy on a closed loopback port.
 *
 * <p>Firefox gathers no ICE candidates on loopback, only on the default route's interface, so a
 * call whose media really flows would use the machine's own interface address:
 * {@link #launchInNetworkNamespace()} runs it in a network namespace of its own instead
 * ({@link NetworkNamespace}), where its host candidates are 198.18.0.x addresses
 * ({@link Browser#FIREFOX_NETNS} in {@link EachBrowser}).
 *
 * <p>Content-Security-Policy violations are caught by a BiDi preload script listening for the
 * page's {@code securitypolicyviolation} events before any script of the page runs, and reported
 * over a BiDi channel; console messages come from BiDi's {@code log.entryAdded}.
 */
public final class HeadlessFirefox extends HeadlessBrowser {

    /** Debian's Firefox ESR. */
    public static final String DEFAULT_BINARY = "/usr/bin/firefox-esr";
    /** System property naming another Firefox binary. */
    public static final String BINARY_PROPERTY = "browser-testkit.firefox";
    /** The Debian package that provides it. */
    public static final String PACKAGES = "firefox-esr";

    /**
     * The preferences of every profile ({@code user.js}): the fake camera and microphone without a
     * prompt; host ICE candidates with their real addresses (Firefox hides them behind mDNS names
     * otherwise); a blank start page; and every service that would reach out to the Internet
     * switched off or pointed at a closed loopback port.
     */
    public static final Map<String, Object> PREFERENCES = preferences();

    private static final Pattern LISTENING = Pattern.compile("WebDriver BiDi listening on (ws://\\S+)");
    private static final Duration LAUNCH_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final String CSP_CHANNEL = "browser-testkit-csp";

    /** Registered before any page script runs: each violation the page's policy reports goes to the channel. */
    private static final String CSP_LISTENER = """
            (report) => window.addEventListener('securitypolicyviolation', (e) => {
              const what = e.blockedURI === 'inline' || e.blockedURI === 'eval'
                ? `${e.blockedURI} ${e.effectiveDirective.replace(/-src.*$/, '')}` : e.blockedURI;
              report(`Content Security Policy: ${e.effectiveDirective} blocked ${what} (${e.sourceFile}:${e.lineNumber})`);
            }, true)""";

    private final Browser browser;
    private final NetworkNamespace namespace;
    private final Process process;
    private final Path profile;
    private final BidiConnection bidi;
    private final String context;
    private final List<String> consoleLog;
    private final List<String> consoleErrors;
    private final List<String> violations;

    private HeadlessFirefox(Browser browser, NetworkNamespace namespace, Process process, Path profile,
            BidiConnection bidi, String context, List<String> consoleLog, List<String> consoleErrors,
            List<String> violations) {
        this.browser = browser;
        this.namespace = namespace;
        this.process = process;
        this.profile = profile;
        this.bidi = bidi;
        this.context = context;
        this.consoleLog = consoleLog;
        this.consoleErrors = consoleErrors;
        this.violations = violations;
    }

    /** The Firefox binary used: {@value #DEFAULT_BINARY} unless {@value #BINARY_PROPERTY} says otherwise. */
    public static Path binary() {
        return Path.of(System.getProperty(BINARY_PROPERTY, DEFAULT_BINARY));
    }

    /**
     * Starts a new headless Firefox with a fresh profile. Skips the calling test when it is not
     * installed (fails it under {@code CI=true}).
     */
    public static HeadlessFirefox launch() {
        Browser.FIREFOX.assumeInstalled();
        return start(Browser.FIREFOX, null);
    }

    /**
     * Starts a new headless Firefox, as {@link #launch()} does, inside a {@link NetworkNamespace} of its
     * own, which it closes with itself: its ICE host candidates are the namespace's 198.18.0.x
     * addresses, none of the machine's. A page of the machine's {@code localhost} opens as usual: at
     * each {@link #open}, the URL's {@code localhost} port is forwarded into the namespace. Skips the
     * calling test when Firefox or {@code ip} is missing or this process may not make namespaces (not
     * root); fails it under {@code CI=true}.
     */
    public static HeadlessFirefox launchInNetworkNamespace() {
        Browser.FIREFOX_NETNS.assumeInstalled();
        return NetworkNamespace.createFor((namespace) -> start(Browser.FIREFOX_NETNS, namespace));
    }

    private static HeadlessFirefox start(Browser browser, NetworkNamespace namespace) {
        Path profile;
        try {
            profile = Files.createTempDirectory("browser-testkit-firefox-");
            Files.writeString(profile.resolve("user.js"), PREFERENCES.entrySet().stream()
                    .map((p) -> "user_pref(\"" + p.getKey() + "\", " + literal(p.getValue()) + ");")
                    .collect(Collectors.joining("\n", "", "\n")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process = null;
        try {
            // Inside a namespace the remote agent listens on a port relayed to the same port here.
            String remotePort = namespace == null ? "0" : String.valueOf(namespace.exposeToHost());
            List<String> command = List.of(binary().toString(), "--headless", "--no-remote",
                    "--profile", profile.toString(), "--remote-debugging-port", remotePort);
            ProcessBuilder builder = new ProcessBuilder(namespace == null ? command : namespace.command(command))
                    .redirectErrorStream(true);
            builder.environment().put("MOZ_CRASHREPORTER_DISABLE", "1");
            process = builder.start();
            Output output = new Output(process);
            URI endpoint = URI.create(output.awaitEndpoint() + "/session");

            List<String> consoleLog = new ArrayList<>();
            List<String> consoleErrors = new ArrayList<>();
            List<String> violations = new ArrayList<>();
            BidiConnection bidi = BidiConnection.open(endpoint, COMMAND_TIMEOUT,
                    (method, params) -> event(method, params, consoleLog, consoleErrors, violations));
            bidi.send("session.new", Map.of("capabilities", Map.of("alwaysMatch", Map.of("acceptInsecureCerts", true))));
            bidi.send("session.subscribe", Map.of("events", List.of("log.entryAdded", "script.message")));
            bidi.send("script.addPreloadScript", Map.of("functionDeclaration", CSP_LISTENER, "arguments",
                    List.of(Map.of("type", "channel", "value", Map.of("channel", CSP_CHANNEL)))));
            List<?> contexts = (List<?>) bidi.send("browsingContext.getTree", Map.of("maxDepth", 0)).get("contexts");
            String context = String.valueOf(asMap(contexts.get(0)).get("context"));
            bidi.send("browsingContext.setViewport", Map.of("context", context,
                    "viewport", Map.of("width", WIDTH, "height", HEIGHT)));
            return new HeadlessFirefox(browser, namespace, process, profile, bidi, context, consoleLog, consoleErrors,
                    violations);
        } catch (IOException e) {
            deleteRecursively(profile);
            throw new UncheckedIOException("Cannot start " + binary(), e);
        } catch (RuntimeException e) {
            if (process != null) {
                stop(process);
            }
            deleteRecursively(profile);
            throw e;
        }
    }

    @Override
    public Browser browser() {
        return this.browser;
    }

    @Override
    public HeadlessFirefox open(String url) {
        if (this.namespace != null) {
            this.namespace.forwardToHost(url);
        }
        this.bidi.send("browsingContext.navigate", Map.of("context", this.context, "url", url, "wait", "complete"));
        awaitTrue("document of " + url + " loaded", () -> "complete".equals(script("return document.readyState")));
        return this;
    }

    @Override
    public Object script(String javaScript, Object... args) {
        return RemoteValues.toJava(call("function () {\n" + javaScript + "\n}", args));
    }

    @Override
    public HeadlessFirefox click(String cssSelector) {
        awaitTrue(cssSelector + " displayed and enabled", () -> isDisplayed(cssSelector) && isEnabled(cssSelector));
        // A real pointer click at the element's centre, as a user's (not element.click()).
        Map<String, Object> element = asMap(call("(selector) => { const e = document.querySelector(selector);"
                + " e.scrollIntoView({ block: 'center' }); return e; }", cssSelector));
        Map<String, Object> origin = Map.of("type", "element", "element", Map.of("sharedId", element.get("sharedId")));
        this.bidi.send("input.performActions", Map.of("context", this.context, "actions", List.of(Map.of(
                "type", "pointer", "id", "mouse", "parameters", Map.of("pointerType", "mouse"),
                "actions", List.of(Map.of("type", "pointerMove", "x", 0, "y", 0, "origin", origin),
                        Map.of("type", "pointerDown", "button", 0), Map.of("type", "pointerUp", "button", 0))))));
        this.bidi.send("input.releaseActions", Map.of("context", this.context));
        return this;
    }

    @Override
    protected byte[] screenshotPng() {
        Object data = this.bidi.send("browsingContext.captureScreenshot", Map.of("context", this.context)).get("data");
        return Base64.getDecoder().decode(data.toString());
    }

    @Override
    public String currentUrl() {
        return String.valueOf(script("return location.href;"));
    }

    @Override
    public List<String> consoleErrors() {
        synchronized (this.consoleLog) {
            return List.copyOf(this.consoleErrors);
        }
    }

    @Override
    public List<String> consoleMessages() {
        synchronized (this.consoleLog) {
            return List.copyOf(this.consoleLog);
        }
    }

    @Override
    public List<String> contentSecurityPolicyViolations() {
        synchronized (this.consoleLog) {
            return List.copyOf(this.violations);
        }
    }

    @Override
    public void close() {
        try {
            this.bidi.send("browser.close", Map.of(), Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            // Already gone, or hung: stopped below.
        }
        this.bidi.close();
        stop(this.process);
        deleteRecursively(this.profile);
        if (this.namespace != null) {
            this.namespace.close();
        }
    }

    /** Calls a function in the page, awaiting a promise it returns; its result as BiDi serialized it. */
    private Object call(String functionDeclaration, Object... args) {
        List<Map<String, Object>> arguments = new ArrayList<>();
        for (Object arg : args) {
            arguments.add(RemoteValues.toLocal(arg));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("functionDeclaration", functionDeclaration);
        params.put("awaitPromise", true);
        params.put("target", Map.of("context", this.context));
        params.put("arguments", arguments);
        params.put("resultOwnership", "none");
        params.put("serializationOptions", Map.of("maxObjectDepth", 20, "maxDomDepth", 0));
        Map<String, Object> result = this.bidi.send("script.callFunction", params);
        if ("exception".equals(result.get("type"))) {
            Object details = asMap(result.get("exceptionDetails")).get("text");
            throw new IllegalStateException("The page's script failed: " + details);
        }
        return result.get("result");
    }

    private static void event(String method, Map<String, Object> params, List<String> consoleLog,
            List<String> consoleErrors, List<String> violations) {
        synchronized (consoleLog) {
            if ("log.entryAdded".equals(method)) {
                String level = switch (String.valueOf(params.get("level"))) {
                    case "error" -> "SEVERE";
                    case "warn" -> "WARNING";
                    case "info" -> "INFO";
                    default -> "FINE";
                };
                String text = String.valueOf(params.get("text"));
                consoleLog.add(level + " " + text);
                if ("SEVERE".equals(level)) {
                    consoleErrors.add(text);
                }
            } else if ("script.message".equals(method) && CSP_CHANNEL.equals(params.get("channel"))) {
                String violation = String.valueOf(RemoteValues.toJava(params.get("data")));
                violations.add(violation);
                consoleLog.add("SEVERE " + violation);
            }
        }
    }

    private static void stop(Process process) {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static String literal(Object value) {
        return value instanceof String s ? "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : value.toString();
    }

    private static Map<String, Object> preferences() {
        Map<String, Object> p = new LinkedHashMap<>();
        // The fake camera and microphone, granted without a prompt.
        p.put("media.navigator.streams.fake", true);
        p.put("media.navigator.permission.disabled", true);
        // ICE: real host addresses, as Chromium gives a page that has the camera. (Firefox 153 gathers none on
        // loopback, media.peerconnection.ice.loopback notwithstanding, only on the default route's interface:
        // launchInNetworkNamespace gives it one of 198.18.0.0/15.)
        p.put("media.peerconnection.ice.obfuscate_host_addresses", false);
        // No codec plug-in download (OpenH264): VP8 and VP9 are built in.
        p.put("media.gmp-manager.updateEnabled", false);
        p.put("media.gmp-manager.url", "http://127.0.0.1:9/");
        p.put("media.gmp-gmpopenh264.autoupdate", false);
        p.put("media.gmp-gmpopenh264.enabled", false);
        // A blank start, no first-run pages.
        p.put("browser.startup.page", 0);
        p.put("browser.startup.homepage", "about:blank");
        p.put("browser.startup.homepage_override.mstone", "ignore");
        p.put("browser.newtabpage.enabled", false);
        p.put("browser.aboutwelcome.enabled", false);
        p.put("browser.shell.checkDefaultBrowser", false);
        p.put("datareporting.policy.firstRunURL", "");
        // Nothing of Firefox's own goes out: what is not switched off below (Remote Settings, whose server a
        // release build does not let a preference change) meets a proxy on a closed loopback port, so not even
        // a DNS query leaves the machine; the pages under test, on localhost, are never proxied.
        p.put("network.proxy.type", 1);
        p.put("network.proxy.http", "127.0.0.1");
        p.put("network.proxy.http_port", 9);
        p.put("network.proxy.ssl", "127.0.0.1");
        p.put("network.proxy.ssl_port", 9);
        p.put("network.proxy.no_proxies_on", "localhost, 127.0.0.1, [::1]");
        p.put("network.proxy.allow_hijacking_localhost", false);
        // Without these two, a service whose proxy fails goes direct.
        p.put("network.proxy.failover_direct", false);
        p.put("network.proxy.allow_bypass", false);
        p.put("app.update.disabledForTesting", true);
        p.put("app.update.auto", false);
        p.put("app.normandy.enabled", false);
        p.put("app.normandy.api_url", "");
        p.put("app.shield.optoutstudies.enabled", false);
        p.put("messaging-system.rsexperimentloader.enabled", false);
        p.put("datareporting.healthreport.uploadEnabled", false);
        p.put("datareporting.policy.dataSubmissionEnabled", false);
        p.put("toolkit.telemetry.enabled", false);
        p.put("toolkit.telemetry.unified", false);
        p.put("toolkit.telemetry.server", "http://127.0.0.1:9");
        p.put("browser.ping-centre.telemetry", false);
        p.put("browser.safebrowsing.malware.enabled", false);
        p.put("browser.safebrowsing.phishing.enabled", false);
        p.put("browser.safebrowsing.downloads.enabled", false);
        p.put("browser.safebrowsing.blockedURIs.enabled", false);
        p.put("browser.safebrowsing.update.enabled", false);
        p.put("network.captive-portal-service.enabled", false);
        p.put("network.connectivity-service.enabled", false);
        p.put("network.trr.mode", 5);
        p.put("network.dns.disablePrefetch", true);
        p.put("network.prefetch-next", false);
        p.put("network.http.speculative-parallel-limit", 0);
        p.put("dom.push.connection.enabled", false);
        p.put("browser.region.network.url", "");
        p.put("browser.region.update.enabled", false);
        p.put("browser.search.update", false);
        p.put("geo.provider.network.url", "");
        p.put("extensions.update.enabled", false);
        p.put("extensions.getAddons.cache.enabled", false);
        p.put("extensions.systemAddon.update.enabled", false);
        p.put("extensions.blocklist.enabled", false);
        p.put("security.OCSP.enabled", 0);
        p.put("security.remote_settings.crlite_filters.enabled", false);
        p.put("security.remote_settings.intermediates.enabled", false);
        p.put("browser.topsites.contile.enabled", false);
        p.put("browser.newtabpage.activity-stream.feeds.system.topstories", false);
        p.put("browser.newtabpage.activity-stream.feeds.snippets", false);
        p.put("services.sync.engine.addons", false);
        p.put("identity.fxaccounts.enabled", false);
        return java.util.Collections.unmodifiableMap(p);
    }

    /** The browser's output, read on a thread of its own: the BiDi endpoint it prints, and its last lines for errors. */
    private static final class Output {

        private final CompletableFuture<String> endpoint = new CompletableFuture<>();
        private final Deque<String> last = new ArrayDeque<>();

        Output(Process process) {
            Thread reader = new Thread(() -> read(process), "firefox-output-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        private void read(Process process) {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        this.endpoint.complete(matcher.group(1));
                    }
                    synchronized (this.last) {
                        this.last.addLast(line);
                        if (this.last.size() > 40) {
                            this.last.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                // The browser is gone.
            }
            this.endpoint.completeExceptionally(new IllegalStateException("Firefox exited (" + exitCode(process)
                    + ") without a WebDriver BiDi endpoint; its last output:\n  " + lastLines()));
        }

        String awaitEndpoint() {
            try {
                return this.endpoint.get(LAUNCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Firefox printed no WebDriver BiDi endpoint in "
                        + LAUNCH_TIMEOUT.toSeconds() + " s; its last output:\n  " + lastLines());
            } catch (java.util.concurrent.ExecutionException e) {
                throw (RuntimeException) e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted waiting for Firefox");
            }
        }

        private String lastLines() {
            synchronized (this.last) {
                return String.join("\n  ", this.last);
            }
        }

        private static String exitCode(Process process) {
            try {
                return process.waitFor(5, TimeUnit.SECONDS) ? "exit code " + process.exitValue() : "still running";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "unknown";
            }
        }
    }
}
