package io.github.mediastreams.platedetector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;

import io.github.mediastreams.browser.EachBrowser;
import io.github.mediastreams.browser.ExercisePageTest;
import io.github.mediastreams.browser.HeadlessBrowser;
import io.github.mediastreams.testkit.KmsDouble;

/**
 * The plate-detector page in headless Chromium and Firefox (fake camera) over HTTPS, against the KMS double,
 * or against the real Kurento Media Server named by {@code KMS_URL}: then the remote video must
 * play, and the checks only the double can make (its request log, firing a PlateDetected event,
 * stopping it) are skipped: the fake camera shows no plate. The tests are
 * {@link ExercisePageTest}'s, with the plate list's checks added.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "context-broker.plate-repeat-interval=1h")
class PlateDetectorBrowserTest extends ExercisePageTest {

	@Override
	protected void startedOnTheDouble(HeadlessBrowser browser, KmsDouble kms) {
		// A plate in view is reported frame after frame, as KMS does: fire until the page lists it. (An
		// event that reaches kurento-client before it has registered the filter is dropped by it.)
		String filter = single(kms.liveObjectIds("PlateDetectorFilter"));
		browser.awaitTrue("the plate listed", () -> {
			if (!browser.texts("#plates li").isEmpty()) {
				return true;
			}
			kms.firePlateDetected(filter, "--2748DKR");
			return false;
		});
		assertThat(browser.texts("#plates li")).as("a plate seen again and again is listed once").hasSize(1);
		assertThat(browser.texts("#plates li .event-text")).containsExactly("--2748DKR");
		assertThat(browser.text("#plates li time")).as("local time of the detection")
			.matches(".*\\d{1,2}:\\d{2}:\\d{2}.*");
		assertThat(browser.attributes("#plates li time", "datetime")).singleElement().asString().isNotBlank();
	}

	/**
	 * The sample plate: with the switch on, what is sent is the canvas's stream, not the camera's (the video sender's
	 * track is the local video's, a canvas capture, 640x480, with no microphone), the number shown beside the switch
	 * is a valid Spanish plate, and each start draws a new one.
	 */
	@EachBrowser
	@Order(3)
	void theSamplePlateIsSentInsteadOfTheCamera(HeadlessBrowser browser) {
		KmsDouble kms = kms();
		browser.open(page());
		browser.awaitState("idle");
		assertThat(browser.text("#sample-plate-number")).as("no number before a start").isEmpty();
		browser.click("#sample-plate");
		browser.click("#start");
		browser.awaitState("started");

		String first = browser.text("#sample-plate-number");
		assertThat(first).as("a Spanish plate: 4 digits, 3 consonants without Ñ or Q")
			.matches("\\d{4} [BCDFGHJKLMNPRSTVWXYZ]{3}");
		assertThat(browser.script(SENT_TRACK_IS_THE_CANVAS)).as("what is sent").isEqualTo("the sample plate's canvas");
		assertThat(browser.diagnostics().audio()).as("no microphone with the sample plate").isFalse();
		assertThat(browser.isEnabled("#sample-plate")).as("the switch waits for the session to end").isFalse();
		browser.awaitPlaying("#videoInput", Duration.ofSeconds(10));
		assertThat(browser.video("#videoInput").videoWidth()).isEqualTo(640);
		if (kms != null) {
			// What a real KMS 7.3 reported for such a plate: two unread characters, then the number.
			String filter = single(kms.liveObjectIds("PlateDetectorFilter"));
			String read = "--" + first.replace(" ", "");
			browser.awaitTrue("the plate listed", () -> {
				if (!browser.texts("#plates li").isEmpty()) {
					return true;
				}
				kms.firePlateDetected(filter, read);
				return false;
			});
			assertThat(browser.texts("#plates li .event-text")).containsExactly(read);
			browser.awaitTrue("two call-quality readings", () -> browser.diagnostics().callStatsReadings() >= 2);
		}
		// From the switch down: the plate sent, the call's quality and the plate listed.
		browser.script("document.querySelector('.sample-plate').scrollIntoView();");
		browser.screenshot(app() + "-sample-plate-" + browser.browser().id());

		browser.click("#stop");
		browser.awaitState("stopped");
		assertThat(browser.isEnabled("#sample-plate")).isTrue();
		browser.click("#start");
		browser.awaitState("started");
		assertThat(browser.text("#sample-plate-number")).as("a new number at each start")
			.matches("\\d{4} [BCDFGHJKLMNPRSTVWXYZ]{3}").isNotEqualTo(first);
		assertThat(browser.script(SENT_TRACK_IS_THE_CANVAS)).isEqualTo("the sample plate's canvas");
		browser.click("#stop");
		browser.awaitState("stopped");
		assertServedWithItsSecurityHeadersAndNothingBlocked(browser);
		assertThat(browser.consoleErrors()).isEmpty();
	}

	/**
	 * The sample plate's characters, each drawn on a sheet the test looks at (a screenshot): every digit and letter a
	 * plate can have leaves ink, no two look alike, and a character no plate has is refused by name.
	 */
	@EachBrowser
	@Order(4)
	void everyCharacterOfAPlateIsDrawnAndNoTwoLookAlike(HeadlessBrowser browser) {
		browser.open(page());
		browser.awaitState("idle");
		Map<?, ?> sheet = (Map<?, ?>) browser.script(GLYPH_SHEET, GLYPH_HEIGHT);
		browser.screenshot(app() + "-plate-glyphs-" + browser.browser().id());

		Map<?, ?> ink = (Map<?, ?>) sheet.get("ink");
		assertThat(ink.keySet()).as("every character of a plate").hasSize(30);
		ink.forEach((character, pixels) -> assertThat(((Number) pixels).intValue())
			.as("ink of %s (half a stem: %d pixels)", character, HALF_A_STEM)
			.isGreaterThan(HALF_A_STEM));
		assertThat(((Number) sheet.get("distance")).doubleValue())
			.as("the share of pixels in which the two closest characters, %s, differ", sheet.get("closest"))
			.isGreaterThan(0.1);
		assertThat(sheet.get("unknown")).as("drawing a Q, which no Spanish plate has")
			.isEqualTo("No glyph for \"Q\": a plate's characters are \"0123456789 BCDFGHJKLMNPRSTVWXYZ\"");
		assertThat(browser.consoleErrors()).isEmpty();
	}

	/**
	 * The sample plate is legible to KMS's plate filter: 20 random plates, each a frame of the sample plate's own
	 * stream played in a video element of the page and captured there, are read as the filter reads them
	 * ({@link PlateReader}: Debian's tesseract with the filter's trained data, per character, confidence above 70);
	 * every character of at least 19 must be read, and each frame must have the proportions the filter looks for
	 * (the plate, and the blob its closing makes of the text, 5 ± 1.8 wide per high; characters 1.67 ± 0.35 high per
	 * wide, but a 1, which the filter finds by its height).
	 */
	@EachBrowser
	@Order(5)
	void theSamplePlateIsReadAsKmsFilterReadsIt(HeadlessBrowser browser, @TempDir Path work) throws Exception {
		PlateReader.assumeInstalled();
		browser.open(page());
		browser.awaitState("idle");
		List<?> frames = (List<?>) browser.script(SAMPLE_FRAMES, SAMPLE_PLATES);
		PlateReader reader = new PlateReader(PlateReader.trainedData(work), work);

		List<String> misread = new ArrayList<>();
		for (Object item : frames) {
			Map<?, ?> frame = (Map<?, ?>) item;
			String number = (String) frame.get("number");
			assertThat(frame.get("size")).as("the frame of %s", number).isEqualTo("640x480");
			String png = ((String) frame.get("png")).substring("data:image/png;base64,".length());
			BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png)));
			PlateReader.Reading reading = reader.read(image, number.replace(' ', '_'));
			if (!reading.text().equals(number)) {
				misread.add(number + " read as '" + reading.text() + "'");
				continue;
			}
			assertThat(reading.plateProportion()).as("%s: the plate's width per height", number)
				.isCloseTo(5.0, within(1.8));
			assertThat(reading.textProportion()).as("%s: the text's width per height", number)
				.isCloseTo(5.0, within(1.8));
			List<Double> proportions = reading.characterProportions();
			String characters = number.replace(" ", "");
			for (int i = 0; i < characters.length(); i++) {
				if (characters.charAt(i) != '1') {
					assertThat(proportions.get(i)).as("%s: the height per width of its %s", number, characters.charAt(i))
						.isCloseTo(1.67, within(0.35));
				}
			}
		}
		LOG.info("Sample plates read as KMS's filter reads them in {}: {} of {} fully{}", browser.browser().id(),
				frames.size() - misread.size(), frames.size(), misread.isEmpty() ? "" : "; not: " + misread);
		assertThat(frames).hasSize(SAMPLE_PLATES);
		assertThat(misread).as("plates not fully read, of %d", SAMPLE_PLATES).hasSizeLessThanOrEqualTo(1);
	}

	private static final int SAMPLE_PLATES = 20;

	private static final Logger LOG = LoggerFactory.getLogger(PlateDetectorBrowserTest.class);

	/**
	 * Plays {@code arguments[0]} sample plates, one after the other, each its own stream in a video element, and
	 * captures a frame of each: its number, the frame's size and the frame as a PNG data URL.
	 */
	private static final String SAMPLE_FRAMES = """
			const count = arguments[0];
			return import(new URL('js/sample-plate.js', document.baseURI).href).then(async ({ SamplePlate }) => {
			  const video = Object.assign(document.createElement('video'), { muted: true, playsInline: true });
			  document.body.append(video);
			  const canvas = Object.assign(document.createElement('canvas'), { width: 640, height: 480 });
			  const g = canvas.getContext('2d');
			  const frames = [];
			  for (let i = 0; i < count; i++) {
			    const plate = new SamplePlate();
			    const stream = await plate.start();
			    video.srcObject = stream;
			    await video.play();
			    // A few frames in, as the filter sees the stream after Start.
			    await new Promise((resolve) => setTimeout(resolve, 300));
			    g.drawImage(video, 0, 0, canvas.width, canvas.height);
			    frames.push({ number: plate.number, size: `${video.videoWidth}x${video.videoHeight}`,
			      png: canvas.toDataURL('image/png') });
			    stream.getTracks().forEach((track) => track.stop());
			  }
			  video.remove();
			  return frames;
			});
			""";

	private static final int GLYPH_HEIGHT = 70;

	private static final int HALF_A_STEM = GLYPH_HEIGHT * GLYPH_HEIGHT / 7 / 2;

	/**
	 * Draws each character a plate can have, at {@code arguments[0]} pixels high, in a cell of its own on a sheet
	 * that replaces the page; returns each one's ink (its dark pixels), the two most alike and the share of their
	 * inked pixels in which they differ, and the error drawing a Q gives.
	 */
	private static final String GLYPH_SHEET = """
			const height = arguments[0];
			const module = (path) => import(new URL(path, document.baseURI).href);
			return Promise.all([module('js/plate-glyphs.js'), module('js/sample-plate.js')])
			  .then(([{ drawPlateText }, { PLATE_LETTERS }]) => {
			    const characters = [...'0123456789' + PLATE_LETTERS];
			    const cell = Math.round(height * 1.2);
			    const columns = 10;
			    const canvas = Object.assign(document.createElement('canvas'),
			      { width: cell * columns, height: cell * Math.ceil(characters.length / columns) });
			    const g = canvas.getContext('2d', { willReadFrequently: true });
			    g.fillStyle = '#fff';
			    g.fillRect(0, 0, canvas.width, canvas.height);
			    g.strokeStyle = '#000';
			    const bitmaps = characters.map((character, i) => {
			      const [x, y] = [(i % columns) * cell, Math.floor(i / columns) * cell];
			      drawPlateText(g, character, x + cell / 2, y + cell / 2, height);
			      const { data } = g.getImageData(x, y, cell, cell);
			      return Array.from({ length: cell * cell }, (_, p) => data[4 * p] < 128);
			    });
			    document.body.replaceChildren(canvas);
			    const ink = Object.fromEntries(characters.map((c, i) => [c, bitmaps[i].filter(Boolean).length]));
			    let closest = { distance: Infinity };
			    bitmaps.forEach((a, i) => bitmaps.slice(i + 1).forEach((b, k) => {
			      const either = a.filter((dark, p) => dark || b[p]).length;
			      const distance = a.filter((dark, p) => dark !== b[p]).length / either;
			      if (distance < closest.distance) closest = { distance, pair: characters[i] + characters[i + 1 + k] };
			    }));
			    let unknown = null;
			    try {
			      drawPlateText(g, 'Q', 0, 0, height);
			    } catch (e) {
			      unknown = e.message;
			    }
			    return { ink, closest: closest.pair, distance: closest.distance, unknown };
			  });
			""";

	/**
	 * Whether the video sender's track is the local video's and a canvas's capture (Chromium: the track's
	 * {@code canvas}; Firefox: the stream's).
	 */
	private static final String SENT_TRACK_IS_THE_CANVAS = """
			const sender = mediaSession.peerConnection.getSenders().find((s) => s.track?.kind === 'video');
			const local = document.querySelector('#videoInput').srcObject;
			if (!sender || !local || local.getVideoTracks()[0] !== sender.track) return 'not the local video';
			const canvas = sender.track.canvas ?? local.canvas;
			if (!(canvas instanceof HTMLCanvasElement)) return 'not a canvas: ' + sender.track.label;
			return canvas.width === 640 && canvas.height === 480 ? "the sample plate's canvas" : 'another canvas';
			""";

}
