import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.github.mediastreams.testkit.signalling.SignallingClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The container harness's (docker/test/run) check of a running exercise, from the host as a browser and a user
 * see it, through the ports compose.yaml publishes: the page over HTTPS on 8443 with the certificate the app made,
 * one signalling session (offer in, answer and ICE candidates out) against the KMS stand-in, the detector's event
 * fired on the stand-in through its control port (docker exec) reaching the page and the Orion stand-in on 1026,
 * and every KMS object released after stop. Run with the testkit standalone jar on the class path (it has
 * SignallingClient and Jackson):
 *
 * <pre>
 * java -cp testkit-standalone.jar ExerciseCheck.java --app https://localhost:8443 --path /helloworld \
 *     --kms-container ID --candidate-address 198.18.1.2 --certificate cert.pem [--detector plate|crowd --orion URL]
 * </pre>
 *
 * Prints one line per check; on the first failure prints "FAILED: ..." and exits 1.
 */
public final class ExerciseCheck {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	// Generous bounds for answers that must come: the machine is a loaded 2-core one.
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final Map<String, String> options;

	private final HttpClient http = SignallingClient.trustingClient().connectTimeout(Duration.ofSeconds(10)).build();

	private ExerciseCheck(Map<String, String> options) {
		this.options = options;
	}

	public static void main(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		try {
			new ExerciseCheck(options).run();
		}
		catch (AssertionError ex) {
			System.out.println("FAILED: " + ex.getMessage());
			System.exit(1);
		}
		catch (Exception ex) {
			System.out.println("FAILED: " + describe(ex));
			System.exit(1);
		}
	}

	private void run() throws Exception {
		URI app = URI.create(option("app"));
		checkPage(app);
		URI signalling = URI.create(app.toString().replaceFirst("^https", "wss") + option("path"));
		try (SignallingClient browser = open(signalling, app.toString())) {
			browser.start(SignallingClient.chromiumOffer());
			JsonNode answer = browser.await("startResponse", TIMEOUT);
			String sdp = answer.path("sdpAnswer").asString("");
			check(sdp.startsWith("v=0") && sdp.contains("a=group:BUNDLE"), "startResponse carries an SDP answer",
					answer);
			JsonNode candidate = browser.await("iceCandidate", TIMEOUT);
			String line = candidate.path("candidate").path("candidate").asString("");
			check(line.startsWith("candidate:") && line.contains(" " + option("candidate-address") + " "),
					"an ICE candidate of the KMS container (" + option("candidate-address") + ")", candidate);
			check(kms("GET", "/objects?type=WebRtcEndpoint", null).size() == 1,
					"the session made one WebRtcEndpoint on the KMS stand-in", null);
			String detector = this.options.getOrDefault("detector", "");
			if (detector.equals("hat")) {
				checkHat();
			}
			else if (detector.equals("plate")) {
				checkPlate(browser);
			}
			else if (detector.equals("crowd")) {
				checkCrowd(browser);
			}
			browser.stop();
			awaitTrue(() -> kms("GET", "/objects?type=MediaPipeline", null).isEmpty(),
					"stop released the session's pipeline on the KMS stand-in");
		}
	}

	private static SignallingClient open(URI signalling, String origin) {
		try {
			SignallingClient browser = SignallingClient.connect(signalling, origin);
			check(true, "the signalling WebSocket " + signalling + " opens", null);
			return browser;
		}
		catch (RuntimeException ex) {
			throw new AssertionError("the signalling WebSocket " + signalling + " did not open: " + describe(ex));
		}
	}

	/** E.g. "CompletionException / WebSocketHandshakeException: ..." (the JDK's often carry no message). */
	private static String describe(Throwable error) {
		StringBuilder text = new StringBuilder();
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			text.append(text.length() == 0 ? "" : " / ").append(cause.getClass().getSimpleName());
			if (cause.getMessage() != null) {
				text.append(": ").append(cause.getMessage());
			}
			if (cause instanceof java.net.http.WebSocketHandshakeException handshake) {
				text.append(" (HTTP ").append(handshake.getResponse().statusCode()).append(')');
			}
		}
		return text.toString();
	}

	private void checkPage(URI app) throws IOException, InterruptedException, GeneralSecurityException {
		HttpResponse<String> page = this.http.send(HttpRequest.newBuilder(app.resolve("/")).timeout(TIMEOUT).build(),
				HttpResponse.BodyHandlers.ofString());
		check(page.statusCode() == 200 && page.body().contains("/js/media-streams.js"),
				"GET " + app + "/ serves the exercise page (HTTP " + page.statusCode() + ")", null);
		HttpResponse<String> script = this.http.send(
				HttpRequest.newBuilder(app.resolve("/js/media-streams.js")).timeout(TIMEOUT).build(),
				HttpResponse.BodyHandlers.ofString());
		check(script.statusCode() == 200, "GET /js/media-streams.js (HTTP " + script.statusCode() + ")", null);
		Certificate served = page.sslSession().orElseThrow().getPeerCertificates()[0];
		Certificate made = CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(Path.of(option("certificate")))));
		check(served.equals(made), "port 8443 serves the certificate the app made in its container", null);
	}

	/**
	 * Magic Mirror: in its container, KMS reads the hat from the path the app gave the filter (mounted there) or
	 * fetches it from the URL.
	 */
	private void checkHat() throws Exception {
		String filter = single(kms("GET", "/objects?type=FaceOverlayFilter", null), "FaceOverlayFilter");
		String uri = kms("GET", "/object?id=" + URLEncoder.encode(filter, StandardCharsets.UTF_8), null)
			.path("overlayedImage")
			.path("uri")
			.asString("");
		if (uri.startsWith("/") || uri.startsWith("file://")) {
			// A hat mounted into the KMS container (a path KMS reads before trying a URL): there, and a PNG.
			String path = uri.startsWith("/") ? uri : URI.create(uri).getPath();
			String magic = exec("docker", "exec", option("kms-container"), "od", "-An", "-c", "-N4", path);
			check(magic.replaceAll("\\s+", "").equals("211PNG"), "the KMS container has the hat at " + uri, null);
			return;
		}
		check(uri.startsWith("https://") || uri.startsWith("http://"),
				"the FaceOverlayFilter has an overlay image URL: " + uri, null);
		String fetched = exec("docker", "exec", option("kms-container"), "curl", "--silent", "--insecure", "--max-time",
				"10", "--output", "/dev/null", "--write-out", "%{http_code} %{content_type}", uri);
		check(fetched.equals("200 image/png"), "the KMS container fetches " + uri + " (" + fetched + ")", null);
	}

	private void checkPlate(SignallingClient browser) throws Exception {
		String filter = single(kms("GET", "/objects?type=PlateDetectorFilter", null), "PlateDetectorFilter");
		JsonNode fired = kms("POST", "/plate-detected",
				JSON.createObjectNode().put("object", filter).put("plate", "--2748DKR"));
		check(fired.path("subscriptions").asInt() >= 1, "the app listens for PlateDetected on its filter", fired);
		JsonNode event = browser.await("plateDetected", TIMEOUT);
		check(event.path("plate").asString("").equals("--2748DKR"), "the page is told the plate", event);
		JsonNode update = awaitOrion((request) -> request.path("body").asString("").contains("2748DKR"),
				"the plate's NGSI-v2 update");
		checkTenant(update);
		checkEntity("Camera", "2748DKR");
	}

	private void checkCrowd(SignallingClient browser) throws Exception {
		String filter = single(kms("GET", "/objects?type=CrowdDetectorFilter", null), "CrowdDetectorFilter");
		JsonNode fired = kms("POST", "/events", JSON.createObjectNode()
			.put("object", filter)
			.put("type", "CrowdDetectorOccupancy")
			.set("data", JSON.createObjectNode().put("roiId", "roi0").put("occupancyPercentage", 42)
				.put("occupancyLevel", 2)));
		check(fired.path("subscriptions").asInt() >= 1, "the app listens for CrowdDetectorOccupancy", fired);
		JsonNode event = browser.await("crowdOccupancy", TIMEOUT);
		check(event.path("roiId").asString("").equals("roi0") && event.path("level").asInt() == 2,
				"the page is told the occupancy of roi0", event);
		JsonNode update = awaitOrion((request) -> request.path("path").asString("").contains("CrowdFlowObserved")
				|| request.path("body").asString("").contains("CrowdFlowObserved"), "the crowd NGSI-v2 update");
		checkTenant(update);
		checkEntity("CrowdFlowObserved", "roi0");
	}

	private void checkTenant(JsonNode update) {
		check(update.path("fiwareService").asString("").equals("openiot")
				&& update.path("fiwareServicePath").asString("").equals("/"),
				"it came for tenant openiot, service path / (compose.yaml's defaults)", update);
	}

	/**
	 * What a user sees with `curl localhost:1026/v2/entities -H 'fiware-service: openiot'`. Awaited: the first
	 * update may be a PATCH that found no entity, and the app's POST that creates it follows.
	 */
	private void checkEntity(String type, String content) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(option("orion") + "/v2/entities?type="
				+ URLEncoder.encode(type, StandardCharsets.UTF_8)))
			.header("Fiware-Service", "openiot")
			.header("Fiware-ServicePath", "/")
			.timeout(TIMEOUT)
			.build();
		awaitTrue(() -> {
			for (JsonNode entity : JSON.readTree(this.http.send(request, HttpResponse.BodyHandlers.ofString()).body())) {
				if (entity.path("type").asString("").equals(type) && entity.toString().contains(content)) {
					return true;
				}
			}
			return false;
		}, "GET /v2/entities on port 1026 has the " + type + " entity with " + content);
	}

	private JsonNode awaitOrion(Predicate<JsonNode> match, String what) throws Exception {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		List<JsonNode> seen = new ArrayList<>();
		while (System.nanoTime() < deadline) {
			HttpResponse<String> received = this.http.send(
					HttpRequest.newBuilder(URI.create(option("orion") + "/standin/requests")).timeout(TIMEOUT).build(),
					HttpResponse.BodyHandlers.ofString());
			seen.clear();
			for (JsonNode request : JSON.readTree(received.body())) {
				seen.add(request);
				if (match.test(request)) {
					check(true, what + " reached the Orion stand-in: " + request.path("method").asString() + " "
							+ request.path("path").asString(), null);
					return request;
				}
			}
			Thread.sleep(500);
		}
		throw new AssertionError(what + " did not reach the Orion stand-in within " + TIMEOUT.toSeconds()
				+ " s; it received " + seen);
	}

	/** A request to the KMS stand-in's control port, on its loopback, through docker exec and its curl. */
	private JsonNode kms(String method, String path, JsonNode body) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("docker", "exec", option("kms-container"), "curl", "--silent",
				"--show-error", "--max-time", "10", "--request", method, "--write-out", "\n%{http_code}"));
		if (body != null) {
			command.addAll(List.of("--header", "Content-Type: application/json", "--data", body.toString()));
		}
		command.add("http://127.0.0.1:8889" + path);
		String output = exec(command.toArray(String[]::new));
		int newline = output.lastIndexOf('\n');
		String status = newline < 0 ? "" : output.substring(newline + 1);
		if (!status.equals("200")) {
			throw new AssertionError("KMS control " + method + " " + path + " answered: " + output);
		}
		return JSON.readTree(output.substring(0, newline));
	}

	/** Runs a command; its output, or an AssertionError if it fails. */
	private static String exec(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		int exit = process.waitFor();
		if (exit != 0) {
			throw new AssertionError(String.join(" ", command) + " failed (exit " + exit + "): " + output);
		}
		return output;
	}

	private static String single(JsonNode ids, String type) {
		check(ids.size() == 1, "the session made one " + type + " on the KMS stand-in", ids);
		return ids.get(0).asString();
	}

	private static void awaitTrue(Condition condition, String what) throws Exception {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!condition.holds()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("not within " + TIMEOUT.toSeconds() + " s: " + what);
			}
			Thread.sleep(250);
		}
		check(true, what, null);
	}

	private static void check(boolean passed, String what, JsonNode got) {
		if (!passed) {
			throw new AssertionError(what + (got == null ? "" : "; got " + abbreviated(got)));
		}
		System.out.println("  ok: " + what);
	}

	private static String abbreviated(JsonNode node) {
		String text = node.toString();
		return text.length() <= 400 ? text : text.substring(0, 400) + "…";
	}

	private String option(String name) {
		String value = this.options.get(name);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("--" + name + " is missing");
		}
		return value;
	}

	private interface Condition {
		boolean holds() throws Exception;
	}
}
