package io.github.mediastreams.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/** The app images' HEALTHCHECK probe against servers with a self-signed certificate, like the apps'. */
class HealthCheckProbeTest {

	@TempDir
	static Path keys;

	private static SSLContext selfSigned;

	private HttpServer server;

	@BeforeAll
	static void selfSignedCertificate() throws Exception {
		Path keystore = keys.resolve("self-signed.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "app", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname",
				"CN=media-streams", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "secret")
			.redirectErrorStream(true)
			.start();
		String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(keytool.exitValue()).as("keytool: %s", output).isZero();
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keystore)) {
			store.load(in, "secret".toCharArray());
		}
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(store, "secret".toCharArray());
		selfSigned = SSLContext.getInstance("TLS");
		selfSigned.init(keyManagers.getKeyManagers(), null, null);
	}

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	@Test
	void aReadyAppBehindItsSelfSignedCertificateIsHealthy() throws IOException {
		int port = https(Map.of("/readyz", 200));
		Probe.Result result = Probe.run(Map.of("SERVER_PORT", String.valueOf(port)));
		assertThat(result.exit()).as(result.output()).isZero();
		assertThat(result.output()).isEqualTo("healthy: https://127.0.0.1:" + port + "/readyz answered HTTP 200");
	}

	@Test
	void anAppThatIsNotReadyIsUnhealthy() throws IOException {
		int port = https(Map.of("/readyz", 503, "/actuator/health/readiness", 200));
		Probe.Result result = Probe.run(Map.of("SERVER_PORT", String.valueOf(port)));
		assertThat(result.exit()).isEqualTo(1);
		assertThat(result.output()).startsWith("unhealthy:").endsWith("/readyz answered HTTP 503");
	}

	@Test
	void withoutReadyzTheActuatorsReadinessGroupDecides() throws IOException {
		int port = https(Map.of("/actuator/health/readiness", 200));
		Probe.Result result = Probe.run(Map.of("SERVER_PORT", String.valueOf(port)));
		assertThat(result.exit()).as(result.output()).isZero();
		assertThat(result.output()).endsWith("/actuator/health/readiness answered HTTP 200");
		this.server.stop(0);

		port = https(Map.of("/actuator/health/readiness", 503));
		assertThat(Probe.run(Map.of("SERVER_PORT", String.valueOf(port))).exit()).isEqualTo(1);
	}

	@Test
	void withoutAReadinessGroupTheOverallHealthDecides() throws IOException {
		int port = https(Map.of("/actuator/health", 200));
		assertThat(Probe.run(Map.of("SERVER_PORT", String.valueOf(port))).exit()).isZero();
		this.server.stop(0);

		port = https(Map.of("/actuator/health", 503));
		assertThat(Probe.run(Map.of("SERVER_PORT", String.valueOf(port))).exit()).isEqualTo(1);
	}

	@Test
	void nothingListeningIsUnhealthyNotAnError() throws IOException {
		int closed;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closed = socket.getLocalPort();
		}
		Probe.Result result = Probe.run(Map.of("SERVER_PORT", String.valueOf(closed)));
		assertThat(result.exit()).isEqualTo(1);
		assertThat(result.output()).startsWith("unhealthy: https://127.0.0.1:" + closed + " did not answer");
	}

	@Test
	void healthcheckUrlPointsItElsewhereForExampleAPlainHttpManagementPort() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		// A management port has the readiness group at the actuator's path, and no /readyz.
		serve(Map.of("/actuator/health/readiness", 200));
		int port = this.server.getAddress().getPort();
		Probe.Result result = Probe.run(Map.of("HEALTHCHECK_URL", "http://localhost:" + port + "/"));
		assertThat(result.exit()).as(result.output()).isZero();
	}

	@Test
	void withoutServerPortItFollowsAppServerPortWhichTheAppsUseAsTheirPort() throws IOException {
		int port = https(Map.of("/readyz", 200));
		assertThat(Probe.run(Map.of("APP_SERVER_PORT", String.valueOf(port))).exit()).isZero();
		assertThat(Probe.run(Map.of("APP_SERVER_PORT", "1", "SERVER_PORT", String.valueOf(port))).exit())
			.as("SERVER_PORT wins, as it does in Spring Boot")
			.isZero();
	}

	@Test
	void withNeitherVariableItAsksPort8443TheAppsPortOverHttps() {
		assertThat(Probe.run(Map.of()).output()).contains(" https://127.0.0.1:8443");
	}

	private int https(Map<String, Integer> statuses) throws IOException {
		HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		https.setHttpsConfigurator(new HttpsConfigurator(selfSigned));
		this.server = https;
		serve(statuses);
		return https.getAddress().getPort();
	}

	private void serve(Map<String, Integer> statuses) {
		this.server.createContext("/", exchange -> {
			int status = statuses.getOrDefault(exchange.getRequestURI().getPath(), 404);
			byte[] body = ("{\"status\":\"" + (status == 200 ? "UP" : "DOWN") + "\"}").getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.server.start();
	}
}
