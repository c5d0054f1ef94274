package io.github.mediastreams.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** docker/app/HealthCheck.java, compiled the way the image's build stage compiles it, and run like its HEALTHCHECK. */
final class Probe {

	static final Path SOURCE = Repository.ROOT.resolve("docker/app/HealthCheck.java");

	private static Path classes;

	private Probe() {
	}

	record Result(int exit, String output) {
	}

	static synchronized Path classes() {
		if (classes == null) {
			try {
				Path dir = Files.createTempDirectory("healthcheck");
				dir.toFile().deleteOnExit();
				JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
				ByteArrayOutputStream errors = new ByteArrayOutputStream();
				int status = compiler.run(null, null, errors, "--release", "17", "-Xlint:all", "-Werror", "-classpath",
						dir.toString(), "-d", dir.toString(), SOURCE.toString());
				assertThat(status).as("javac docker/app/HealthCheck.java:%n%s", errors).isZero();
				classes = dir;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return classes;
	}

	/** Runs the probe with this environment (only), as the image's HEALTHCHECK does; its timeout is 5 s. */
	static Result run(Map<String, String> environment, String... args) {
		List<String> command = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
				"-Xmx16m", "-Xss512k", "-cp", classes().toString(), "HealthCheck"));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().remove("HEALTHCHECK_URL");
		builder.environment().remove("SERVER_PORT");
		builder.environment().remove("APP_SERVER_PORT");
		builder.environment().putAll(environment);
		try {
			Process process = builder.start();
			byte[] output = process.getInputStream().readAllBytes();
			assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("probe finished").isTrue();
			return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8).trim());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}
}
