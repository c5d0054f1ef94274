package io.github.mediastreams.docker;

import static io.github.mediastreams.docker.Repository.compose;
import static io.github.mediastreams.docker.Repository.environment;
import static io.github.mediastreams.docker.Repository.services;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.github.mediastreams.docker.Repository.Exercise;

/**
 * The environment Compose gives each app is environment the app reads: a misspelt variable would be silently
 * ignored and the app would look for Kurento on localhost inside its container.
 */
class AppEnvironmentTest {

	private final Map<String, Object> compose = compose();

	@ParameterizedTest
	@FieldSource("io.github.mediastreams.docker.Repository#EXERCISES")
	void everyVariableComposeGivesTheAppIsOneItReads(Exercise exercise) {
		String app = exercise.app();
		AppModules.assumeModuleExists(app);
		Set<String> given = environment(services(this.compose).get(app)).keySet();

		Set<String> placeholders = AppModules.placeholders(app).keySet();
		Set<String> readable = new LinkedHashSet<>(placeholders);
		AppModules.configuredProperties(app).forEach(property -> readable.addAll(AppModules.environmentNames(property)));
		Optional<Set<String>> declared = AppModules.declaredProperties(app);
		declared.ifPresent(properties -> properties
			.forEach(property -> readable.addAll(AppModules.environmentNames(property))));

		List<String> unknown = new ArrayList<>(given);
		unknown.removeAll(readable);
		if (!unknown.isEmpty() && declared.isEmpty()) {
			Assumptions.abort("Skipped for " + app + ": " + unknown + " are not ${...} in its application.yml, and "
					+ "its configuration metadata is not built yet (package the reactor, e.g. ./mvnw package) to "
					+ "tell whether they are names of its configuration properties.");
		}
		assertThat(unknown)
			.as("variables docker/compose.yaml gives %s that it does not read (neither ${VAR} in %s nor a "
					+ "configuration property of the app or its libraries)", app, AppModules.configFiles(app))
			.isEmpty();
	}

	@ParameterizedTest
	@FieldSource("io.github.mediastreams.docker.Repository#EXERCISES")
	void everyVariableTheAppRequiresIsGivenByCompose(Exercise exercise) {
		String app = exercise.app();
		AppModules.assumeModuleExists(app);
		Set<String> given = environment(services(this.compose).get(app)).keySet();
		List<String> required = new ArrayList<>();
		AppModules.placeholders(app).forEach((variable, hasDefault) -> {
			if (!hasDefault) {
				required.add(variable);
			}
		});
		assertThat(given).as("%s's configuration uses these without a default, so its container needs them", app)
			.containsAll(required);
	}
}
