package io.github.mediastreams.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.github.mediastreams.docker.Repository.Exercise;

/**
 * Each packaged app, laid out and started exactly as its image does it, with the environment Compose gives it but
 * Kurento (and Orion) unreachable: the image's health probe must pass, the app must be ready and live with Kurento
 * the one component reported DOWN (Orion too, for the plate and crowd detectors), and serve its page; its own port
 * must show nothing of the actuator but the probes, and its management port the health details and the metrics. Needs the
 * reactor to have packaged the app ({@code <app>/target/<app>-*.jar}); the reactor runs this module after the apps.
 */
class PackagedAppTest {

	private static final Duration STARTUP = Duration.ofSeconds(180);

	@TempDir
	Path temp;

	@ParameterizedTest
	@FieldSource("io.github.mediastreams.docker.Repository#EXERCISES")
	@Timeout(value = 330, unit = TimeUnit.SECONDS)
	void startsFromItsImageLayersAndStaysHealthyWithoutKurento(Exercise exercise) throws Exception {
		String app = exercise.app();
		AppModules.assumeModuleExists(app);
		Path jar = AppModules.packagedJar(app)
			.orElseGet(() -> Assumptions.abort("Skipped: " + app + "/target/" + app + "-*.jar is not built. The "
					+ "reactor build (./mvnw verify) packages it before this module; alone: ./mvnw -pl " + app
					+ " -am package"));

		if (AppModules.isStale(app, jar)) {
			Assumptions.abort("Skipped: " + Repository.ROOT.relativize(jar) + " is older than "
					+ Repository.ROOT.relativize(AppModules.newestSource(app).orElseThrow())
					+ ", so it is not what the sources build; package " + app + " again (./mvnw -pl " + app
					+ " -am package). The reactor build always packages it first.");
		}

		Path application = layOutLikeTheImage(jar);
		int port = freePort();
		int managementPort = freePort();
		Map<String, String> environment = containerEnvironment(app, port, managementPort);
		Path log = this.temp.resolve(app + ".log");
		List<String> entrypoint = new ArrayList<>(AppDockerfile.execForm("ENTRYPOINT"));
		entrypoint.set(0, Probe.java());
		ProcessBuilder builder = new ProcessBuilder(entrypoint).directory(application.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().clear();
		builder.environment().putAll(environment);
		Process process = builder.start();
		try {
			awaitHealthyProbe(process, port, log);

			// The app itself is up: ready and live on its own port, so its container stays healthy and serves the
			// page, while that port, which browsers reach, shows nothing of the actuator...
			for (String probe : List.of("/readyz", "/livez")) {
				Response answer = get(port, probe);
				assertThat(answer.status()).as("%s of %s with Kurento unreachable: %s", probe, app, answer.body())
					.isEqualTo(200);
				assertThat(json(answer).get("status")).isEqualTo("UP");
			}
			for (String endpoint : List.of("/actuator/health", "/actuator/prometheus")) {
				assertThat(get(port, endpoint).status()).as("%s on the app's port of %s", endpoint, app).isEqualTo(404);
			}
			// ...and its management port reports Kurento as what is down, and nothing else, and has the metrics.
			for (String group : List.of("readiness", "liveness")) {
				Response probe = get(managementPort, "/actuator/health/" + group);
				assertThat(probe.status()).as("%s of %s with Kurento unreachable: %s", group, app, probe.body())
					.isEqualTo(200);
			}
			Map<String, Object> health = json(get(managementPort, "/actuator/health"));
			Map<String, Object> components = Repository.map(health.get("components"));
			assertThat(Repository.map(components.get("kurento")).get("status"))
				.as("the kurento component of %s: %s", app, health)
				.isEqualTo("DOWN");
			components.forEach((name, component) -> {
				if (!name.equals("kurento") && !name.equals("contextBroker")) {
					assertThat(Repository.map(component).get("status")).as("component %s of %s: %s", name, app, health)
						.isEqualTo("UP");
				}
			});
			assertThat(get(managementPort, "/actuator/prometheus").body()).contains("media_sessions_active");

			Response page = get(port, "/");
			assertThat(page.status()).as("GET / of %s", app).isEqualTo(200);
			assertThat(page.contentType()).startsWith("text/html");
			if (app.equals("magic-mirror")) {
				Response hat = get(port, "/img/hat.png");
				assertThat(hat.status()).as("the hat a Kurento without the file downloads from the app").isEqualTo(200);
				assertThat(hat.contentType()).isEqualTo("image/png");
			}
		}
		finally {
			process.destroy();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
	}

	/** Runs the build stage's jarmode extract, then the runtime stage's COPY of each layer into one directory. */
	private Path layOutLikeTheImage(Path jar) throws Exception {
		Path layers = this.temp.resolve("layers");
		List<String> command = new ArrayList<>(List.of(Probe.java(), "-Djarmode=tools", "-jar", jar.toString()));
		List<String> arguments = new ArrayList<>(AppDockerfile.extractArguments());
		arguments.set(arguments.indexOf("--destination") + 1, layers.toString());
		command.addAll(arguments);
		Process extract = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(extract.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(extract.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(extract.exitValue()).as("%s:%n%s", command, output).isZero();

		Set<String> extracted = new TreeSet<>();
		try (Stream<Path> dirs = Files.list(layers)) {
			dirs.forEach(dir -> extracted.add(dir.getFileName().toString()));
		}
		List<String> copied = AppDockerfile.copiedLayers();
		assertThat(new TreeSet<>(copied)).as("layers of %s vs the runtime stage's COPY lines", jar.getFileName())
			.isEqualTo(extracted);
		assertThat(copied).as("least often changed first").startsWith("dependencies").endsWith("application");

		Path application = Files.createDirectories(this.temp.resolve("application"));
		for (String layer : copied) {
			copyTree(layers.resolve(layer), application);
		}
		return application;
	}

	/** The environment Compose gives the app, on free ports, with its peers pointed at closed local ports. */
	private Map<String, String> containerEnvironment(String app, int port, int managementPort) throws IOException {
		int closed = freePort();
		Map<String, String> environment = new LinkedHashMap<>(
				Repository.environment(Repository.services(Repository.compose()).get(app)));
		environment.replaceAll((name, value) -> switch (name) {
			case "MEDIA_SERVER_HOST", "APP_SERVER_HOST" -> "127.0.0.1";
			case "MEDIA_SERVER_PORT" -> String.valueOf(closed);
			case "APP_SERVER_PORT" -> String.valueOf(port);
			case "MANAGEMENT_SERVER_PORT" -> String.valueOf(managementPort);
			case "CONTEXT_BROKER_URL" -> "http://127.0.0.1:" + closed;
			default -> value;
		});
		environment.put("SERVER_PORT", String.valueOf(port));
		// A fresh home, like the image's /home/app: the app keeps its self-signed certificate there.
		Path home = Files.createDirectories(this.temp.resolve("home"));
		environment.put("HOME", home.toString());
		environment.put("JAVA_TOOL_OPTIONS", "-Duser.home=" + home);
		return environment;
	}

	private static void awaitHealthyProbe(Process process, int port, Path log) throws Exception {
		Instant deadline = Instant.now().plus(STARTUP);
		Probe.Result probe = null;
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				throw new AssertionError("the app exited with " + process.exitValue() + ":\n" + tail(log));
			}
			probe = Probe.run(Map.of("SERVER_PORT", String.valueOf(port)));
			if (probe.exit() == 0) {
				return;
			}
			Thread.sleep(2000);
		}
		throw new AssertionError("the image's HEALTHCHECK probe did not pass within " + STARTUP + ": "
				+ (probe == null ? "not run" : probe.output()) + "\n" + tail(log));
	}

	record Response(int status, String contentType, String body) {
	}

	/**
	 * GET over HTTPS with the app's self-signed certificate, on the app's port or its management port (Spring Boot
	 * gives the management server the app's TLS).
	 */
	private static Response get(int port, String path) throws Exception {
		HttpsURLConnection connection = (HttpsURLConnection) URI.create("https://127.0.0.1:" + port + path)
			.toURL()
			.openConnection();
		connection.setSSLSocketFactory(trustingContext().getSocketFactory());
		connection.setHostnameVerifier((host, session) -> true);
		connection.setConnectTimeout(5000);
		connection.setReadTimeout(15000);
		try {
			int status = connection.getResponseCode();
			InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
			String body = stream == null ? "" : new String(stream.readAllBytes(), StandardCharsets.ISO_8859_1);
			return new Response(status, String.valueOf(connection.getContentType()), body);
		}
		finally {
			connection.disconnect();
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> json(Response response) {
		assertThat(response.contentType()).contains("json");
		return (Map<String, Object>) Repository.json(response.body());
	}

	private static SSLContext trustingContext() throws Exception {
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, new TrustManager[] { new X509TrustManager() {
			@Override
			public void checkClientTrusted(X509Certificate[] chain, String authType) {
			}

			@Override
			public void checkServerTrusted(X509Certificate[] chain, String authType) {
			}

			@Override
			public X509Certificate[] getAcceptedIssuers() {
				return new X509Certificate[0];
			}
		} }, null);
		return context;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				Path target = to.resolve(from.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
	}

	private static String tail(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
	}
}
