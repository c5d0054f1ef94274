package io.github.mediastreams.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The services script, run for real against a stand-in `docker` that records what it is asked and answers as
 * the test tells it: Docker missing or too old, images present or not, containers healthy, starting or dead.
 * The script runs from a copy of the repository layout (services + docker/compose.yaml) so a test's .env never
 * touches the real checkout.
 */
class ServicesScriptTest {

	private static final List<String> COMMANDS = List.of("create", "hello-world", "magic-mirror", "plate-detection",
			"platedetector", "crowd-detection", "crowddetector", "stop", "help");

	@TempDir
	static Path shared;

	/** This machine's commands without docker, docker-compose and curl; the tests add stand-ins. */
	private static Path systemTools;

	@TempDir
	Path temp;

	private Path repo;

	private Path bin;

	private Path log;

	/** What `compose config` prints: Compose v2's layout, and docker-compose v1's. */
	private Path configV2;

	private Path configV1;

	@BeforeAll
	static void linkSystemTools() throws IOException {
		systemTools = systemToolsWithout(Set.of("docker", "docker-compose", "curl"));
	}

	@BeforeEach
	void layOutRepositoryAndStandIns() throws IOException {
		this.repo = Files.createDirectories(this.temp.resolve("repo/docker")).getParent();
		Files.copy(Repository.SERVICES, this.repo.resolve("services"));
		executable(this.repo.resolve("services"));
		Files.copy(Repository.COMPOSE_FILE, this.repo.resolve("docker/compose.yaml"));
		this.log = this.temp.resolve("calls.log");
		Files.createFile(this.log);
		this.bin = Files.createDirectories(this.temp.resolve("bin"));
		script("docker", """
				#!/usr/bin/env bash
				printf 'docker %s\\n' "$*" >> "$FAKE_LOG"
				case "$1" in
				  info)
				    [ "$2" = --format ] && echo "${FAKE_DOCKER_OS:-Ubuntu 24.04.1 LTS}"
				    exit "${FAKE_DAEMON_EXIT:-0}" ;;
				  pull) exit "${FAKE_PULL_EXIT:-0}" ;;
				  image)
				    case " ${FAKE_MISSING_IMAGES:-} " in *" ${*: -1} "*) exit 1 ;; esac
				    [ "${FAKE_IMAGES:-present}" = present ] ;;
				  inspect)
				    case "${*: -1}" in
				      id-kurento*) echo "${FAKE_KMS_STATE:-running healthy}" ;;
				      *) echo "${FAKE_APP_STATE:-running healthy}" ;;
				    esac ;;
				  compose)
				    [ "${FAKE_COMPOSE:-v2}" = v2 ] || { echo "docker: 'compose' is not a docker command." >&2; exit 1; }
				    shift
				    exec "$(dirname "$0")/fake-compose" "$@" ;;
				esac
				""");
		script("fake-compose", """
				#!/usr/bin/env bash
				printf 'compose %s\\n' "$*" >> "$FAKE_LOG"
				case " $* " in
				  " version "*) echo "Docker Compose version v2.29.7" ;;
				  *" config "*) cat "${FAKE_CONFIG}" ;;
				  *" ps "*) echo "id-${*: -1}" ;;
				  *" build "*)
				    printf 'build with COMPOSE_DOCKER_CLI_BUILD=%s DOCKER_BUILDKIT=%s\\n' "${COMPOSE_DOCKER_CLI_BUILD-<unset>}" \\
				      "${DOCKER_BUILDKIT-<unset>}" >> "$FAKE_LOG" ;;
				  *" up "*)
				    printf 'up with KMS_EXTERNAL_IPV4=%s\\n' "${KMS_EXTERNAL_IPV4-<unset>}" >> "$FAKE_LOG"
				    exit "${FAKE_UP_EXIT:-0}" ;;
				esac
				""");
		this.configV2 = this.temp.resolve("config-v2.yaml");
		Files.writeString(this.configV2, composeConfig(true));
		this.configV1 = this.temp.resolve("config-v1.yaml");
		Files.writeString(this.configV1, composeConfig(false));
		script("curl", """
				#!/usr/bin/env bash
				printf 'curl %s\\n' "$*" >> "$FAKE_LOG"
				printf '%s' "${FAKE_HTTP_CODE:-426}"
				""");
	}

	// ---- Without Docker --------------------------------------------------------------------------------------------

	@Test
	void isShellcheckClean() throws Exception {
		Assumptions.assumeTrue(onPath("shellcheck"),
				"Skipped: shellcheck is not installed (apt-get install shellcheck); CI installs it.");
		Result result = exec(List.of("shellcheck", "--severity=style", Repository.SERVICES.toString()), Map.of(),
				System.getenv("PATH"));
		assertThat(result.exit()).as("shellcheck output:%n%s", result.stdout()).isZero();
	}

	@Test
	void helpListsEveryCommandAndExitsZero() throws Exception {
		Result result = services(Map.of(), "help");
		assertThat(result.exit()).isZero();
		for (String command : COMMANDS) {
			assertThat(result.stdout()).as("help mentions %s", command).contains(command);
		}
		assertThat(result.stdout()).contains("https://localhost:8443");
		assertThat(result.stdout()).as("which Compose it works with").contains("'docker compose'")
			.contains("docker-compose\n1.28 or newer");
		assertThat(calls()).as("help needs no Docker").isEmpty();
	}

	@Test
	void withoutACommandItPrintsUsageAndExitsTwo() throws Exception {
		Result result = services(Map.of());
		assertThat(result.exit()).isEqualTo(2);
		assertThat(result.stderr()).contains("Usage: ./services <command>");
	}

	@Test
	void anUnknownCommandIsNamedWithTheUsageAndExitsTwo() throws Exception {
		Result result = services(Map.of(), "hello-wrold");
		assertThat(result.exit()).isEqualTo(2);
		assertThat(result.stderr()).contains("Unknown command: 'hello-wrold'").contains("Usage: ./services <command>");
		assertThat(calls()).isEmpty();
	}

	@Test
	void extraArgumentsAreAUsageError() throws Exception {
		Result result = services(Map.of(), "stop", "now");
		assertThat(result.exit()).isEqualTo(2);
		assertThat(result.stderr()).contains("takes no arguments");
	}

	@Test
	void aTimeoutThatIsNotANumberIsAUsageError() throws Exception {
		Result result = services(Map.of("SERVICES_TIMEOUT", "3min"), "hello-world");
		assertThat(result.exit()).isEqualTo(2);
		assertThat(result.stderr()).contains("SERVICES_TIMEOUT");
	}

	@ParameterizedTest
	@ValueSource(strings = { "hello-world", "magic-mirror", "plate-detection", "platedetector", "crowd-detection",
			"crowddetector", "create", "stop" })
	void withoutDockerOnThePathItSaysSoAndWhereToGetItAndExitsThree(String command) throws Exception {
		Result result = exec(List.of(this.repo.resolve("services").toString(), command), Map.of(),
				systemTools.toString());
		assertThat(result.exit()).isEqualTo(3);
		assertThat(result.stderr()).contains("Docker is not installed").contains("https://docs.docker.com/get-docker/");
		assertThat(result.stderr()).doesNotContain("command not found").doesNotContain("line ");
	}

	@Test
	void withoutComposeItSaysSoAndExitsThree() throws Exception {
		Result result = services(Map.of("FAKE_COMPOSE", "none"), "hello-world");
		assertThat(result.exit()).isEqualTo(3);
		assertThat(result.stderr()).contains("Docker Compose is not installed")
			.contains("https://docs.docker.com/compose/install/");
	}

	@Test
	void dockerComposeOlderThan128IsRefusedWithTheReason() throws Exception {
		dockerComposeV1("1.27.4");
		Result result = services(Map.of("FAKE_COMPOSE", "none"), "hello-world");
		assertThat(result.exit()).isEqualTo(3);
		assertThat(result.stderr()).contains("docker-compose 1.27.4").contains("docker-compose 1.28 or newer, or Compose v2");
		assertThat(calls()).noneMatch(call -> call.contains(" up "));
	}

	@Test
	void dockerComposeV1IsUsedWhenThePluginIsMissingAndBuildsWithBuildKit() throws Exception {
		dockerComposeV1("1.29.2");
		Result result = services(Map.of("FAKE_COMPOSE", "none", "FAKE_IMAGES", "missing"), "magic-mirror");

		assertThat(result.exit()).as(result.toString()).isZero();
		List<String> calls = calls();
		assertThat(calls).anyMatch(call -> call.startsWith("docker-compose --project-name media-streams ")
				&& call.endsWith("--profile magic-mirror up --detach --no-build"));
		assertThat(calls).as("v1 builds through the docker CLI with BuildKit, for the Dockerfile's cache mount")
			.contains("build with COMPOSE_DOCKER_CLI_BUILD=1 DOCKER_BUILDKIT=1");
		assertThat(result.stdout()).contains("Building media-streams/magic-mirror:latest from this repository");
	}

	@Test
	void aBuilderChoiceOfTheUsersOwnWinsWithDockerComposeV1() throws Exception {
		dockerComposeV1("1.29.2");
		Result result = services(Map.of("FAKE_COMPOSE", "none", "FAKE_IMAGES", "missing", "DOCKER_BUILDKIT", "0"),
				"hello-world");
		assertThat(result.exit()).as(result.toString()).isZero();
		assertThat(calls()).contains("build with COMPOSE_DOCKER_CLI_BUILD=1 DOCKER_BUILDKIT=0");
	}

	@ParameterizedTest
	@CsvSource({ "v2, plate-detection", "v1, plate-detection", "v2, crowd-detection", "v1, crowd-detection",
			"v1, hello-world" })
	void exactlyTheMissingImagesOfTheExerciseAreBuiltWhateverTheComposeVersion(String version, String profile)
			throws Exception {
		if (version.equals("v1")) {
			dockerComposeV1("1.29.2");
		}
		Repository.Exercise exercise = Repository.EXERCISES.stream()
			.filter(candidate -> candidate.profile().equals(profile))
			.findFirst()
			.orElseThrow();
		String app = "media-streams/" + exercise.app() + ":latest";
		Result result = services(Map.of("FAKE_COMPOSE", version.equals("v1") ? "none" : "v2", "FAKE_MISSING_IMAGES",
				app + " media-streams/hello-world:latest media-streams/kms-modules:6.18.0 mongo:8.0"), profile);

		assertThat(result.exit()).as(result.toString()).isZero();
		String building = result.stdout()
			.lines()
			.filter(line -> line.startsWith("Building "))
			.findFirst()
			.orElseThrow(() -> new AssertionError("nothing built: " + result));
		Set<String> expected = new LinkedHashSet<>(List.of(app));
		if (exercise.kms().equals("kurento-modules")) {
			expected.add("media-streams/kms-modules:6.18.0");
		}
		assertThat(Set.of(building.replaceAll("^Building | from this repository.*$", "").trim().split(" ")))
			.as("built: the profile's own missing images, not another exercise's nor a pulled one")
			.isEqualTo(expected);
	}

	@Test
	void standaloneDockerComposeVersionTwoIsUsedWhenThePluginIsMissing() throws Exception {
		script("docker-compose", """
				#!/usr/bin/env bash
				if [ "$1 $2" = "version --short" ]; then echo 2.29.7; exit 0; fi
				printf 'docker-compose %s\\n' "$*" >> "$FAKE_LOG"
				exec "$(dirname "$0")/fake-compose" "$@"
				""");
		Result result = services(Map.of("FAKE_COMPOSE", "none"), "hello-world");
		assertThat(result.exit()).as(result.toString()).isZero();
		assertThat(calls()).anyMatch(call -> call.startsWith("docker-compose ") && call.contains(" up --detach"));
	}

	@Test
	void aDockerDaemonThatDoesNotAnswerIsReportedAndExitsThree() throws Exception {
		Result result = services(Map.of("FAKE_DAEMON_EXIT", "1"), "magic-mirror");
		assertThat(result.exit()).isEqualTo(3);
		assertThat(result.stderr()).contains("daemon does not answer");
		assertThat(calls()).noneMatch(call -> call.contains(" up "));
	}

	// ---- Starting an exercise --------------------------------------------------------------------------------------

	@Test
	void anExerciseStopsTheOthersStartsItsProfileWaitsAndPrintsTheAddress() throws Exception {
		Result result = services(Map.of(), "hello-world");

		assertThat(result.exit()).as(result.toString()).isZero();
		assertThat(result.stdout()).contains("Open https://localhost:8443");
		List<String> calls = calls();
		int down = indexOf(calls, "compose --project-name media-streams --file " + this.repo.resolve("docker/compose.yaml")
				+ " --profile hello-world --profile magic-mirror --profile plate-detection --profile crowd-detection"
				+ " down --remove-orphans");
		int up = indexOf(calls, "--profile hello-world up --detach --no-build");
		assertThat(down).as("the other exercises are stopped first").isLessThan(up);
		assertThat(calls).as("images exist, so nothing is built").noneMatch(call -> call.contains(" build"));
		assertThat(calls).as("it asks Kurento itself").contains("curl --silent --insecure --max-time 3 "
				+ "--output /dev/null --write-out %{http_code} http://localhost:8888");
		assertThat(indexOf(calls, "ps --all --quiet kurento")).isGreaterThan(up);
		assertThat(indexOf(calls, "ps --all --quiet hello-world")).isGreaterThan(up);
	}

	@ParameterizedTest
	@CsvSource({ "platedetector, plate-detection, plate-detector", "crowddetector, crowd-detection, crowd-detector" })
	void theOneWordDetectorCommandsBuildMissingImagesBeforeStartingTheirExercise(String command, String profile,
			String app) throws Exception {
		Result result = services(Map.of("FAKE_IMAGES", "missing"), command);

		assertThat(result.exit()).as(result.toString()).isZero();
		assertThat(result.stdout()).contains("media-streams/" + app + ":latest")
			.doesNotContain("media-streams/hello-world:latest");
		List<String> calls = calls();
		int build = indexOf(calls, "--profile " + profile + " build");
		int up = indexOf(calls, "--profile " + profile + " up --detach --no-build");
		assertThat(build).isLessThan(up);
		assertThat(indexOf(calls, "ps --all --quiet kurento-modules")).isGreaterThan(up);
		assertThat(indexOf(calls, "ps --all --quiet " + app)).isGreaterThan(up);
	}

	@Test
	void everyServiceTheScriptWaitsForIsInTheComposeProfileItStarted() throws Exception {
		Map<String, Object> compose = Repository.compose();
		for (var exercise : Repository.EXERCISES) {
			Files.writeString(this.log, "");
			assertThat(services(Map.of(), exercise.profile()).exit()).isZero();
			Pattern waitedFor = Pattern.compile("--profile (\\S+) ps --all --quiet (\\S+)$");
			Set<String> waited = new LinkedHashSet<>();
			for (String call : calls()) {
				Matcher matcher = waitedFor.matcher(call);
				if (matcher.find()) {
					assertThat(matcher.group(1)).isEqualTo(exercise.profile());
					assertThat(Repository.servicesOf(compose, exercise.profile())).containsKey(matcher.group(2));
					waited.add(matcher.group(2));
				}
			}
			assertThat(waited).containsExactly(exercise.kms(), exercise.app());
		}
	}

	@Test
	void kurentoCountsAsUpWhenItsContainerIsHealthyEvenIfCurlIsMissingOrRefused() throws Exception {
		Result result = services(Map.of("FAKE_HTTP_CODE", "000"), "magic-mirror");
		assertThat(result.exit()).as(result.toString()).isZero();
	}

	@Test
	void kurentoCountsAsUpWhenItAnswers426WhileItsHealthcheckIsStillStarting() throws Exception {
		Result result = services(Map.of("FAKE_KMS_STATE", "running starting"), "magic-mirror");
		assertThat(result.exit()).as(result.toString()).isZero();
	}

	@Test
	void anAppThatNeverGetsHealthyTimesOutWithExitFourAndSaysWhereToLook() throws Exception {
		Result result = services(Map.of("FAKE_APP_STATE", "running starting", "SERVICES_TIMEOUT", "1"),
				"hello-world");
		assertThat(result.exit()).isEqualTo(4);
		assertThat(result.stderr()).contains("Timed out after 1s waiting for the hello-world app")
			.contains("logs hello-world")
			.contains("SERVICES_TIMEOUT=");
		assertThat(result.stdout()).doesNotContain("Open https://localhost:8443");
	}

	@Test
	void aKurentoThatNeverAnswersTimesOutWithExitFour() throws Exception {
		Result result = services(Map.of("FAKE_KMS_STATE", "running starting", "FAKE_HTTP_CODE", "000",
				"SERVICES_TIMEOUT", "1"), "plate-detection");
		assertThat(result.exit()).isEqualTo(4);
		assertThat(result.stderr()).contains("Kurento Media Server (kurento-modules)").contains("logs kurento-modules");
	}

	@Test
	void anAppContainerThatExitedFailsAtOnceWithExitOneAndPointsAtItsLog() throws Exception {
		Result result = services(Map.of("FAKE_APP_STATE", "exited none"), "magic-mirror");
		assertThat(result.exit()).isEqualTo(1);
		assertThat(result.stderr()).contains("the magic-mirror app is not running (exited none)")
			.contains("docker compose -p media-streams -f docker/compose.yaml --profile magic-mirror logs magic-mirror");
	}

	@Test
	void aFailedComposeUpFailsWithExitOne() throws Exception {
		Result result = services(Map.of("FAKE_UP_EXIT", "17"), "hello-world");
		assertThat(result.exit()).isEqualTo(1);
		assertThat(result.stderr()).contains("Starting hello-world failed");
	}

	@Test
	void theRepositorysEnvFileIsPassedToCompose() throws Exception {
		Files.writeString(this.repo.resolve(".env"), "KMS_MIN_PORT=40000\nKMS_MAX_PORT=40100\n");
		assertThat(services(Map.of(), "hello-world").exit()).isZero();
		assertThat(calls()).filteredOn(call -> call.startsWith("compose --"))
			.allMatch(call -> call.startsWith("compose --project-name media-streams --env-file " + this.repo.resolve(".env")
					+ " --file "));
	}

	@Test
	void onDockerDesktopKurentoAnnouncesLoopbackUnlessTheUserChoseAnAddress() throws Exception {
		Map<String, String> desktop = Map.of("FAKE_DOCKER_OS", "Docker Desktop");
		assertThat(services(desktop, "hello-world").stdout()).contains("Kurento will announce 127.0.0.1");
		assertThat(calls()).contains("up with KMS_EXTERNAL_IPV4=127.0.0.1");

		Files.writeString(this.log, "");
		assertThat(services(Map.of("FAKE_DOCKER_OS", "Docker Desktop", "KMS_EXTERNAL_IPV4", "192.0.2.10"),
				"hello-world").exit()).isZero();
		assertThat(calls()).as("the user's choice in the shell").contains("up with KMS_EXTERNAL_IPV4=192.0.2.10");

		Files.writeString(this.log, "");
		Files.writeString(this.repo.resolve(".env"), "KMS_EXTERNAL_IPV4=192.0.2.10\n");
		assertThat(services(desktop, "hello-world").exit()).isZero();
		assertThat(calls()).as("Compose reads the user's value from .env itself")
			.contains("up with KMS_EXTERNAL_IPV4=<unset>");

		Files.writeString(this.log, "");
		Files.delete(this.repo.resolve(".env"));
		assertThat(services(Map.of(), "hello-world").exit()).as("Docker Engine on Linux").isZero();
		assertThat(calls()).contains("up with KMS_EXTERNAL_IPV4=<unset>");
	}

	// ---- create and stop -------------------------------------------------------------------------------------------

	@Test
	void stopTakesDownEveryExerciseWithItsVolumes() throws Exception {
		Result result = services(Map.of(), "stop");
		assertThat(result.exit()).as(result.toString()).isZero();
		assertThat(calls()).anyMatch(call -> call.endsWith(
				"--profile hello-world --profile magic-mirror --profile plate-detection --profile crowd-detection"
						+ " down --remove-orphans --volumes"));
	}

	@Test
	void createPullsTheUpstreamImagesAndBuildsOursFresh() throws Exception {
		Result result = services(Map.of(), "create");
		assertThat(result.exit()).as(result.toString()).isZero();
		List<String> calls = calls();
		List<String> pulls = calls.stream().filter(call -> call.startsWith("docker pull ")).toList();
		int build = indexOf(calls, "--profile crowd-detection build --pull");
		assertThat(calls.indexOf(pulls.get(pulls.size() - 1))).isLessThan(build);
		List<String> expected = new ArrayList<>();
		Repository.services(Repository.compose()).forEach((name, service) -> {
			if (!service.containsKey("build")) {
				expected.add("docker pull " + (service.containsKey("platform") ? "--platform " + service.get("platform") + " " : "")
						+ service.get("image"));
			}
		});
		assertThat(pulls).as("create pulls what compose.yaml does not build, for the platform it names")
			.containsExactlyInAnyOrderElementsOf(expected)
			.contains("docker pull --platform linux/amd64 kurento/kurento-media-server:7.3.0", "docker pull fiware/orion:4.4.0",
					"docker pull mongo:8.0");
	}

	@Test
	void createPullsWithDockerComposeV1Too() throws Exception {
		dockerComposeV1("1.29.2");
		Result result = services(Map.of("FAKE_COMPOSE", "none"), "create");
		assertThat(result.exit()).as(result.toString()).isZero();
		assertThat(calls()).contains("docker pull --platform linux/amd64 kurento/kurento-media-server:7.3.0")
			.anyMatch(call -> call.startsWith("docker-compose ") && call.endsWith(" build --pull"));
	}

	@Test
	void withoutARegistryCreateGoesOnWithTheImagesAlreadyHereAndBuildsWithoutPulling() throws Exception {
		Result result = services(Map.of("FAKE_PULL_EXIT", "1"), "create");

		assertThat(result.exit()).as(result.toString()).isZero();
		assertThat(result.stderr()).contains("Could not pull")
			.contains("kurento/kurento-media-server:7.3.0")
			.contains("without pulling newer ones");
		List<String> calls = calls();
		assertThat(calls).anyMatch(call -> call.endsWith("--profile crowd-detection build"));
		assertThat(calls).noneMatch(call -> call.contains(" build --pull"));
	}

	@Test
	void withoutARegistryCreateFailsNamingTheImagesThatAreNotHere() throws Exception {
		Result result = services(Map.of("FAKE_PULL_EXIT", "1", "FAKE_MISSING_IMAGES", "fiware/orion:4.4.0"), "create");

		assertThat(result.exit()).isEqualTo(1);
		assertThat(result.stderr()).contains("these images are not on this machine: fiware/orion:4.4.0");
		assertThat(calls()).noneMatch(call -> call.contains(" build"));
	}

	// ---- Helpers ---------------------------------------------------------------------------------------------------

	/** A docker-compose v1 of that version: the fake compose, with v1's `config` layout. */
	private void dockerComposeV1(String version) throws IOException {
		script("docker-compose", """
				#!/usr/bin/env bash
				if [ "$1 $2" = "version --short" ]; then echo %s; exit 0; fi
				printf 'docker-compose %%s\\n' "$*" >> "$FAKE_LOG"
				FAKE_CONFIG="%s" exec "$(dirname "$0")/fake-compose" "$@"
				""".formatted(version, this.configV1));
	}

	/**
	 * docker/compose.yaml as `compose config` prints it, defaults filled in: Compose v2 indents list items under
	 * their key, docker-compose v1 (PyYAML) does not.
	 */
	private static String composeConfig(boolean v2) {
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		options.setIndent(2);
		if (v2) {
			options.setIndicatorIndent(2);
			options.setIndentWithIndicator(true);
		}
		Map<String, Object> config = new java.util.LinkedHashMap<>();
		Repository.compose().forEach((key, value) -> {
			if (!key.startsWith("x-")) {
				config.put(key, value);
			}
		});
		if (v2) {
			config.put("name", "media-streams");
		}
		return new Yaml(options).dump(config);
	}

	record Result(int exit, String stdout, String stderr) {
	}

	private Result services(Map<String, String> environment, String... args) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(this.repo.resolve("services").toString());
		command.addAll(List.of(args));
		return exec(command, environment, this.bin + File.pathSeparator + systemTools);
	}

	private Result exec(List<String> command, Map<String, String> environment, String path) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.repo.toFile());
		Map<String, String> env = builder.environment();
		env.keySet().removeIf(name -> name.startsWith("KMS_") || name.startsWith("FAKE_")
				|| name.equals("SERVICES_TIMEOUT") || name.startsWith("CONTEXT_BROKER_") || name.startsWith("DOCKER_")
				|| name.startsWith("COMPOSE_"));
		env.put("PATH", path);
		env.put("FAKE_LOG", this.log.toString());
		env.put("FAKE_CONFIG", this.configV2.toString());
		env.putAll(environment);
		Path out = this.temp.resolve("stdout");
		Path err = this.temp.resolve("stderr");
		builder.redirectOutput(out.toFile()).redirectError(err.toFile());
		Process process = builder.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
		return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
	}

	private List<String> calls() throws IOException {
		return Files.readAllLines(this.log);
	}

	private static int indexOf(List<String> calls, String part) {
		for (int i = 0; i < calls.size(); i++) {
			if (calls.get(i).contains(part)) {
				return i;
			}
		}
		throw new AssertionError("no call containing '" + part + "' in:\n" + String.join("\n", calls));
	}

	private void script(String name, String content) throws IOException {
		Path file = this.bin.resolve(name);
		Files.writeString(file, content, StandardCharsets.UTF_8);
		executable(file);
	}

	private static void executable(Path file) throws IOException {
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

	private static boolean onPath(String tool) {
		return Stream.of(System.getenv("PATH").split(File.pathSeparator))
			.anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
	}

	/** A directory with links to every command on this machine's PATH except the given ones. */
	private static Path systemToolsWithout(Set<String> excluded) throws IOException {
		Path dir = Files.createDirectories(shared.resolve("system-bin"));
		Map<String, Path> tools = new HashMap<>();
		for (String entry : System.getenv("PATH").split(File.pathSeparator)) {
			Path pathDir = Path.of(entry);
			if (!Files.isDirectory(pathDir)) {
				continue;
			}
			try (Stream<Path> files = Files.list(pathDir)) {
				files.filter(Files::isExecutable)
					.filter(file -> !Files.isDirectory(file))
					.forEach(file -> tools.putIfAbsent(file.getFileName().toString(), file));
			}
		}
		for (Map.Entry<String, Path> tool : tools.entrySet()) {
			if (!excluded.contains(tool.getKey())) {
				Files.createSymbolicLink(dir.resolve(tool.getKey()), tool.getValue());
			}
		}
		return dir;
	}
}
