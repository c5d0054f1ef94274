package io.github.mediastreams.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import io.github.mediastreams.testkit.KmsDouble;
import io.github.mediastreams.testkit.MediaBehaviour;

/**
 * The tests every Media Streams page passes, each in headless Chromium and in headless Firefox
 * ({@link EachBrowser}: written once, run in both), with a fake camera, over HTTPS, against the KMS
 * double, or against the real Kurento Media Server named by the environment variable
 * {@value #KMS_URL}: then the remote video must play, and the checks only the double can make (its
 * request log, its objects, stopping it) are skipped.
 *
 * <ol>
 *   <li>Start negotiates through the media server (offer, answer, candidates both ways, states), the
 *       call-quality panel shows the call, and stop releases everything; the page is screenshot as
 *       {@code <app>-started-<browser>.png}, and from its controls down as
 *       {@code <app>-mid-call-<browser>.png} (the READMEs' pictures).</li>
 *   <li>Start while the media server is down shows the error (the double only); screenshot
 *       {@code <app>-media-server-down-<browser>.png}.</li>
 *   <li>Media that never connects (the double's ICE fails) shows what to check, and nothing is
 *       left (the double only); screenshot {@code <app>-media-failed-<browser>.png}.</li>
 * </ol>
 *
 * <p>In both, the page is served with its security headers ({@code Content-Security-Policy},
 * {@code Permissions-Policy}, {@code X-Content-Type-Options}, {@code Referrer-Policy}, and
 * {@code Strict-Transport-Security} over HTTPS) and its policy blocks nothing the page does: any
 * violation the browser reports fails the test.
 *
 * <p>A subclass adds its app's own checks of a started session ({@link #startedOnTheDouble},
 * {@link #startedOnTheMediaServer}); the app's name ({@link #app()}: its
 * {@code spring.application.name} unless overridden) and page ({@link #page()}) have defaults.
 * It carries the {@code @SpringBootTest} itself, with a random port, so that Spring Boot finds
 * the app's {@code @SpringBootApplication} from the subclass's package; its own properties, if
 * any, go there too. The properties these tests need (the test TLS directory, and no minimum
 * interval between two starts, as the second test starts right after the first) come from this
 * class's {@code @TestPropertySource}.
 *
 * <pre>{@code
 * @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
 * class HelloWorldBrowserTest extends ExercisePageTest {
 * }
 * }</pre>
 *
 * <p>The KMS double is each test class's own: started before the class's first test and closed
 * after its last. It is held in a static field,
 * because {@code @DynamicPropertySource} is static, so the field holds the double of the test
 * class running now: test classes must run one after another (JUnit's default; this project runs
 * no test classes in parallel). {@code @DirtiesContext} closes the application context with its
 * double, so that the next test class, even one with the same configuration, gets a new context
 * bound to its own double rather than a cached one bound to a closed double.
 */
@DirtiesContext
@TestPropertySource(properties = { "media-streams.tls.directory=target/test-tls",
        "media-streams.signalling.min-start-interval=0s" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class ExercisePageTest {

    /** The environment variable naming a real media server, e.g. {@code ws://localhost:8888/kurento}. */
    public static final String KMS_URL = "KMS_URL";

    /** A real media server when the environment names one; the tests then use it instead of the double. */
    private static final String REAL_KMS = blankToNull(System.getenv(KMS_URL));

    /** The double of the test class running now; {@code null} with a real media server, or between classes. */
    private static volatile KmsDouble kms;

    @DynamicPropertySource
    static void mediaServer(DynamicPropertyRegistry registry) {
        registry.add("media-server.url", () -> REAL_KMS != null ? REAL_KMS : runningKms().uri());
    }

    @LocalServerPort
    private int port;

    @Value("${spring.application.name:}")
    private String applicationName;

    @BeforeAll
    static void startKms() {
        if (REAL_KMS == null) {
            kms = KmsDouble.start();
        }
    }

    @AfterAll
    static void closeKms() {
        KmsDouble current = kms;
        kms = null;
        if (current != null) {
            current.close();
        }
    }

    @BeforeEach
    void cleanKms() {
        KmsDouble current = kms;
        if (current != null) {
            current.reset(true);
        }
    }

    /**
     * The KMS double, for a subclass's own tests.
     *
     * @return the double of the test class running now, or null against the real media server named by
     *     {@value #KMS_URL}
     */
    protected static KmsDouble kms() {
        return kms;
    }

    /**
     * The app's name, which starts its screenshots' names.
     *
     * @return by default the app's {@code spring.application.name}: e.g. {@code hello-world}, for
     *     {@code hello-world-started.png}
     */
    protected String app() {
        if (this.applicationName == null || this.applicationName.isBlank()) {
            throw new IllegalStateException("The app has no spring.application.name: override app() to name it");
        }
        return this.applicationName;
    }

    /**
     * The page under test.
     *
     * @return by default the app's root over HTTPS on its random port
     */
    protected String page() {
        return "https://localhost:" + this.port + "/";
    }

    /**
     * The app's own checks of a started session that only the double can make; called once the
     * offer and the ICE candidates are checked, before the local video is awaited. None by default.
     *
     * @param browser the page, its session started
     * @param kms the double, as the session left it
     */
    protected void startedOnTheDouble(HeadlessBrowser browser, KmsDouble kms) {
    }

    /**
     * The app's own checks of a started session on the real media server named by
     * {@value #KMS_URL}; called once the remote video plays, before the local video is awaited.
     * None by default.
     *
     * @param browser the page, its session started and its remote video playing
     */
    protected void startedOnTheMediaServer(HeadlessBrowser browser) {
    }

    @EachBrowser
    @Order(1)
    void startNegotiatesThroughTheMediaServerAndStopReleasesEverything(HeadlessBrowser browser) {
        KmsDouble kms = ExercisePageTest.kms;
        browser.open(page());
        browser.awaitState("idle");
        assertThat(browser.isDisplayed("#call-stats")).as("the call-quality panel while idle").isFalse();

        browser.click("#start");
        browser.awaitState("started");

        MediaDiagnostics started = browser.diagnostics();
        assertThat(started.offerSent()).as("offer sent").isTrue();
        assertThat(started.answerApplied()).as("answer applied").isTrue();
        assertThat(started.signalingState()).isEqualTo("stable");
        browser.awaitTrue("the browser's ICE candidates sent", () -> browser.diagnostics().localCandidatesSent() > 0);
        browser.awaitTrue("the media server's ICE candidates added",
                () -> browser.diagnostics().remoteCandidatesAdded() > 0);

        if (kms != null) {
            String offer = single(kms.requests("processOffer")).operationParams().get("offer").toString();
            String pageOffer = browser.script("return mediaSession.peerConnection.localDescription.sdp").toString();
            assertThat(offer).as("the offer processed by the media server is %s's", browser.browser().displayName())
                    .contains("m=audio", "m=video", "a=sendrecv")
                    .contains("a=ice-ufrag:" + iceUfrag(pageOffer));
            String endpoint = single(kms.liveObjectIds("WebRtcEndpoint"));
            browser.awaitTrue("the browser's ICE candidates reach the endpoint",
                    () -> !kms.iceCandidatesReceived(endpoint).isEmpty());
            assertThat(kms.iceCandidatesReceived(endpoint)).allSatisfy((c) -> assertThat(c).startsWith("candidate:"));
            browser.awaitTrue("the media server reports the media connected",
                    () -> browser.diagnostics().serverMediaStates().contains("connected"));
            // No media really flows through the double: the page's own connection is still connecting.
            assertThat(browser.text("#status")).isEqualTo("Connecting media…");
            startedOnTheDouble(browser, kms);
        } else {
            browser.awaitPlaying("#videoOutput", Duration.ofSeconds(30));
            browser.awaitTrue("the page's media connected",
                    () -> "Connected".equals(browser.text("#status")));
            startedOnTheMediaServer(browser);
        }
        browser.awaitPlaying("#videoInput", Duration.ofSeconds(10));
        assertCallQualityShown(browser, kms != null);
        browser.screenshot(app() + "-started-" + browser.browser().id());
        // The call as the README shows it: from the controls down, the videos, the call's quality, the app's events.
        browser.script("document.querySelector('#media-session').scrollIntoView();");
        browser.screenshot(app() + "-mid-call-" + browser.browser().id());

        browser.click("#stop");
        browser.awaitState("stopped");

        MediaDiagnostics stopped = browser.diagnostics();
        assertThat(stopped.stateHistory()).containsExactly("idle", "starting", "started", "stopped");
        assertThat(stopped.lastError()).isNull();
        assertThat(browser.errorText()).isEmpty();
        assertThat(browser.video("#videoInput").hasStream()).isFalse();
        assertThat(browser.video("#videoOutput").hasStream()).isFalse();
        if (kms != null) {
            browser.awaitTrue("no media object left on the media server", () -> kms.liveObjectCount() == 0);
        }
        assertServedWithItsSecurityHeadersAndNothingBlocked(browser);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @EachBrowser
    @Order(2)
    void startWhileTheMediaServerIsDownWaitsForItAndStartsByItself(HeadlessBrowser browser) {
        KmsDouble kms = ExercisePageTest.kms;
        assumeTrue(kms != null, "needs the KMS double: a real media server cannot be stopped by the test");
        browser.open(page());
        browser.awaitState("idle");
        kms.stop();
        boolean restarted = false;
        try {
            browser.click("#start");
            browser.awaitState("reconnecting", Duration.ofSeconds(10));
            assertThat(browser.text("#status")).startsWith("Reconnecting…")
                    .contains("The media server is not reachable");
            assertThat(browser.errorText()).as("no error while it waits").isEmpty();
            assertThat(browser.isEnabled("#stop")).as("the user can still stop").isTrue();
            assertServedWithItsSecurityHeadersAndNothingBlocked(browser);
            browser.screenshot(app() + "-media-server-down-" + browser.browser().id());

            kms.restart();
            restarted = true;
            browser.awaitState("started", Duration.ofSeconds(30));
            assertThat(browser.errorText()).isEmpty();
            browser.click("#stop");
            browser.awaitState("stopped");
            browser.awaitTrue("no media object left on the media server", () -> kms.liveObjectCount() == 0);
        } finally {
            if (!restarted) {
                kms.restart();
            }
        }
    }

    /**
     * The call-quality panel, once it has read the call twice: shown, with the negotiated codec. Against the
     * double no media flows (its candidates lead nowhere, so ICE never connects and the browser sends nothing):
     * the panel must say so, 0 sent and received, and no candidate pair. With a real media server video
     * flows both ways. Non-zero figures on a connected call are also checked without a media server, by
     * common-signalling's CallStatsBrowserTest.
     */
    private static void assertCallQualityShown(HeadlessBrowser browser, boolean onTheDouble) {
        browser.awaitTrue("two call-quality readings", () -> browser.diagnostics().callStatsReadings() >= 2);
        assertThat(browser.isDisplayed("#call-stats")).as("the call-quality panel while started").isTrue();
        // Read once the answer is applied: a reading taken before (a slow machine's) has no codec yet.
        browser.awaitTrue("the codec negotiated to send video",
                () -> browser.diagnostics().callStat("sent.codec") != null);
        MediaDiagnostics diagnostics = browser.diagnostics();
        assertThat(browser.text("[data-stat='sent.codec']")).isEqualTo(diagnostics.callStat("sent.codec"));
        assertThat(browser.text("[data-stat='sent.resolution']")).as("the camera's resolution").matches("\\d+×\\d+");
        if (onTheDouble) {
            assertThat(diagnostics.callStat("sent.bitrate")).as("nothing is sent before ICE connects").isEqualTo(0L);
            assertThat(browser.text("[data-stat='sent.bitrate']")).isEqualTo("0 kbit/s");
            assertThat(diagnostics.callStat("received.bitrate")).isEqualTo(0L);
            assertThat(browser.text("[data-stat='candidatePair']")).isEqualTo("none selected yet");
        } else {
            browser.awaitTrue("video sent and received", Duration.ofSeconds(30), () -> {
                MediaDiagnostics now = browser.diagnostics();
                return now.callStat("sent.bitrate") instanceof Number sent && sent.longValue() > 0
                        && now.callStat("received.bitrate") instanceof Number received && received.longValue() > 0
                        && now.callStat("sent.frames") instanceof Number frames && frames.longValue() > 0;
            });
            assertThat(browser.text("[data-stat='sent.bitrate']")).isNotEqualTo("0 kbit/s");
            assertThat(browser.text("[data-stat='candidatePair']")).matches("\\w+ ↔ \\w+, (UDP|TCP).*");
        }
    }

    /**
     * The page is served with its security headers and its policy blocked nothing the page did (no violation
     * the browser reported); for a subclass's own tests too.
     *
     * @param browser the page, after what it was asked to do
     */
    protected void assertServedWithItsSecurityHeadersAndNothingBlocked(HeadlessBrowser browser) {
        Map<String, String> headers = browser.responseHeaders(page());
        assertThat(headers).as("the security headers of %s", page())
                .containsKeys("content-security-policy", "permissions-policy")
                .containsEntry("x-content-type-options", "nosniff")
                .containsEntry("referrer-policy", "no-referrer");
        if (page().startsWith("https:")) {
            assertThat(headers).containsKey("strict-transport-security");
        }
        assertThat(browser.contentSecurityPolicyViolations()).as("what the page's Content-Security-Policy blocked")
                .isEmpty();
    }

    @EachBrowser
    @Order(3)
    void mediaThatNeverConnectsShowsWhatToCheck(HeadlessBrowser browser) {
        KmsDouble kms = ExercisePageTest.kms;
        assumeTrue(kms != null, "needs the KMS double: a real media server's ICE cannot be made to fail");
        kms.media().mode(MediaBehaviour.Mode.ICE_FAILS).failAfter(Duration.ofMillis(300));
        browser.open(page());
        browser.awaitState("idle");

        browser.click("#start");
        browser.awaitState("stopped", Duration.ofSeconds(20));

        assertThat(browser.errorText()).startsWith("The media connection failed")
                .contains("UDP ports", "KMS_EXTERNAL_IPV4", "TURN");
        MediaDiagnostics failed = browser.diagnostics();
        assertThat(failed.stateHistory()).containsExactly("idle", "starting", "started", "stopped");
        assertThat(failed.serverMediaStates()).as("the media server's view").startsWith("connecting");
        assertThat(failed.mediaStateHistory()).as("the page's own view: it was connecting").startsWith("connecting");
        // Either end may see the failure first: the double's, or the browser's own ICE giving up on the double's
        // candidates (Chromium can, within 200 ms); the page shows the same hint for both.
        assertThat(failed.serverMediaStates().contains("failed") || failed.mediaStateHistory().contains("failed"))
                .as("a failure seen by the media server %s or by the page %s", failed.serverMediaStates(),
                        failed.mediaStateHistory())
                .isTrue();
        browser.awaitTrue("nothing left on the media server", () -> kms.liveObjectCount() == 0);
        browser.screenshot(app() + "-media-failed-" + browser.browser().id());
    }

    /**
     * The one item of a list, asserting there is exactly one.
     *
     * @param items e.g. the double's live objects of a type
     * @param <T> the items' type
     * @return the item
     */
    protected static <T> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static KmsDouble runningKms() {
        KmsDouble current = kms;
        if (current == null) {
            throw new IllegalStateException("The KMS double runs only while its test class runs");
        }
        return current;
    }

    private static String iceUfrag(String sdp) {
        Matcher matcher = Pattern.compile("a=ice-ufrag:(\\S+)").matcher(sdp);
        assertThat(matcher.find()).as("ice-ufrag in %s", sdp).isTrue();
        return matcher.group(1);
    }

    private static String blankToNull(String value) {
        return (value == null || value.isBlank()) ? null : value;
    }
}
