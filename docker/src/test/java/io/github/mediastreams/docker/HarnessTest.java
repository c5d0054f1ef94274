package io.github.mediastreams.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.github.mediastreams.docker.Repository.Exercise;

/**
 * docker/test/run, the container harness, kept in step with what it tests: the Dockerfile's base images, the
 * profiles and signalling paths of the exercises, CI. (Running it needs root and a container engine: CI does.)
 */
class HarnessTest {

	private static final Path HARNESS = Repository.ROOT.resolve("docker/test");

	private static final String RUN = Repository.read(HARNESS.resolve("run"));

	@TempDir
	Path temp;

	@Test
	void isShellcheckClean() throws Exception {
		Assumptions.assumeTrue(Stream.of(System.getenv("PATH").split(File.pathSeparator))
			.anyMatch(dir -> Files.isExecutable(Path.of(dir, "shellcheck"))),
				"Skipped: shellcheck is not installed (apt-get install shellcheck); CI installs it.");
		List<String> command = new ArrayList<>(List.of("shellcheck", "--external-sources", "--severity=style"));
		for (String script : List.of("docker/test/run", "docker/test/engine.sh", "docker/test/images.sh",
				"docker/test/packages.sh", "docker/test/fixtures/kms/entrypoint.sh",
				"docker/test/fixtures/kms/healthchecker.sh", "docker/test/fixtures/kms/kurento-media-server",
				"docker/test/fixtures/mongo/mongosh", ".ci/run")) {
			command.add(script);
		}
		Run result = run(command, Map.of());
		assertThat(result.exit()).as("shellcheck output:%n%s", result.output()).isZero();
	}

	@Test
	void ciRunsTheHarnessAfterTheReadmesTestCommand() {
		String ci = Repository.read(Repository.ROOT.resolve(".ci/run"));
		assertThat(ci).contains("./mvnw -B verify\n").contains("docker/test/run\n");
		assertThat(ci.indexOf("docker/test/run\n")).isGreaterThan(ci.indexOf("./mvnw -B verify\n"));
		assertThat(ci).as("CI installs what the harness needs").contains(". docker/test/packages.sh")
			.contains("harness_missing_packages");
	}

	@Test
	void theBaseImagesItMakesAreTheOnesTheAppDockerfileNames() {
		String images = Repository.read(HARNESS.resolve("images.sh"));
		for (String argument : List.of("MAVEN_IMAGE", "RUNTIME_IMAGE")) {
			Matcher defaultImage = Pattern.compile("ARG " + argument + "=(\\S+)").matcher(AppDockerfile.TEXT);
			assertThat(defaultImage.find()).isTrue();
			assertThat(images).as("the stand-in for %s as the Docker API names it", defaultImage.group(1))
				.contains("\"docker.io/library/" + defaultImage.group(1) + "\"");
		}
	}

	@ParameterizedTest
	@FieldSource("io.github.mediastreams.docker.Repository#EXERCISES")
	void itStartsAndChecksEveryExerciseWithItsServicesAndSignallingPath(Exercise exercise) {
		assertThat(RUN).contains("start_exercise " + exercise.profile());
		String yml = Repository.read(Repository.ROOT.resolve(exercise.app()).resolve("src/main/resources/application.yml"));
		Matcher path = Pattern.compile("signalling:\\s+path:\\s+(\\S+)").matcher(yml);
		assertThat(path.find()).as("signalling path of %s", exercise.app()).isTrue();
		String services = String.join(" ",
				new TreeSet<>(Repository.servicesOf(Repository.compose(), exercise.profile()).keySet()));
		assertThat(RUN.replaceAll("\\\\\\n\\s+", ""))
			.contains("check_exercise " + exercise.profile() + " " + exercise.app() + " " + exercise.kms() + " "
					+ path.group(1) + " \"" + services + "\"");
	}

	@Test
	void everyStandInSaysItIsATestFixture() throws IOException {
		try (Stream<Path> files = Files.walk(HARNESS.resolve("fixtures"))) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				String head = Repository.read(file).lines().limit(8).reduce("", (a, b) -> a + "\n" + b);
				assertThat(head).as("the opening comment of %s", HARNESS.relativize(file)).containsIgnoringCase("test fixture");
			}
		}
		String readme = Repository.read(Repository.README);
		for (String image : List.of("kurento/kurento-media-server:7.3.0", "fiware/orion:4.4.0", "mongo:8.0")) {
			assertThat(readme).as("docker/README.md names the stand-in for %s", image).contains("`" + image + "`");
		}
	}

	@Test
	void withoutRootItSaysWhyAndSkipsButUnderCiItFails() throws Exception {
		Path bin = Files.createDirectories(this.temp.resolve("bin"));
		Path id = bin.resolve("id");
		Files.writeString(id, "#!/bin/sh\necho 1000\n");
		Files.setPosixFilePermissions(id, PosixFilePermissions.fromString("rwxr-xr-x"));
		String path = bin + File.pathSeparator + System.getenv("PATH");

		Run skipped = run(List.of(HARNESS.resolve("run").toString()), Map.of("PATH", path, "CI", "false"));
		assertThat(skipped.exit()).as(skipped.output()).isZero();
		assertThat(skipped.output()).contains("SKIPPED").contains("needs root");

		Run failed = run(List.of(HARNESS.resolve("run").toString()), Map.of("PATH", path, "CI", "true"));
		assertThat(failed.exit()).as(failed.output()).isEqualTo(1);
		assertThat(failed.output()).contains("FAILED").contains("needs root").contains("CI=true");
	}

	private record Run(int exit, String output) {
	}

	private Run run(List<String> command, Map<String, String> environment) throws Exception {
		Path out = this.temp.resolve("output");
		ProcessBuilder builder = new ProcessBuilder(command).directory(Repository.ROOT.toFile())
			.redirectErrorStream(true)
			.redirectOutput(out.toFile());
		builder.environment().putAll(environment);
		Process process = builder.start();
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
		return new Run(process.exitValue(), Files.readString(out));
	}
}
