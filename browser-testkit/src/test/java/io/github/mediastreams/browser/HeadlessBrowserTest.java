package io.github.mediastreams.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real browser tests of the kit, in each browser, against a static page served by the JDK's
 * HttpServer: the page follows the Media Streams conventions (a #status with data-state,
 * window.mediaSession) and its Start button opens the fake camera.
 */
class HeadlessBrowserTest {

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>kit test</title></head>
            <body>
              <button id="start" type="button">Start</button>
              <span id="status" data-state="idle">Idle</span>
              <div id="error" hidden></div>
              <video id="videoInput" autoplay playsinline muted width="320" height="240"></video>
              <script>
                const status = document.getElementById('status');
                window.mediaSession = {
                  state: 'idle',
                  diagnostics: { offerSent: false, answerApplied: false, localCandidatesSent: 0,
                                 remoteCandidatesAdded: 0, stateHistory: ['idle'], lastError: null },
                };
                const setState = (s) => {
                  window.mediaSession.state = s;
                  window.mediaSession.diagnostics.stateHistory.push(s);
                  status.dataset.state = s;
                  status.textContent = s;
                };
                document.getElementById('start').addEventListener('click', async () => {
                  setState('starting');
                  const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
                  document.getElementById('videoInput').srcObject = stream;
                  Object.assign(window.mediaSession.diagnostics, { offerSent: true, localCandidatesSent: 3 });
                  setState('started');
                  console.error('kit test: an error on purpose');
                });
              </script>
            </body></html>
            """;

    /** A page whose policy blocks its own inline script and its data: icon, as the apps' policy would. */
    private static final String STRICT_PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>kit test, strict</title>
            <link rel="icon" href="data:,"></head>
            <body><script>window.inlineScriptRan = true;</script></body></html>
            """;

    private static final String STRICT_POLICY = "default-src 'self'; img-src 'self'; script-src 'self'";

    private static HttpServer server;
    private static String url;

    @BeforeAll
    static void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/strict", exchange -> {
            byte[] body = STRICT_PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Content-Security-Policy", STRICT_POLICY);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        url = "http://localhost:" + server.getAddress().getPort() + "/";
    }

    @AfterAll
    static void shutdown() {
        if (server != null) {
            server.stop(0);
        }
    }

    @EachBrowser
    void clickChangesTheStateAndTheFakeCameraPlays(HeadlessBrowser browser) throws IOException {
        browser.open(url);
        assertThat(browser.state()).isEqualTo("idle");
        assertThat(browser.errorText()).isEmpty();

        browser.click("#start").awaitState("started");

        MediaDiagnostics diagnostics = browser.diagnostics();
        assertThat(diagnostics.state()).isEqualTo("started");
        assertThat(diagnostics.stateHistory()).containsExactly("idle", "starting", "started");
        assertThat(diagnostics.offerSent()).isTrue();
        assertThat(diagnostics.answerApplied()).isFalse();
        assertThat(diagnostics.localCandidatesSent()).isEqualTo(3);

        // The fake device flags give a real (synthetic) camera stream without a prompt.
        VideoState playing = browser.awaitPlaying("#videoInput", Duration.ofSeconds(10));
        assertThat(playing.videoWidth()).isPositive();
        assertThat(playing.hasStream()).isTrue();
        // The same stream drawn twice: at most the motion between two draws.
        assertThat(browser.frameDifference("#videoInput", "#videoInput")).isBetween(0.0, 20.0);

        assertThat(browser.consoleErrors()).anySatisfy(e -> assertThat(e).contains("an error on purpose"));

        Path shot = browser.screenshot("kit-test-started-" + browser.browser().id());
        assertThat(shot).isRegularFile().hasFileName("kit-test-started-" + browser.browser().id() + ".png");
        BufferedImage png = ImageIO.read(shot.toFile());
        assertThat(png.getWidth()).as("the screenshot is of the viewport").isEqualTo(HeadlessBrowser.WIDTH);
        assertThat(png.getHeight()).isEqualTo(HeadlessBrowser.HEIGHT);
        assertThat(shot.getParent()).isEqualTo(HeadlessBrowser.screenshotDirectory());
    }

    @EachBrowser
    void whatAPagesPolicyBlocksIsReportedAndItsHeadersAreReadable(HeadlessBrowser browser) {
        browser.open(url + "strict");

        assertThat(browser.script("return window.inlineScriptRan === true")).as("the inline script ran").isEqualTo(false);
        browser.awaitTrue("the violation reported", () -> !browser.contentSecurityPolicyViolations().isEmpty());
        assertThat(browser.contentSecurityPolicyViolations()).anySatisfy(v -> assertThat(v).contains("inline script"));
        assertThat(browser.responseHeaders(url + "strict")).containsEntry("content-security-policy", STRICT_POLICY);
    }

    @EachBrowser
    void aPageWithoutAPolicyHasNoViolations(HeadlessBrowser browser) {
        browser.open(url);
        browser.click("#start").awaitState("started");

        assertThat(browser.contentSecurityPolicyViolations()).isEmpty();
        assertThat(browser.responseHeaders(url)).doesNotContainKey("content-security-policy");
    }

    @EachBrowser
    void awaitingAStateThatNeverComesFailsWithADescriptionOfThePage(HeadlessBrowser browser) {
        browser.open(url);
        assertThatThrownBy(() -> browser.awaitState("started", Duration.ofMillis(500)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("page state 'started' in " + browser.browser().displayName())
                .hasMessageContaining("state: idle")
                .hasMessageContaining("stateHistory=[idle]");
    }

    @EachBrowser
    void scriptsGetTheirArgumentsAndGiveJavaValuesBackInEachBrowser(HeadlessBrowser browser) {
        browser.open(url);
        Object back = browser.script("""
                return { echo: arguments[0], sum: arguments[1] + 1, half: arguments[1] / 2, list: [true, null, 'x'],
                         nested: { deep: { deeper: [1, { n: 2 }] } }, nothing: undefined };
                """, "é \"quoted\"", 41);
        assertThat(back).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) back;
        assertThat(map.get("echo")).isEqualTo("é \"quoted\"");
        assertThat(map.get("sum")).isEqualTo(42L);
        assertThat(map.get("half")).isEqualTo(20.5);
        assertThat(map.get("list")).isEqualTo(java.util.Arrays.asList(true, null, "x"));
        assertThat(map.get("nested").toString()).isEqualTo("{deep={deeper=[1, {n=2}]}}");
        assertThat(map.get("nothing")).isNull();
        assertThat(browser.script("return new Promise((resolve) => setTimeout(() => resolve('later'), 50));"))
                .as("a promise is awaited").isEqualTo("later");
        assertThat(browser.texts("#status")).containsExactly("Idle");
        assertThat(browser.attributes("#status", "data-state")).containsExactly("idle");
        assertThat(browser.isDisplayed("#status")).isTrue();
        assertThat(browser.isDisplayed("#error")).as("a hidden element").isFalse();
        assertThatThrownBy(() -> browser.script("throw new Error('on purpose');")).hasMessageContaining("on purpose");
    }

    /**
     * Inside its namespace a browser opens the machine's localhost, and its ICE host candidates are on 127.0.0.1
     * (Chromium's) and the namespace's 198.18.0.x, never on the machine's interfaces.
     */
    @EachBrowser({ Browser.CHROMIUM_NETNS, Browser.FIREFOX_NETNS })
    void aBrowserInANetworkNamespaceGathersHostCandidatesOnItsAddressesOnly(HeadlessBrowser browser) {
        browser.open(url);
        browser.click("#start").awaitState("started");

        Object candidates = browser.script("""
                const pc = new RTCPeerConnection();
                document.querySelector('#videoInput').srcObject.getTracks().forEach((track) => pc.addTrack(track));
                const found = [];
                const gathered = new Promise((resolve) => pc.onicecandidate = ({ candidate }) =>
                  candidate?.candidate ? found.push(candidate.candidate) : resolve());
                return pc.createOffer().then((offer) => pc.setLocalDescription(offer)).then(() => gathered)
                  .then(() => { pc.close(); return found; });
                """);
        assertThat((List<?>) candidates).as("the candidates gathered")
                .allSatisfy((candidate) -> assertThat(candidate).asString()
                        .containsPattern(" (127\\.0\\.0\\.1|198\\.18\\.0\\.[12]) \\d+ typ host"))
                .anySatisfy((candidate) -> assertThat(candidate).asString().contains(" 198.18.0.1 "));
        assertThat(browser.browser().id()).endsWith("-netns");
    }

    @Test
    void launchesWithTheAgreedSwitchesOnly() {
        assertThat(HeadlessChromium.ARGUMENTS).containsExactly(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--allow-loopback-in-peer-connection", "--ignore-certificate-errors");
    }

    @Test
    void firefoxFakesTheCameraGivesRealHostCandidatesAndCallsNoServiceOfItsOwn() {
        assertThat(HeadlessFirefox.PREFERENCES)
                .containsEntry("media.navigator.streams.fake", true)
                .containsEntry("media.navigator.permission.disabled", true)
                .containsEntry("media.peerconnection.ice.obfuscate_host_addresses", false);
        assertThat(HeadlessFirefox.PREFERENCES.entrySet()).filteredOn((p) -> p.getValue() instanceof String url
                && url.contains("://")).allSatisfy((p) -> assertThat(p.getValue().toString()).startsWith("http://127.0.0.1:"));
    }
}
