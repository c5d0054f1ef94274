package io.github.mediastreams.docker;

import static io.github.mediastreams.docker.Repository.compose;
import static io.github.mediastreams.docker.Repository.environment;
import static io.github.mediastreams.docker.Repository.interpolate;
import static io.github.mediastreams.docker.Repository.read;
import static io.github.mediastreams.docker.Repository.services;
import static io.github.mediastreams.docker.Repository.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * {@code docker/compose.two-kms.yaml}, the example of one app on two media servers: the second server has ports of
 * its own, is in the profiles of the apps it serves, and those apps name both servers by their Compose names.
 */
class TwoMediaServersComposeTest {

	private static final Path FILE = Repository.ROOT.resolve("docker/compose.two-kms.yaml");

	@SuppressWarnings("unchecked")
	private final Map<String, Map<String, Object>> override = services(
			(Map<String, Object>) yaml(interpolate(read(FILE), Map.of())));

	private final Map<String, Map<String, Object>> base = services(compose());

	@Test
	void theSecondServerIsAKurentoWithPortsOfItsOwn() {
		Map<String, Object> second = this.override.get("kurento-2");
		Map<String, Object> first = this.base.get("kurento");

		assertThat(second.get("image")).isEqualTo(first.get("image"));
		assertThat(second.get("profiles")).isEqualTo(first.get("profiles"));
		List<String> firstPorts = ports(first);
		List<String> secondPorts = ports(second);
		assertThat(secondPorts).hasSameSizeAs(firstPorts).doesNotContainAnyElementsOf(firstPorts);
		assertThat(String.join(" ", secondPorts)).doesNotContain(":8888:8888").contains("5100-5150:5100-5150/udp");
		assertThat(environment(second)).containsEntry("KMS_MIN_PORT", "5100").containsEntry("KMS_MAX_PORT", "5150");
	}

	@Test
	void theAppsNameBothServersByTheirComposeNamesAndWaitForBoth() {
		for (String app : List.of("hello-world", "magic-mirror")) {
			Map<String, Object> service = this.override.get(app);
			List<URI> urls = Arrays.stream(environment(service).get("MEDIA_SERVER_URLS").split(",")).map(URI::create)
				.toList();

			assertThat(urls).extracting(URI::getHost).containsExactly("kurento", "kurento-2");
			assertThat(urls).allSatisfy((url) -> assertThat(url.getPort()).isEqualTo(8888));
			assertThat(this.base).containsKey(app);
			@SuppressWarnings("unchecked")
			Map<String, Object> dependsOn = (Map<String, Object>) service.get("depends_on");
			assertThat(dependsOn).containsKey("kurento-2");
		}
	}

	@SuppressWarnings("unchecked")
	private static List<String> ports(Map<String, Object> service) {
		return (List<String>) service.get("ports");
	}
}
