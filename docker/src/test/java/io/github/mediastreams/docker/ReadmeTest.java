package io.github.mediastreams.docker;

import static io.github.mediastreams.docker.Repository.codeSpans;
import static io.github.mediastreams.docker.Repository.compose;
import static io.github.mediastreams.docker.Repository.environment;
import static io.github.mediastreams.docker.Repository.markdownTable;
import static io.github.mediastreams.docker.Repository.ports;
import static io.github.mediastreams.docker.Repository.services;
import static io.github.mediastreams.docker.Repository.servicesOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.github.mediastreams.docker.Repository.Port;

/** docker/README.md tells users the truth about ports, variables, profiles and app settings. */
class ReadmeTest {

	private final String readme = Repository.read(Repository.README);

	private final Map<String, Object> compose = compose();

	@Test
	void portsTableIsWhatComposePublishes() {
		Set<String> documented = new TreeSet<>();
		for (List<String> row : markdownTable(this.readme, "Ports")) {
			String published = single(codeSpans(row.get(2)), row);
			String container = single(codeSpans(row.get(3)), row);
			String protocol = row.get(4).toLowerCase();
			for (String service : codeSpans(row.get(0))) {
				documented.add(service + " " + published + " -> " + container + "/" + protocol);
			}
		}
		Set<String> published = new TreeSet<>();
		services(this.compose).forEach((name, service) -> {
			for (Port port : ports(service)) {
				String host = port.hostIp().isEmpty() ? port.host() : port.hostIp() + ":" + port.host();
				published.add(name + " " + host + " -> " + port.container() + "/" + port.protocol());
			}
		});
		assertThat(published).as("ports published by compose.yaml (defaults) vs the README's Ports table")
			.isEqualTo(documented);
		assertThat(published).contains("hello-world 8443 -> 8443/tcp", "kurento 127.0.0.1:8888 -> 8888/tcp",
				"kurento 5000-5050 -> 5000-5050/udp");
	}

	@Test
	void environmentVariablesTableHasEveryVariableWithItsDefault() {
		Map<String, String> documented = new LinkedHashMap<>();
		for (List<String> row : markdownTable(this.readme, "Environment variables")) {
			String name = single(codeSpans(row.get(0)), row);
			Set<String> defaults = codeSpans(row.get(1));
			documented.put(name, defaults.isEmpty() ? "" : single(defaults, row));
			if (defaults.isEmpty()) {
				assertThat(row.get(1)).as("default of %s", name).isEqualTo("(empty)");
			}
		}
		Map<String, String> used = new LinkedHashMap<>(Repository.composeVariables());
		used.put("SERVICES_TIMEOUT", "180");
		assertThat(documented).as("README's Environment variables table vs compose.yaml and services")
			.containsExactlyInAnyOrderEntriesOf(used);
		assertThat(Repository.read(Repository.SERVICES)).contains("${SERVICES_TIMEOUT:-180}");
	}

	@Test
	void profilesTableListsWhatEachProfileStarts() {
		Map<String, Set<String>> documented = new LinkedHashMap<>();
		for (List<String> row : markdownTable(this.readme, "Compose profiles")) {
			documented.put(single(codeSpans(row.get(0)), row), codeSpans(row.get(1)));
		}
		Map<String, Set<String>> actual = new LinkedHashMap<>();
		services(this.compose).values()
			.forEach(service -> Repository.strings(service.get("profiles"))
				.forEach(profile -> actual.put(profile, new LinkedHashSet<>(servicesOf(this.compose, profile).keySet()))));
		assertThat(documented).isEqualTo(actual);
	}

	@Test
	void appSettingsTableIsWhatComposeGivesEachApp() {
		Map<String, String> documented = new LinkedHashMap<>();
		for (List<String> row : markdownTable(this.readme, "App settings")) {
			documented.put(single(codeSpans(row.get(0)), row) + " " + single(codeSpans(row.get(1)), row),
					single(codeSpans(row.get(2)), row));
		}
		String raw = Repository.read(Repository.COMPOSE_FILE);
		Map<String, String> actual = new LinkedHashMap<>();
		for (var exercise : Repository.EXERCISES) {
			environment(services(this.compose).get(exercise.app())).forEach((name, value) -> {
				// Variables passed through from .env are documented as written in compose.yaml.
				String written = raw.contains(name + ": ${" + name + ":-") ? "${" + name + ":-" + value + "}" : value;
				actual.put(exercise.app() + " " + name, written);
			});
		}
		assertThat(documented).containsExactlyInAnyOrderEntriesOf(actual);
	}

	@Test
	void servicesCommandsTableListsEveryCommandOfTheScript() {
		Set<String> documented = new LinkedHashSet<>();
		markdownTable(this.readme, "`./services`").forEach(row -> documented.addAll(codeSpans(row.get(0))));
		assertThat(documented).containsExactly("create", "hello-world", "magic-mirror", "plate-detection",
				"crowd-detection", "stop", "help");
	}

	private static String single(Set<String> spans, List<String> row) {
		assertThat(spans).as("one `code` value in a cell of README row %s", row).hasSize(1);
		return spans.iterator().next();
	}
}
