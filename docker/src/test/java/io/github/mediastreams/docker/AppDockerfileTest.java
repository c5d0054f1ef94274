package io.github.mediastreams.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** docker/app/Dockerfile and its .dockerignore, read as Docker reads them. */
class AppDockerfileTest {

	@Test
	void theAppRunsAsAnUnprivilegedUserByNumericId() {
		String user = AppDockerfile.runtimeStage()
			.stream()
			.filter(instruction -> instruction.startsWith("USER "))
			.reduce((first, last) -> last)
			.orElseThrow(() -> new AssertionError("the runtime stage sets no USER: the app would run as root"));
		assertThat(user).matches("USER [1-9][0-9]{3,}:[1-9][0-9]{3,}");
	}

	@Test
	void theHealthcheckRunsTheProbeTheBuildStageCompiledWithTheImagesJre() {
		assertThat(AppDockerfile.runtimeStage()).anyMatch(line -> line.matches("HEALTHCHECK .* CMD \\[.*]"));
		List<String> probe = AppDockerfile.execForm("HEALTHCHECK");
		assertThat(probe).startsWith("java").endsWith("-cp", "/opt/healthcheck", "HealthCheck");
		assertThat(AppDockerfile.TEXT).contains("javac --release 17 -d /healthcheck docker/app/HealthCheck.java")
			.contains("COPY --from=build /healthcheck/ /opt/healthcheck/");
		assertThat(probe).as("the same JVM flags as Probe.run, which the tests use").containsSubsequence("java",
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx16m", "-Xss512k");
	}

	@Test
	void theImageExposesThePortComposePublishes() {
		assertThat(AppDockerfile.runtimeStage()).contains("EXPOSE 8443");
		for (var exercise : Repository.EXERCISES) {
			Map<String, Object> app = Repository.services(Repository.compose()).get(exercise.app());
			// Besides the management port, which Compose sets itself (MANAGEMENT_SERVER_PORT) for the host's loopback.
			assertThat(Repository.ports(app)).extracting(Repository.Port::container)
				.containsExactly("8443", Repository.environment(app).get("MANAGEMENT_SERVER_PORT"));
		}
	}

	@Test
	void buildsWithJdk17AndRunsOnAJre17() {
		assertThat(AppDockerfile.TEXT).contains("ARG MAVEN_IMAGE=maven:3.9-eclipse-temurin-17")
			.contains("ARG RUNTIME_IMAGE=eclipse-temurin:17-jre")
			.contains("FROM ${MAVEN_IMAGE} AS build")
			.contains("FROM ${RUNTIME_IMAGE}");
		assertThat(AppDockerfile.TEXT).as("builds only the app and what it needs from the reactor")
			.contains("--projects \"${APP}\" --also-make");
	}

	@Test
	void theBuildSkipsTheTestsButStillMakesTheTestJarsTheAppsDependOn() {
		boolean testJars = Repository.EXERCISES.stream()
			.anyMatch(exercise -> Repository.read(Repository.ROOT.resolve(exercise.app()).resolve("pom.xml"))
				.contains("<type>test-jar</type>"));
		String instructions = String.join("\n", AppDockerfile.instructions());
		if (testJars) {
			assertThat(instructions)
				.as("Maven resolves test-scoped dependencies even with maven.test.skip, which makes no test jar")
				.doesNotContain("maven.test.skip")
				.contains("-DskipTests package");
		}
	}

	@Test
	void theBuildContextHasEverythingMavenNeedsAndNothingItShouldNot() throws IOException {
		String rules = Repository.read(Repository.ROOT.resolve(".dockerignore"));
		DockerIgnore ignore = DockerIgnore.of(rules);
		List<String> needed = new ArrayList<>(List.of("pom.xml", "docker/app/HealthCheck.java", "docker/pom.xml"));
		Matcher module = Pattern.compile("<module>([^<]+)</module>")
			.matcher(Repository.read(Repository.ROOT.resolve("pom.xml")));
		while (module.find()) {
			needed.add(module.group(1) + "/pom.xml");
		}
		for (var exercise : Repository.EXERCISES) {
			// The app's sources and those of the reactor modules it is built with (--also-make).
			List<String> built = new ArrayList<>(AppModules.reactorDependencies(exercise.app()));
			built.add(exercise.app());
			for (String name : built) {
				Path sources = Repository.ROOT.resolve(name).resolve("src/main");
				if (Files.isDirectory(sources)) {
					try (Stream<Path> files = Files.walk(sources)) {
						files.filter(Files::isRegularFile)
							.forEach(file -> needed.add(Repository.ROOT.relativize(file).toString().replace('\\', '/')));
					}
				}
			}
		}
		needed.add(".mvn/wrapper/maven-wrapper.properties");
		for (String path : needed) {
			assertThat(ignore.excludes(path)).as("%s is in the build context", path).isFalse();
		}
		for (String path : List.of(".git/config", ".git", ".env", "hello-world/target/hello-world-0.1.0-SNAPSHOT.jar",
				"common-signalling/target/classes/x.class", "hello-world/src/test/java/X.java", "docker/README.md",
				"docker/src/test/java/X.java", "docker/test/run", "keystore.p12", "hello-world/keystore.p12")) {
			assertThat(ignore.excludes(path)).as("%s is kept out of the build context", path).isTrue();
		}
	}

	@Test
	void theBuildContextRulesMeanTheSameToEveryBuilder() {
		assertThat(Repository.ROOT.resolve("docker/app/Dockerfile.dockerignore"))
			.as("BuildKit and Podman prefer a Dockerfile-specific ignore file; the classic builder and docker-compose v1"
					+ " ignore it, so the root .dockerignore must be the only one")
			.doesNotExist();
		assertThat(Repository.read(Repository.ROOT.resolve(".dockerignore")).lines())
			.as("no '!' exception: only BuildKit re-includes files inside an excluded directory")
			.noneMatch(line -> line.strip().startsWith("!"));
	}

	/** .dockerignore semantics: the last matching pattern wins; a pattern matching a directory covers its files. */
	record DockerIgnore(List<Pattern> patterns, List<Boolean> exceptions) {

		static DockerIgnore of(String text) {
			List<Pattern> patterns = new ArrayList<>();
			List<Boolean> exceptions = new ArrayList<>();
			for (String raw : text.lines().toList()) {
				String line = raw.strip();
				if (line.isEmpty() || line.startsWith("#")) {
					continue;
				}
				boolean exception = line.startsWith("!");
				String pattern = (exception ? line.substring(1) : line).strip().replaceAll("^/+|/+$", "");
				patterns.add(Pattern.compile(glob(pattern)));
				exceptions.add(exception);
			}
			return new DockerIgnore(patterns, exceptions);
		}

		boolean excludes(String path) {
			boolean excluded = false;
			for (int i = 0; i < this.patterns.size(); i++) {
				if (matchesItselfOrAParent(this.patterns.get(i), path)) {
					excluded = !this.exceptions.get(i);
				}
			}
			return excluded;
		}

		private static boolean matchesItselfOrAParent(Pattern pattern, String path) {
			String candidate = path;
			while (true) {
				if (pattern.matcher(candidate).matches()) {
					return true;
				}
				int slash = candidate.lastIndexOf('/');
				if (slash < 0) {
					return false;
				}
				candidate = candidate.substring(0, slash);
			}
		}

		private static String glob(String pattern) {
			StringBuilder regex = new StringBuilder();
			for (int i = 0; i < pattern.length(); i++) {
				char c = pattern.charAt(i);
				if (pattern.startsWith("**/", i)) {
					regex.append("(?:.*/)?");
					i += 2;
				}
				else if (pattern.startsWith("**", i)) {
					regex.append(".*");
					i += 1;
				}
				else if (c == '*') {
					regex.append("[^/]*");
				}
				else if (c == '?') {
					regex.append("[^/]");
				}
				else {
					regex.append(Pattern.quote(String.valueOf(c)));
				}
			}
			return regex.toString();
		}
	}
}
