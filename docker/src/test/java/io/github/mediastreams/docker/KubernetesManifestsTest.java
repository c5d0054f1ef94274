package io.github.mediastreams.docker;

import static io.github.mediastreams.docker.KubernetesManifests.ROOT;
import static io.github.mediastreams.docker.KubernetesManifests.build;
import static io.github.mediastreams.docker.KubernetesManifests.env;
import static io.github.mediastreams.docker.Repository.compose;
import static io.github.mediastreams.docker.Repository.services;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.github.mediastreams.docker.Repository.Exercise;

/**
 * {@code deploy/kubernetes}: every manifest is a kind the model knows, with fields it knows; every kustomization
 * names files that exist; and what each overlay deploys fits together: the app finds every KMS through the
 * headless Service by DNS, its probes are the app's, its environment is what the app reads, its images are the
 * ones Compose builds and pulls, KMS runs on the node's network and announces the node's address, and the Ingress,
 * the Services and the Context Broker's addresses point where they should.
 */
class KubernetesManifestsTest {

	@Test
	void everyManifestIsAKindTheModelKnowsWithOnlyFieldsItKnows() throws IOException {
		List<Path> manifests = yamlFiles().filter((p) -> !p.getFileName().toString().equals("kustomization.yaml"))
			.toList();
		assertThat(manifests).hasSizeGreaterThanOrEqualTo(10);
		manifests.forEach(KubernetesManifests::resource);
	}

	@Test
	void everyKustomizationNamesFilesThatExist() throws IOException {
		List<Path> kustomizations = yamlFiles().filter((p) -> p.getFileName().toString().equals("kustomization.yaml"))
			.toList();
		assertThat(kustomizations).hasSize(1 + 1 + KubernetesManifests.OVERLAYS.size());
		for (Path file : kustomizations) {
			Path directory = file.getParent();
			KubernetesManifests.Kustomization kustomization = KubernetesManifests.kustomization(directory);
			List<String> named = new ArrayList<>(kustomization.resourcesOrNone());
			named.addAll(kustomization.componentsOrNone());
			kustomization.patchesOrNone().forEach((patch) -> named.add(patch.path()));
			assertThat(named).as("files %s names", ROOT.relativize(file)).isNotEmpty()
				.allSatisfy((entry) -> assertThat(directory.resolve(entry)).exists());
		}
	}

	@ParameterizedTest
	@FieldSource("io.github.mediastreams.docker.Repository#EXERCISES")
	void theAppFindsEveryMediaServerThroughTheHeadlessServiceByDns(Exercise exercise) {
		KubernetesManifests.Build build = build(exercise.profile());
		Container app = build.appContainer();
		Service kurento = build.get(Service.class, env(app, "MEDIA_SERVER_HOST").orElseThrow());
		DaemonSet daemonSet = build.get(DaemonSet.class, "kurento");

		assertThat(env(app, "MEDIA_SERVER_DISCOVERY")).contains("dns");
		assertThat(kurento.getSpec().getClusterIP()).as("a headless Service").isEqualTo("None");
		assertThat(daemonSet.getSpec().getTemplate().getMetadata().getLabels())
			.containsAllEntriesOf(kurento.getSpec().getSelector());
		ServicePort port = kurento.getSpec().getPorts().get(0);
		assertThat(env(app, "MEDIA_SERVER_PORT")).contains(String.valueOf(port.getPort()));
		assertThat(containerPort(build.kurentoContainer(), port.getTargetPort().getStrVal()).getContainerPort())
			.isEqualTo(port.getPort())
			.isEqualTo(8888);
	}

	@ParameterizedTest
	@FieldSource("io.github.mediastreams.docker.Repository#EXERCISES")
	void kurentoRunsOnTheNodesNetworkAndAnnouncesTheNodesAddress(Exercise exercise) {
		KubernetesManifests.Build build = build(exercise.profile());
		DaemonSet daemonSet = build.get(DaemonSet.class, "kurento");
		Container kurento = build.kurentoContainer();

		assertThat(daemonSet.getSpec().getTemplate().getSpec().getHostNetwork()).isTrue();
		assertThat(daemonSet.getSpec().getTemplate().getSpec().getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");
		EnvVar external = kurento.getEnv().stream().filter((e) -> e.getName().equals("KMS_EXTERNAL_IPV4")).findFirst()
			.orElseThrow();
		assertThat(external.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.hostIP");
		int min = Integer.parseInt(env(kurento, "KMS_MIN_PORT").orElseThrow());
		int max = Integer.parseInt(env(kurento, "KMS_MAX_PORT").orElseThrow());
		assertThat(min).isLessThan(max).isGreaterThan(1024);
		assertThat(kurento.getEnvFrom()).singleElement()
			.satisfies((from) -> assertThat(from.getSecretRef().getOptional()).as("TURN settings, if any").isTrue());
		assertThat(kurento.getReadinessProbe().getExec().getCommand()).containsExactly("/healthchecker.sh");
	}

	@ParameterizedTest
	@FieldSource("io.github.mediastreams.docker.Repository#EXERCISES")
	void theAppsProbesAndPortsAreTheApps(Exercise exercise) {
		KubernetesManifests.Build build = build(exercise.profile());
		Deployment deployment = build.get(Deployment.class, "app");
		Container app = build.appContainer();

		assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
		ContainerPort https = containerPort(app, "https");
		assertThat(env(app, "APP_SERVER_PORT")).contains(String.valueOf(https.getContainerPort()));
		assertThat(env(app, "MANAGEMENT_SERVER_PORT"))
			.contains(String.valueOf(containerPort(app, "management").getContainerPort()));
		assertProbe(app.getReadinessProbe(), "/readyz");
		assertProbe(app.getLivenessProbe(), "/livez");
		// Spring Boot's graceful shutdown (30 s a phase by default) ends every session: the pod must outlive it.
		assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isGreaterThan(30);
		assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
			.as("the image's user").isEqualTo(10001);

		Service service = build.get(Service.class, "app");
		assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
			.containsAllEntriesOf(service.getSpec().getSelector());
		assertThat(service.getSpec().getPorts()).singleElement()
			.satisfies((port) -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("https"));
		IngressServiceBackend backend = build.get(Ingress.class, "app").getSpec().getRules().get(0).getHttp().getPaths()
			.get(0).getBackend().getService();
		assertThat(backend.getName()).isEqualTo("app");
		assertThat(backend.getPort().getName()).isEqualTo(service.getSpec().getPorts().get(0).getName());
	}

	@ParameterizedTest
	@FieldSource("io.github.mediastreams.docker.Repository#EXERCISES")
	void theImagesAreTheOnesComposeBuildsAndPulls(Exercise exercise) {
		KubernetesManifests.Build build = build(exercise.profile());
		Map<String, Map<String, Object>> compose = services(compose());

		assertThat(build.appContainer().getImage()).isEqualTo(compose.get(exercise.app()).get("image"));
		assertThat(build.kurentoContainer().getImage()).isEqualTo(compose.get(exercise.kms()).get("image"));
	}

	@ParameterizedTest
	@FieldSource("io.github.mediastreams.docker.Repository#EXERCISES")
	void everyVariableTheManifestsGiveTheAppIsOneItReads(Exercise exercise) {
		String app = exercise.app();
		AppModules.assumeModuleExists(app);
		Set<String> readable = new LinkedHashSet<>(AppModules.placeholders(app).keySet());
		AppModules.configuredProperties(app).forEach((p) -> readable.addAll(AppModules.environmentNames(p)));
		Optional<Set<String>> declared = AppModules.declaredProperties(app);
		if (declared.isEmpty()) {
			Assumptions.abort("Skipped for " + app + ": its configuration metadata is not built yet (package the "
					+ "reactor, e.g. ./mvnw package)");
		}
		declared.get().forEach((p) -> readable.addAll(AppModules.environmentNames(p)));

		List<String> given = build(exercise.profile()).appContainer().getEnv().stream().map(EnvVar::getName).toList();

		assertThat(given).as("variables deploy/kubernetes gives %s", app).isNotEmpty()
			.allSatisfy((name) -> assertThat(readable).as("a variable %s reads", app).contains(name));
	}

	@Test
	void theDetectorsReachOrionAndOrionReachesMongo() {
		for (String overlay : List.of("plate-detection", "crowd-detection")) {
			KubernetesManifests.Build build = build(overlay);
			URI broker = URI.create(env(build.appContainer(), "CONTEXT_BROKER_URL").orElseThrow());
			Service orion = build.get(Service.class, broker.getHost());
			assertThat(orion.getSpec().getPorts()).extracting(ServicePort::getPort).contains(broker.getPort());
			Container orionContainer = KubernetesManifests.container(
					build.get(Deployment.class, "orion").getSpec().getTemplate().getSpec(), "orion");
			URI mongo = URI.create(orionContainer.getArgs().get(orionContainer.getArgs().indexOf("-dbURI") + 1));
			assertThat(build.get(Service.class, mongo.getHost()).getSpec().getPorts()).extracting(ServicePort::getPort)
				.contains(mongo.getPort());
		}
	}

	@Test
	void kmsFetchesTheHatFromTheAppsServiceInItsNamespace() {
		KubernetesManifests.Build build = build("magic-mirror");
		URI hat = URI.create(env(build.appContainer(), "MAGIC_MIRROR_HAT_URL").orElseThrow());

		assertThat(hat.getScheme()).isEqualTo("https");
		assertThat(hat.getHost()).isEqualTo(build.get(Service.class, "app").getMetadata().getName() + "."
				+ build.namespace() + ".svc.cluster.local");
		assertThat(hat.getPath()).isEqualTo("/img/hat.png");
		assertThat(Repository.ROOT.resolve("magic-mirror/src/main/resources/static" + hat.getPath())).exists();
	}

	private static void assertProbe(Probe probe, String path) {
		assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
		assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("https");
		assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTPS");
	}

	private static ContainerPort containerPort(Container container, String name) {
		return container.getPorts().stream().filter((p) -> name.equals(p.getName())).findFirst()
			.orElseThrow(() -> new AssertionError("No port " + name + " on container " + container.getName()));
	}

	private static Stream<Path> yamlFiles() throws IOException {
		return Files.walk(ROOT).filter((p) -> p.toString().endsWith(".yaml")).sorted();
	}
}
