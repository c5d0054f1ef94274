package io.github.mediastreams.benchmark;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's options, each with a default that keeps a whole run under two minutes on two cores.
 *
 * @param clients parallel clients of the latency phases, ours and naive alike
 * @param pause the pause between a client's sessions in the latency phases
 * @param delays the latency of every KMS call in the latency phases (double only)
 * @param seconds measuring time of each latency phase
 * @param loadClients parallel clients of the load phase
 * @param loadSeconds measuring time of the load phase
 * @param loadDelay the latency of every KMS call in the load phase (double only)
 * @param hold how long each session of the held load phase is kept before it restarts; zero skips that phase
 * @param idle idle connections opened for the heap reading; 0 skips it
 * @param started how many of them are started for the second heap reading
 * @param roundTripDelay the delay D of the round-trip count
 * @param scaleClients parallel clients of the scale-out phases (double only); 0 skips them and the failover
 * @param scaleDelay the latency of every call on each double of the scale-out phases
 * @param failoverSessions sessions live on the pool when one of its servers is killed; 0 skips the failover
 * @param restartSessions pages live when the app is stopped and started again (double only); 0 skips it
 * @param kmsUrl a real KMS on loopback, or null for the double
 * @param appJar the packaged hello-world
 * @param appJvmOptions the app JVM's options
 * @param tls whether the app serves WSS, as it does by default
 * @param workDir where the app's log and TLS files go
 * @param timeout how long one setup may take before it counts as failed
 */
record BenchmarkOptions(int clients, Duration pause, List<Duration> delays, Duration seconds, int loadClients,
		Duration loadSeconds, Duration loadDelay, Duration hold, int idle, int started, Duration roundTripDelay,
		int scaleClients, Duration scaleDelay, int failoverSessions, int restartSessions, String kmsUrl, Path appJar,
		List<String> appJvmOptions, boolean tls, Path workDir, Duration timeout) {

	static final String USAGE = String.join("\n", "java -jar benchmark/target/benchmark.jar [options]",
			"  --clients N          parallel clients of the latency phases, ours and naive (1: no queueing)",
			"  --pause-ms MS        pause between a client's sessions in the latency phases (20)",
			"  --delays A,B,..      latency of every KMS call in ms, one latency phase each (0,1,5)",
			"  --seconds S          measuring seconds of each latency phase, after 1 s of warm-up (2)",
			"  --load-clients N     parallel clients of the load phase (500)",
			"  --load-seconds S     measuring seconds of each load phase (6)",
			"  --load-delay MS      latency of every KMS call in the load phase (0)",
			"  --hold-ms MS         held load phase: each session is kept this long, then restarted; 0 skips it (8000)",
			"  --idle N             idle connections for the heap reading; 0 skips it (400)",
			"  --started N          of which started for the per-start heap readings (100)",
			"  --rt-delay-ms MS     KMS latency D of the round-trip count (30)",
			"  --scale-clients N    clients of the scale-out phases on 1 and " + ScaleOut.POOL
					+ " doubles; 0 skips them and the failover (60)",
			"  --scale-delay-ms MS  latency of every call on each double of the scale-out phases (10)",
			"  --failover-sessions N  sessions on the " + ScaleOut.POOL + " doubles when one is killed; 0 skips it (30)",
			"  --restart-sessions N pages live when the app stops and starts again, reconnecting as media-streams.js"
					+ " does; 0 skips it (20)",
			"  --kms-url URL        a real KMS on loopback instead of the double, e.g. ws://127.0.0.1:8888/kurento",
			"  --app-jar PATH       the packaged hello-world (target/apps/hello-world.jar beside this jar)",
			"  --app-jvm 'OPTS'     the app JVM's options (-Xms256m -Xmx1g -XX:+UseG1GC)",
			"  --no-tls             run the app with server.ssl.enabled=false: plain ws, to see what TLS costs",
			"  --work-dir PATH      the app's log and TLS files (target/benchmark-work beside this jar)",
			"  --timeout-ms MS      a setup slower than this counts as failed (10000)");

	/**
	 * @param args the command line
	 * @return the options
	 * @throws IllegalArgumentException on an unknown or malformed option
	 */
	static BenchmarkOptions parse(String... args) {
		Path target = targetDirectory();
		int clients = 1;
		Duration pause = Duration.ofMillis(20);
		List<Duration> delays = List.of(Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(5));
		Duration seconds = Duration.ofSeconds(2);
		int loadClients = 500;
		Duration loadSeconds = Duration.ofSeconds(6);
		Duration loadDelay = Duration.ZERO;
		Duration hold = Duration.ofSeconds(8);
		int idle = 400;
		int started = 100;
		Duration roundTripDelay = Duration.ofMillis(30);
		int scaleClients = 60;
		Duration scaleDelay = Duration.ofMillis(10);
		int failoverSessions = 30;
		int restartSessions = 20;
		String kmsUrl = null;
		Path appJar = target.resolve("apps/hello-world.jar");
		List<String> jvm = List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC");
		Path workDir = target.resolve("benchmark-work");
		Duration timeout = Duration.ofSeconds(10);
		boolean tls = true;
		for (int i = 0; i < args.length; i++) {
			String name = args[i];
			if (name.equals("--help") || name.equals("-h")) {
				throw new IllegalArgumentException("");
			}
			if (name.equals("--no-tls")) {
				tls = false;
				continue;
			}
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException("Option " + name + " needs a value");
			}
			String value = args[++i];
			switch (name) {
				case "--clients" -> clients = positive(name, value);
				case "--pause-ms" -> pause = Duration.ofMillis(atLeastZero(name, value));
				case "--delays" -> delays = millisList(value);
				case "--seconds" -> seconds = Duration.ofSeconds(positive(name, value));
				case "--load-clients" -> loadClients = positive(name, value);
				case "--load-seconds" -> loadSeconds = Duration.ofSeconds(positive(name, value));
				case "--load-delay" -> loadDelay = Duration.ofMillis(atLeastZero(name, value));
				case "--hold-ms" -> hold = Duration.ofMillis(atLeastZero(name, value));
				case "--idle" -> idle = atLeastZero(name, value);
				case "--started" -> started = atLeastZero(name, value);
				case "--rt-delay-ms" -> roundTripDelay = Duration.ofMillis(positive(name, value));
				case "--scale-clients" -> scaleClients = atLeastZero(name, value);
				case "--scale-delay-ms" -> scaleDelay = Duration.ofMillis(positive(name, value));
				case "--failover-sessions" -> failoverSessions = atLeastZero(name, value);
				case "--restart-sessions" -> restartSessions = atLeastZero(name, value);
				case "--kms-url" -> kmsUrl = value;
				case "--app-jar" -> appJar = Path.of(value);
				case "--app-jvm" -> jvm = Arrays.asList(value.trim().split("\\s+"));
				case "--work-dir" -> workDir = Path.of(value);
				case "--timeout-ms" -> timeout = Duration.ofMillis(positive(name, value));
				default -> throw new IllegalArgumentException("Unknown option " + name);
			}
		}
		return new BenchmarkOptions(clients, pause, delays, seconds, loadClients, loadSeconds, loadDelay, hold, idle,
				started, roundTripDelay, scaleClients, scaleDelay, failoverSessions, restartSessions, kmsUrl, appJar,
				List.copyOf(jvm), tls, workDir, timeout);
	}

	// benchmark/target, whether this class runs from target/benchmark.jar or target/classes.
	private static Path targetDirectory() {
		try {
			Path location = Path.of(Benchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			return location.toAbsolutePath().getParent();
		}
		catch (URISyntaxException | RuntimeException ex) {
			return Path.of("benchmark", "target").toAbsolutePath();
		}
	}

	private static List<Duration> millisList(String value) {
		List<Duration> list = new ArrayList<>();
		for (String part : value.split(",")) {
			list.add(Duration.ofMillis(atLeastZero("--delays", part.trim())));
		}
		return List.copyOf(list);
	}

	private static int positive(String name, String value) {
		int number = atLeastZero(name, value);
		if (number == 0) {
			throw new IllegalArgumentException(name + " must be at least 1");
		}
		return number;
	}

	private static int atLeastZero(String name, String value) {
		try {
			int number = Integer.parseInt(value);
			if (number < 0) {
				throw new IllegalArgumentException(name + " must not be negative");
			}
			return number;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + " needs a whole number, got '" + value + "'");
		}
	}
}
