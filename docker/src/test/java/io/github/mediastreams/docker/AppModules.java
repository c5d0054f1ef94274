package io.github.mediastreams.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/** What the tests know of an app module: its configuration, the settings it reads, its packaged jar. */
final class AppModules {

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:)?");

	private static final Pattern CONFIG_FILE = Pattern.compile("application(-[a-z0-9-]+)?\\.(ya?ml|properties)");

	private AppModules() {
	}

	static Path module(String app) {
		return Repository.ROOT.resolve(app);
	}

	/** Skips the calling test, saying why, when the app's module is not in the repository yet. */
	static void assumeModuleExists(String app) {
		Assumptions.assumeTrue(Files.isRegularFile(module(app).resolve("pom.xml")),
				() -> "Skipped: module " + app + "/ does not exist yet, so there is nothing to check for it.");
	}

	/** The packaged Boot jar, {@code <app>/target/<app>-*.jar}, if the reactor has built it. */
	static Optional<Path> packagedJar(String app) {
		Path target = module(app).resolve("target");
		if (!Files.isDirectory(target)) {
			return Optional.empty();
		}
		try (Stream<Path> files = Files.list(target)) {
			List<Path> jars = files
				.filter(file -> file.getFileName().toString().matches(Pattern.quote(app) + "-.*\\.jar"))
				.filter(file -> !file.getFileName().toString().matches(".*-(sources|javadoc|tests)\\.jar"))
				.toList();
			return jars.size() == 1 ? Optional.of(jars.get(0)) : Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The app's own configuration files, src/main/resources/application[-profile].{yml,yaml,properties}. */
	static List<Path> configFiles(String app) {
		Path resources = module(app).resolve("src/main/resources");
		if (!Files.isDirectory(resources)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(resources)) {
			return files.filter(file -> CONFIG_FILE.matcher(file.getFileName().toString()).matches()).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The environment variables referenced as ${VAR...} in the app's configuration; true when it has a default. */
	static Map<String, Boolean> placeholders(String app) {
		Map<String, Boolean> result = new LinkedHashMap<>();
		for (Path file : configFiles(app)) {
			Matcher matcher = PLACEHOLDER.matcher(Repository.read(file));
			while (matcher.find()) {
				result.merge(matcher.group(1), matcher.group(2) != null, Boolean::logicalAnd);
			}
		}
		return result;
	}

	/** Property names the app's configuration files set. */
	static Set<String> configuredProperties(String app) {
		Set<String> result = new LinkedHashSet<>();
		for (Path file : configFiles(app)) {
			String text = Repository.read(file);
			if (file.toString().endsWith(".properties")) {
				Properties properties = new Properties();
				try {
					properties.load(new java.io.StringReader(text));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				properties.stringPropertyNames().forEach(result::add);
			}
			else {
				for (Object document : new org.yaml.snakeyaml.Yaml().loadAll(text)) {
					flatten("", document, result);
				}
			}
		}
		return result;
	}

	private static void flatten(String prefix, Object node, Set<String> into) {
		if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value,
					into));
		}
		else if (!prefix.isEmpty()) {
			into.add(prefix);
		}
	}

	/**
	 * Property names declared by the configuration metadata of the app and the libraries it is packaged with: from
	 * the packaged jar when there is one, else from the target/classes of the app and the reactor modules it
	 * depends on, and Spring Boot's own. Empty when those are not all compiled, since the answer would be partial.
	 */
	static Optional<Set<String>> declaredProperties(String app) {
		Set<String> result = new LinkedHashSet<>();
		Optional<Path> jar = packagedJar(app).filter(packaged -> !isStale(app, packaged));
		if (jar.isPresent()) {
			readJarMetadata(jar.get(), result);
			return Optional.of(result);
		}
		List<String> modules = new ArrayList<>(reactorDependencies(app));
		modules.add(app);
		for (String module : modules) {
			Path classes = module(module).resolve("target/classes");
			if (!Files.isDirectory(classes)) {
				return Optional.empty();
			}
			Path metadata = classes.resolve(METADATA);
			if (Files.isRegularFile(metadata)) {
				parseMetadata(Repository.read(metadata), result);
			}
		}
		readSpringBootMetadata(result);
		return Optional.of(result);
	}

	/**
	 * Spring Boot's own properties, such as management.server.port, which every app is packaged with (through
	 * common-signalling): from the Spring Boot jars on this module's test class path, the same versions.
	 */
	private static void readSpringBootMetadata(Set<String> into) {
		try {
			Enumeration<URL> found = AppModules.class.getClassLoader().getResources(METADATA);
			while (found.hasMoreElements()) {
				try (InputStream in = found.nextElement().openStream()) {
					parseMetadata(new String(in.readAllBytes(), StandardCharsets.UTF_8), into);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** This reactor's modules the app is packaged with: its non-test dependencies among them, transitively. */
	static List<String> reactorDependencies(String app) {
		Set<String> result = new LinkedHashSet<>();
		collectReactorDependencies(app, result);
		return new ArrayList<>(result);
	}

	private static void collectReactorDependencies(String module, Set<String> into) {
		Path pom = module(module).resolve("pom.xml");
		if (!Files.isRegularFile(pom)) {
			return;
		}
		Matcher dependency = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL)
			.matcher(Repository.read(pom));
		while (dependency.find()) {
			String body = dependency.group(1);
			Matcher group = Pattern.compile("<groupId>\\s*(io\\.github\\.mediastreams|\\$\\{project\\.groupId})\\s*</groupId>")
				.matcher(body);
			Matcher artifact = Pattern.compile("<artifactId>\\s*([^<\\s]+)\\s*</artifactId>").matcher(body);
			boolean testOnly = body.matches("(?s).*<scope>\\s*(test|provided)\\s*</scope>.*");
			if (group.find() && artifact.find() && !testOnly && into.add(artifact.group(1))) {
				collectReactorDependencies(artifact.group(1), into);
			}
		}
	}

	/** Whether the packaged jar is older than the newest of the sources it is built from. */
	static boolean isStale(String app, Path jar) {
		try {
			Optional<Path> newest = newestSource(app);
			return newest.isPresent()
					&& Files.getLastModifiedTime(newest.get()).compareTo(Files.getLastModifiedTime(jar)) > 0;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The newest file among the sources a packaged app is built from (its pom and src/main, and those of the
	 * reactor modules it is packaged with): a jar older than that is not what the sources build.
	 */
	static Optional<Path> newestSource(String app) {
		List<String> modules = new ArrayList<>(reactorDependencies(app));
		modules.add(app);
		Path newest = null;
		long newestTime = Long.MIN_VALUE;
		for (String module : modules) {
			List<Path> roots = List.of(module(module).resolve("pom.xml"), module(module).resolve("src/main"));
			for (Path root : roots) {
				if (!Files.exists(root)) {
					continue;
				}
				try (Stream<Path> files = Files.walk(root)) {
					for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
						long time = Files.getLastModifiedTime(file).toMillis();
						if (time > newestTime) {
							newestTime = time;
							newest = file;
						}
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		}
		return Optional.ofNullable(newest);
	}

	private static void readJarMetadata(Path jarFile, Set<String> into) {
		try (JarFile jar = new JarFile(jarFile.toFile())) {
			Enumeration<JarEntry> entries = jar.entries();
			while (entries.hasMoreElements()) {
				JarEntry entry = entries.nextElement();
				// The app's own: Spring Boot 4 packages it at the jar's root, earlier versions under BOOT-INF/classes.
				if (entry.getName().equals(METADATA) || entry.getName().equals("BOOT-INF/classes/" + METADATA)) {
					try (InputStream in = jar.getInputStream(entry)) {
						parseMetadata(new String(in.readAllBytes(), StandardCharsets.UTF_8), into);
					}
				}
				else if (entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
					try (JarInputStream nested = new JarInputStream(jar.getInputStream(entry))) {
						for (JarEntry inner = nested.getNextJarEntry(); inner != null; inner = nested
							.getNextJarEntry()) {
							if (inner.getName().equals(METADATA)) {
								parseMetadata(new String(nested.readAllBytes(), StandardCharsets.UTF_8), into);
							}
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static void parseMetadata(String json, Set<String> into) {
		Object parsed = Repository.json(json);
		if (parsed instanceof Map<?, ?> map && map.get("properties") instanceof List<?> properties) {
			for (Object property : properties) {
				Object name = ((Map<String, Object>) property).get("name");
				if (name != null) {
					into.add(String.valueOf(name));
				}
			}
		}
	}

	/**
	 * The environment variable names Spring Boot binds to a property: dots to underscores, upper case, dashes
	 * either removed (canonical) or turned into underscores (legacy), e.g. media-server.host from MEDIASERVER_HOST
	 * and MEDIA_SERVER_HOST.
	 */
	static Set<String> environmentNames(String property) {
		String base = property.replaceAll("\\[[^]]*]", "").toUpperCase(Locale.ROOT);
		return new LinkedHashSet<>(
				List.of(base.replace("-", "").replace('.', '_'), base.replace('-', '_').replace('.', '_')));
	}
}
