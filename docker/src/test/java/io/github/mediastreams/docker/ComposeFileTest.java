package io.github.mediastreams.docker;

import static io.github.mediastreams.docker.Repository.EXERCISES;
import static io.github.mediastreams.docker.Repository.compose;
import static io.github.mediastreams.docker.Repository.environment;
import static io.github.mediastreams.docker.Repository.map;
import static io.github.mediastreams.docker.Repository.ports;
import static io.github.mediastreams.docker.Repository.services;
import static io.github.mediastreams.docker.Repository.servicesOf;
import static io.github.mediastreams.docker.Repository.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

import io.github.mediastreams.docker.Repository.Exercise;
import io.github.mediastreams.docker.Repository.Port;

/** docker/compose.yaml: what `./services <exercise>` starts, and how the pieces find each other. */
class ComposeFileTest {

	private final Map<String, Object> compose = compose();

	@Test
	void dockerComposeV1ReadsTheFileToo() {
		assertThat(this.compose.keySet()).as("top-level keys; docker-compose 1.29 refuses `name` and other v2-only keys")
			.allMatch(key -> Set.of("services", "volumes", "networks", "configs", "secrets").contains(key)
					|| key.startsWith("x-"));
		assertThat(Repository.read(Repository.SERVICES)).as("so the project name comes from the command line")
			.contains("--project-name \"${PROJECT}\"")
			.contains("readonly PROJECT=\"media-streams\"");
	}

	@Test
	void everyServiceBelongsToAProfileSoNothingStartsWithoutAnExercise() {
		services(this.compose).forEach((name, service) -> assertThat(strings(service.get("profiles")))
			.as("profiles of service %s", name)
			.isNotEmpty());
	}

	@ParameterizedTest
	@FieldSource("io.github.mediastreams.docker.Repository#EXERCISES")
	void everyExerciseStartsItsKurentoAndItsAppOnceKurentoIsHealthy(Exercise exercise) {
		Map<String, Map<String, Object>> started = servicesOf(this.compose, exercise.profile());
		assertThat(started).as("services of profile %s", exercise.profile())
			.containsKeys(exercise.kms(), exercise.app());
		assertThat(started.keySet().stream().filter(name -> name.startsWith("kurento")))
			.as("exactly one Kurento in profile %s", exercise.profile())
			.containsExactly(exercise.kms());

		Map<String, Object> kms = started.get(exercise.kms());
		assertThat(strings(map(kms.get("healthcheck")).get("test"))).as("healthcheck of %s", exercise.kms())
			.contains("/healthchecker.sh");
		assertThat(kms.get("platform")).as("Kurento images exist for x86 only; Apple silicon must ask for them")
			.isEqualTo("linux/amd64");

		Map<String, Object> app = started.get(exercise.app());
		assertThat(map(map(app.get("depends_on")).get(exercise.kms())).get("condition"))
			.as("%s waits for a healthy %s", exercise.app(), exercise.kms())
			.isEqualTo("service_healthy");
		assertThat(map(app.get("build")).get("dockerfile")).isEqualTo("docker/app/Dockerfile");
		assertThat(map(app.get("build")).get("context")).as("build context: the reactor").isEqualTo("..");
		assertThat(map(map(app.get("build")).get("args")).get("APP")).as("the module %s builds", exercise.app())
			.isEqualTo(exercise.app());
		assertThat(environment(app)).containsEntry("MEDIA_SERVER_HOST", exercise.kms())
			.containsEntry("MEDIA_SERVER_PORT", "8888");
	}

	@ParameterizedTest
	@FieldSource("io.github.mediastreams.docker.Repository#EXERCISES")
	void noTwoServicesOfAnExerciseWantTheSameHostPort(Exercise exercise) {
		Set<String> seen = new HashSet<>();
		servicesOf(this.compose, exercise.profile()).forEach((name, service) -> {
			for (Port port : ports(service)) {
				assertThat(seen.add(port.host() + "/" + port.protocol()))
					.as("host port %s/%s of %s is free in profile %s", port.host(), port.protocol(), name,
							exercise.profile())
					.isTrue();
			}
		});
	}

	@ParameterizedTest
	@FieldSource("io.github.mediastreams.docker.Repository#EXERCISES")
	void theAppsActuatorIsOnAManagementPortPublishedOnLoopbackOnly(Exercise exercise) {
		Map<String, Object> app = services(this.compose).get(exercise.app());
		String management = environment(app).get("MANAGEMENT_SERVER_PORT");
		assertThat(management).as("management port of %s", exercise.app()).isNotBlank();
		List<Port> published = ports(app).stream().filter(port -> port.container().equals(management)).toList();
		assertThat(published).as("%s publishes its management port, on loopback only", exercise.app())
			.containsExactly(new Port("127.0.0.1", management, management, "tcp"));
		assertThat(ports(app)).as("the page's port, for everyone").contains(new Port("", "8443", "8443", "tcp"));
	}

	@Test
	void imagesBuiltFromThisRepositoryAreNeverPulledByName() {
		services(this.compose).forEach((name, service) -> {
			if (service.containsKey("build")) {
				assertThat(service.get("pull_policy")).as("pull_policy of %s", name).isEqualTo("build");
				assertThat(String.valueOf(service.get("image"))).as("image of %s", name).startsWith("media-streams/");
			}
		});
	}

	@Test
	void plateAndCrowdDetectionRunOnAKurentoThatHasTheirModules() {
		Map<String, Object> kms = services(this.compose).get("kurento-modules");
		assertThat(map(kms.get("build")).get("context")).isEqualTo("kms-modules");
		String baseVersion = String.valueOf(map(map(kms.get("build")).get("args")).get("KMS_MODULES_BASE_VERSION"));
		assertThat(Integer.parseInt(baseVersion.split("\\.")[0]))
			.as("Kurento 7 does not ship kms-platedetector nor kms-crowddetector; the base must be 6.15 to 6.18, not %s",
					baseVersion)
			.isEqualTo(6);
		String dockerfile = Repository.read(Repository.ROOT.resolve("docker/kms-modules/Dockerfile"));
		assertThat(dockerfile).contains("ARG KMS_MODULES_BASE_VERSION=" + baseVersion)
			.contains("FROM kurento/kurento-media-server:${KMS_MODULES_BASE_VERSION}")
			.as("the build fails when a module is missing")
			.contains("grep -q \"'platedetector'\"")
			.contains("grep -q \"'crowddetector'\"")
			.contains("exit 1");
	}

	@ParameterizedTest
	@CsvSource({ "plate-detection, plate-detector", "crowd-detection, crowd-detector" })
	void detectorsSendTheirEventsToOrionWhichKeepsThemInMongo(String profile, String detector) {
		Map<String, Map<String, Object>> started = servicesOf(this.compose, profile);
		assertThat(started).containsKeys("orion", "mongo-db");
		Map<String, Object> app = started.get(detector);
		assertThat(environment(app)).containsEntry("CONTEXT_BROKER_URL", "http://orion:1026");
		assertThat(map(map(app.get("depends_on")).get("orion")).get("condition")).isEqualTo("service_healthy");

		Map<String, Object> orion = started.get("orion");
		assertThat(String.valueOf(orion.get("image"))).matches("fiware/orion:4\\.\\d+\\.\\d+");
		assertThat(String.valueOf(orion.get("command"))).contains("-dbURI mongodb://mongo-db:27017");
		assertThat(map(map(orion.get("depends_on")).get("mongo-db")).get("condition")).isEqualTo("service_healthy");
		assertThat(strings(map(orion.get("healthcheck")).get("test"))).contains("http://localhost:1026/version");
		assertThat(strings(map(started.get("mongo-db").get("healthcheck")).get("test"))).contains("mongosh");
	}

	@Test
	void magicMirrorsKurentoHasTheAppsHatAsAReadOnlyFileAndTheAppNamesIt() {
		Map<String, Object> app = services(this.compose).get("magic-mirror");
		String hatPath = environment(app).get("MAGIC_MIRROR_HAT_PATH");
		assertThat(hatPath).as("the hat as a file of the media server, so that KMS downloads nothing at each start")
			.startsWith("/");

		Map<String, Object> kms = services(this.compose).get("kurento");
		List<Map<String, Object>> mounts = Repository.maps(kms.get("volumes"));
		assertThat(mounts).as("volumes of kurento").hasSize(1);
		Map<String, Object> hat = mounts.get(0);
		assertThat(hat).containsEntry("type", "bind").containsEntry("target", hatPath).containsEntry("read_only", true);
		Path source = Repository.COMPOSE_FILE.getParent().resolve(String.valueOf(hat.get("source"))).normalize();
		assertThat(source).as("the app's own hat, the one it serves at /img/hat.png")
			.isEqualTo(Repository.ROOT.resolve("magic-mirror/src/main/resources/static/img/hat.png"))
			.isRegularFile();
	}

	@Test
	void kurentoGetsItsMediaPortRangeAndStunTurnSettingsFromTheEnvironment() {
		Map<String, Object> configured = compose(Map.of("KMS_MIN_PORT", "40000", "KMS_MAX_PORT", "40100",
				"KMS_STUN_IP", "203.0.113.7", "KMS_STUN_PORT", "3478", "KMS_TURN_URL", "user:pw@203.0.113.8:3478",
				"KMS_EXTERNAL_IPV4", "192.0.2.10"));
		for (String kms : List.of("kurento", "kurento-modules")) {
			Map<String, Object> service = services(configured).get(kms);
			assertThat(environment(service)).as("environment of %s", kms)
				.containsEntry("KMS_MIN_PORT", "40000")
				.containsEntry("KMS_MAX_PORT", "40100")
				.containsEntry("KMS_STUN_IP", "203.0.113.7")
				.containsEntry("KMS_STUN_PORT", "3478")
				.containsEntry("KMS_TURN_URL", "user:pw@203.0.113.8:3478")
				.containsEntry("KMS_EXTERNAL_IPV4", "192.0.2.10");
			assertThat(ports(service)).as("ports of %s", kms)
				.contains(new Port("", "40000-40100", "40000-40100", "udp"))
				.contains(new Port("127.0.0.1", "8888", "8888", "tcp"));
		}
	}

	@Test
	void kurentoVariablesAreOnlyOnesItsImageEntrypointUnderstands() {
		// docker/kurento-media-server/entrypoint.sh of Kurento 6.18 and 7.3 (same list in both).
		Set<String> understood = Set.of("KMS_MIN_PORT", "KMS_MAX_PORT", "KMS_MTU", "KMS_EXTERNAL_IPV4",
				"KMS_EXTERNAL_IPV6", "KMS_NETWORK_INTERFACES", "KMS_ICE_TCP", "KMS_STUN_IP", "KMS_STUN_PORT",
				"KMS_TURN_URL", "KMS_PEM_CERTIFICATE_RSA", "KMS_PEM_CERTIFICATE_ECDSA", "KMS_UID", "GST_DEBUG");
		for (String kms : List.of("kurento", "kurento-modules")) {
			assertThat(understood).as("variables of %s", kms)
				.containsAll(environment(services(this.compose).get(kms)).keySet());
		}
	}

	@Test
	void everyVariableHasOneDefaultThroughoutTheFile() {
		assertThat(Repository.composeVariables()).isNotEmpty();
	}

	@Test
	void envExampleListsEveryVariableOfTheComposeFile() {
		String example = Repository.read(Repository.ROOT.resolve(".env.example"));
		Map<String, String> variables = Repository.composeVariables();
		List<String> missing = new ArrayList<>();
		variables.forEach((name, defaultValue) -> {
			Matcher line = Pattern.compile("(?m)^#?\\s*" + name + "=(.*)$").matcher(example);
			if (!line.find()) {
				missing.add(name);
			}
			else {
				assertThat(line.group(1).trim()).as("value of %s in .env.example is the default", name)
					.isEqualTo(defaultValue);
			}
		});
		assertThat(missing).as("variables missing from .env.example").isEmpty();
	}
}
