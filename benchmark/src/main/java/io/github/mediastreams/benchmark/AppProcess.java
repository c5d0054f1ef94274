package io.github.mediastreams.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The app under test in a JVM of its own, started from its packaged jar the way its image starts it, on a free
 * loopback port, against the given media server, with its output in a log file. Its heap is the app's alone, so
 * the heap probe reads nothing of the benchmark's clients.
 */
final class AppProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private final Path log;

	private final boolean tls;

	// Stops the app when the benchmark is interrupted (Ctrl-C), so that no app JVM outlives it.
	private final Thread cleanup = new Thread(this::stop, "app-cleanup");

	private AppProcess(Process process, int port, Path log, boolean tls) {
		this.process = process;
		this.port = port;
		this.log = log;
		this.tls = tls;
		Runtime.getRuntime().addShutdownHook(this.cleanup);
	}

	/**
	 * Starts the app and waits until it is live.
	 * @param jar the app's packaged jar
	 * @param kmsUrls the media servers' WebSocket URLs: one is {@code media-server.url}, several are the pool of
	 *        {@code media-server.urls}
	 * @param name the app's log file is {@code <name>.log} in the work directory
	 * @param workDir where the log and the TLS files go
	 * @param jvmOptions options of the app's JVM, such as the heap size
	 * @param tls whether the app serves HTTPS and WSS with its self-signed certificate, as it does by default
	 * @param http a client to ask the app whether it is live
	 * @param readyTimeout how long the app may take to start
	 * @return the live app
	 */
	static AppProcess start(Path jar, List<String> kmsUrls, String name, Path workDir, List<String> jvmOptions,
			boolean tls, HttpClient http, Duration readyTimeout) {
		return start(jar, kmsUrls, name, workDir, jvmOptions, tls, http, readyTimeout, 0);
	}

	/**
	 * As {@link #start(Path, List, String, Path, List, boolean, HttpClient, Duration)}, on a port of the caller's:
	 * an app started again where its pages knew it.
	 * @param port the loopback port to serve on; 0 for a free one
	 */
	static AppProcess start(Path jar, List<String> kmsUrls, String name, Path workDir, List<String> jvmOptions,
			boolean tls, HttpClient http, Duration readyTimeout, int port) {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalArgumentException("No app jar at " + jar
					+ "; build it with ./mvnw -q -pl benchmark -am package -DskipTests, or pass --app-jar");
		}
		try {
			Files.createDirectories(workDir);
			int chosen = port > 0 ? port : freeLoopbackPort();
			Path log = workDir.resolve(name + ".log");
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(jvmOptions);
			command.add("-jar");
			command.add(jar.toAbsolutePath().toString());
			command.add("--server.address=127.0.0.1");
			command.add("--server.port=" + chosen);
			command.add(kmsUrls.size() == 1 ? "--media-server.url=" + kmsUrls.get(0)
					: "--media-server.urls=" + String.join(",", kmsUrls));
			command.add("--media-streams.signalling.min-start-interval=0s");
			// Every benchmark client comes from 127.0.0.1; a per-address cap would refuse most of them.
			command.add("--media-streams.signalling.max-connections-per-address=1000000");
			command.add("--media-streams.tls.directory=" + workDir.resolve("tls").toAbsolutePath());
			// The heap reading counts connections in the metrics, which the app shows on its own port only when told.
			command.add("--management.endpoints.web.exposure.include=health,prometheus");
			if (!tls) {
				command.add("--server.ssl.enabled=false");
			}
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			AppProcess app = new AppProcess(process, chosen, log, tls);
			try {
				app.awaitLive(http, readyTimeout);
			}
			catch (RuntimeException ex) {
				app.close();
				throw ex;
			}
			return app;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return the loopback port the app serves on */
	int port() {
		return this.port;
	}

	/** @return the app JVM's process id */
	long pid() {
		return this.process.pid();
	}

	/** @return the app's signalling address */
	URI signallingUri() {
		return URI.create((this.tls ? "wss" : "ws") + "://127.0.0.1:" + this.port + "/helloworld");
	}

	/** @return whether the app serves HTTPS and WSS */
	boolean tls() {
		return this.tls;
	}

	/**
	 * @param path such as {@code /actuator/prometheus}
	 * @return the address of that path on the app
	 */
	URI httpsUri(String path) {
		return URI.create((this.tls ? "https" : "http") + "://127.0.0.1:" + this.port + path);
	}

	/** @return the app's log file */
	Path log() {
		return this.log;
	}

	/** Stops the app, forcibly if it takes more than ten seconds. */
	@Override
	public void close() {
		try {
			Runtime.getRuntime().removeShutdownHook(this.cleanup);
		}
		catch (IllegalStateException ex) {
			// The JVM is shutting down: the hook runs, or has run, stop.
		}
		stop();
	}

	private void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private void awaitLive(HttpClient http, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		HttpRequest liveness = HttpRequest.newBuilder(httpsUri("/actuator/health/liveness"))
			.timeout(Duration.ofSeconds(2))
			.build();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The app exited with " + this.process.exitValue() + "; see " + this.log);
			}
			try {
				if (http.send(liveness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while the app started", ex);
			}
			Pause.millis(250);
		}
		throw new IllegalStateException("The app was not live within " + timeout.toSeconds() + " s; see " + this.log);
	}

	private static int freeLoopbackPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}
}
