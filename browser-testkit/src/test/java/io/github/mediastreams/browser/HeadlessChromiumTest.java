package io.github.mediastreams.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real browser tests of the kit against a static page served by the JDK's HttpServer: the page
 * follows the Media Streams conventions (a #status with data-state, window.mediaSession) and its
 * Start button opens the fake camera.
 */
@ExtendWith(ChromiumExtension.class)
class HeadlessChromiumTest {

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

    @Test
    void clickChangesTheStateAndTheFakeCameraPlays(HeadlessChromium browser) throws IOException {
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

        Path shot = browser.screenshot("kit-test-started");
        assertThat(shot).isRegularFile().hasFileName("kit-test-started.png");
        byte[] png = Files.readAllBytes(shot);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(shot.getParent()).isEqualTo(HeadlessChromium.screenshotDirectory());
    }

    @Test
    void whatAPagesPolicyBlocksIsReportedAndItsHeadersAreReadable(HeadlessChromium browser) {
        browser.open(url + "strict");

        assertThat(browser.script("return window.inlineScriptRan === true")).as("the inline script ran").isEqualTo(false);
        browser.awaitTrue("the violation reported", () -> !browser.contentSecurityPolicyViolations().isEmpty());
        assertThat(browser.contentSecurityPolicyViolations()).anySatisfy(v -> assertThat(v).contains("inline script"));
        assertThat(browser.responseHeaders(url + "strict")).containsEntry("content-security-policy", STRICT_POLICY);
    }

    @Test
    void aPageWithoutAPolicyHasNoViolations(HeadlessChromium browser) {
        browser.open(url);
        browser.click("#start").awaitState("started");

        assertThat(browser.contentSecurityPolicyViolations()).isEmpty();
        assertThat(browser.responseHeaders(url)).doesNotContainKey("content-security-policy");
    }

    @Test
    void awaitingAStateThatNeverComesFailsWithADescriptionOfThePage(HeadlessChromium browser) {
        browser.open(url);
        assertThatThrownBy(() -> browser.awaitState("started", Duration.ofMillis(500)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("page state 'started'")
                .hasMessageContaining("state: idle")
                .hasMessageContaining("stateHistory=[idle]");
    }

    @Test
    void launchesWithTheAgreedSwitchesOnly() {
        assertThat(HeadlessChromium.ARGUMENTS).containsExactly(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--allow-loopback-in-peer-connection", "--ignore-certificate-errors");
    }
}
