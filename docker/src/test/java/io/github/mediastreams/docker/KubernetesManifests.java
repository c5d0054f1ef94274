package io.github.mediastreams.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

/**
 * The Kubernetes manifests under {@code deploy/kubernetes}, read into fabric8's typed model classes, and each
 * overlay as kustomize would build it for what the tests look at: the base's and components' resources, the
 * overlay's image names, and its patches' added environment variables. Not kustomize itself (there is none on
 * these machines): enough to check that what an overlay deploys fits together.
 */
final class KubernetesManifests {

	static final Path ROOT = Repository.ROOT.resolve("deploy/kubernetes");

	static final List<String> OVERLAYS = List.of("hello-world", "magic-mirror", "plate-detection", "crowd-detection");

	private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

	private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("Deployment", Deployment.class,
			"DaemonSet", DaemonSet.class, "StatefulSet", StatefulSet.class, "Service", Service.class, "Ingress",
			Ingress.class);

	private KubernetesManifests() {
	}

	/** A kustomization file's fields that the tests use; any other field fails the read. */
	record Kustomization(String apiVersion, String kind, String namespace, List<String> resources,
			List<String> components, List<Image> images, List<Patch> patches, List<Label> labels) {

		List<String> resourcesOrNone() {
			return this.resources == null ? List.of() : this.resources;
		}

		List<String> componentsOrNone() {
			return this.components == null ? List.of() : this.components;
		}

		List<Patch> patchesOrNone() {
			return this.patches == null ? List.of() : this.patches;
		}
	}

	record Image(String name, String newName, String newTag) {
	}

	record Patch(String path) {
	}

	record Label(Map<String, String> pairs) {
	}

	/** What an overlay deploys: its resources by kind and name. */
	record Build(String overlay, String namespace, Map<String, HasMetadata> resources) {

		<T extends HasMetadata> T get(Class<T> type, String name) {
			HasMetadata resource = this.resources.get(type.getSimpleName() + "/" + name);
			assertThat(resource).as("%s %s in overlay %s", type.getSimpleName(), name, this.overlay).isNotNull();
			return type.cast(resource);
		}

		Container appContainer() {
			return container(get(Deployment.class, "app").getSpec().getTemplate().getSpec(), "app");
		}

		Container kurentoContainer() {
			return container(get(DaemonSet.class, "kurento").getSpec().getTemplate().getSpec(), "kurento");
		}
	}

	static Kustomization kustomization(Path directory) {
		Path file = directory.resolve("kustomization.yaml");
		assertThat(file).as("kustomization of %s", ROOT.relativize(directory)).exists();
		try {
			return YAML.readValue(file.toFile(), Kustomization.class);
		}
		catch (IOException ex) {
			throw new AssertionError("Cannot read " + ROOT.relativize(file) + ": " + ex.getMessage(), ex);
		}
	}

	/** Reads a manifest into the model class of its kind: an unknown kind or field fails. */
	static HasMetadata resource(Path file) {
		JsonNode tree = tree(file);
		String kind = tree.path("kind").asText();
		Class<? extends HasMetadata> type = KINDS.get(kind);
		assertThat(type).as("kind %s of %s, one the manifests may use: %s", kind, ROOT.relativize(file), KINDS.keySet())
			.isNotNull();
		HasMetadata resource = YAML.convertValue(tree, type);
		List<String> unknown = new ArrayList<>();
		unknownFields("", resource, unknown);
		assertThat(unknown).as("fields of %s that %s has not", ROOT.relativize(file), type.getSimpleName()).isEmpty();
		return resource;
	}

	/** Builds an overlay as kustomize would, for what the tests look at. */
	static Build build(String overlay) {
		Path directory = ROOT.resolve("overlays").resolve(overlay);
		Kustomization kustomization = kustomization(directory);
		Map<String, HasMetadata> resources = new LinkedHashMap<>();
		List<Path> patches = new ArrayList<>();
		collect(directory, kustomization, resources, patches);
		for (Path patch : patches) {
			applyEnvPatch(resource(patch), resources);
		}
		for (Image image : kustomization.images() == null ? List.<Image>of() : kustomization.images()) {
			renameImage(resources.values(), image);
		}
		return new Build(overlay, kustomization.namespace(), resources);
	}

	static Optional<String> env(Container container, String name) {
		return container.getEnv().stream().filter((e) -> e.getName().equals(name)).map(EnvVar::getValue).findFirst();
	}

	private static void collect(Path directory, Kustomization kustomization, Map<String, HasMetadata> resources,
			List<Path> patches) {
		for (String entry : kustomization.resourcesOrNone()) {
			Path path = directory.resolve(entry).normalize();
			if (Files.isDirectory(path)) {
				collect(path, kustomization(path), resources, patches);
			}
			else {
				HasMetadata resource = resource(path);
				resources.put(resource.getKind() + "/" + resource.getMetadata().getName(), resource);
			}
		}
		for (String component : kustomization.componentsOrNone()) {
			Path path = directory.resolve(component).normalize();
			Kustomization inner = kustomization(path);
			assertThat(inner.kind()).as("%s is a kustomize Component", ROOT.relativize(path)).isEqualTo("Component");
			collect(path, inner, resources, patches);
		}
		kustomization.patchesOrNone().forEach((patch) -> patches.add(directory.resolve(patch.path()).normalize()));
	}

	// The patches here add environment variables to a container of a Deployment: apply just that, as a strategic
	// merge does (env is merged by name).
	private static void applyEnvPatch(HasMetadata patch, Map<String, HasMetadata> resources) {
		assertThat(patch).as("a patch of a Deployment").isInstanceOf(Deployment.class);
		Deployment target = (Deployment) resources.get("Deployment/" + patch.getMetadata().getName());
		assertThat(target).as("the Deployment %s a patch is for", patch.getMetadata().getName()).isNotNull();
		for (Container patched : ((Deployment) patch).getSpec().getTemplate().getSpec().getContainers()) {
			Container container = container(target.getSpec().getTemplate().getSpec(), patched.getName());
			for (EnvVar env : patched.getEnv()) {
				container.getEnv().removeIf((e) -> e.getName().equals(env.getName()));
				container.getEnv().add(env);
			}
		}
	}

	private static void renameImage(Collection<HasMetadata> resources, Image image) {
		boolean used = false;
		for (HasMetadata resource : resources) {
			for (Container container : podSpec(resource).map(PodSpec::getContainers).orElse(List.of())) {
				String name = container.getImage().replaceFirst(":[^:/]+$", "");
				if (name.equals(image.name())) {
					container.setImage(image.newName() + ":" + image.newTag());
					used = true;
				}
			}
		}
		assertThat(used).as("image %s of an overlay is used by a container", image.name()).isTrue();
	}

	static Optional<PodSpec> podSpec(HasMetadata resource) {
		if (resource instanceof Deployment d) {
			return Optional.of(d.getSpec().getTemplate().getSpec());
		}
		if (resource instanceof DaemonSet d) {
			return Optional.of(d.getSpec().getTemplate().getSpec());
		}
		if (resource instanceof StatefulSet s) {
			return Optional.of(s.getSpec().getTemplate().getSpec());
		}
		return Optional.empty();
	}

	static Container container(PodSpec pod, String name) {
		return pod.getContainers().stream().filter((c) -> c.getName().equals(name)).findFirst()
			.orElseThrow(() -> new AssertionError("No container " + name + " in " + pod.getContainers()));
	}

	private static JsonNode tree(Path file) {
		try {
			return YAML.readTree(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
	}

	// fabric8 keeps fields its classes do not know in each object's additionalProperties: a misspelt field lands
	// there, so there must be none anywhere.
	private static void unknownFields(String path, Object node, List<String> unknown) {
		if (node == null || !node.getClass().getName().startsWith("io.fabric8.")) {
			if (node instanceof Collection<?> items) {
				int i = 0;
				for (Object item : items) {
					unknownFields(path + "[" + i++ + "]", item, unknown);
				}
			}
			else if (node instanceof Map<?, ?> map) {
				map.forEach((key, value) -> unknownFields(path + "." + key, value, unknown));
			}
			return;
		}
		for (Method method : node.getClass().getMethods()) {
			if (method.getParameterCount() != 0 || !method.getName().startsWith("get")
					|| method.getDeclaringClass() == Object.class) {
				continue;
			}
			Object value;
			try {
				value = method.invoke(node);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
			if (method.getName().equals("getAdditionalProperties")) {
				if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
					extra.keySet().forEach((key) -> unknown.add(path + "." + key));
				}
			}
			else {
				unknownFields(path + "." + method.getName().substring(3), value, unknown);
			}
		}
	}
}
