package io.github.mediastreams.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import tools.jackson.databind.json.JsonMapper;
import org.yaml.snakeyaml.Yaml;

/** The repository's files as the tests read them, and the parts of Compose's file format the tests need. */
final class Repository {

	static final Path ROOT = Path.of(System.getProperty("media-streams.root", "..")).toAbsolutePath().normalize();

	static final Path COMPOSE_FILE = ROOT.resolve("docker/compose.yaml");

	static final Path APP_DOCKERFILE = ROOT.resolve("docker/app/Dockerfile");

	static final Path SERVICES = ROOT.resolve("services");

	static final Path README = ROOT.resolve("docker/README.md");

	/** The exercises: profile, the app service of the profile, the KMS service of the profile. */
	static final List<Exercise> EXERCISES = List.of(new Exercise("hello-world", "hello-world", "kurento"),
			new Exercise("magic-mirror", "magic-mirror", "kurento"),
			new Exercise("plate-detection", "plate-detector", "kurento-modules"),
			new Exercise("crowd-detection", "crowd-detector", "kurento-modules"));

	record Exercise(String profile, String app, String kms) {
	}

	/** ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, ${VAR:+alt}. */
	private static final Pattern INTERPOLATION = Pattern
		.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?}");

	private Repository() {
	}

	static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** JSON as maps and lists: Spring Boot's configuration metadata, actuator answers. */
	static Object json(String text) {
		return JsonMapper.builder().build().readValue(text, Object.class);
	}

	static Object yaml(String text) {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		return new Yaml(options).load(text);
	}

	/** The compose file with every variable set to its default, as `docker compose config` sees it without .env. */
	static Map<String, Object> compose() {
		return compose(Map.of());
	}

	/** The compose file as Compose sees it with these variables set. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> compose(Map<String, String> environment) {
		return (Map<String, Object>) yaml(interpolate(read(COMPOSE_FILE), environment));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Map<String, Object>> services(Map<String, Object> compose) {
		return (Map<String, Map<String, Object>>) compose.get("services");
	}

	/** The services a profile starts. */
	static Map<String, Map<String, Object>> servicesOf(Map<String, Object> compose, String profile) {
		Map<String, Map<String, Object>> result = new LinkedHashMap<>();
		services(compose).forEach((name, service) -> {
			if (strings(service.get("profiles")).contains(profile)) {
				result.put(name, service);
			}
		});
		return result;
	}

	/** Compose's interpolation, enough for this file: unset and empty variables take the :- default. */
	static String interpolate(String text, Map<String, String> environment) {
		StringBuilder out = new StringBuilder();
		Matcher matcher = INTERPOLATION.matcher(text.replace("$$", "\u0000"));
		while (matcher.find()) {
			String value = environment.get(matcher.group(1));
			String operator = matcher.group(2);
			String operand = matcher.group(3) == null ? "" : matcher.group(3);
			boolean unsetOrEmpty = value == null || value.isEmpty();
			String replacement;
			if (operator == null) {
				replacement = value == null ? "" : value;
			}
			else {
				replacement = switch (operator) {
					case ":-" -> unsetOrEmpty ? operand : value;
					case "-" -> value == null ? operand : value;
					case ":+" -> unsetOrEmpty ? "" : operand;
					case "+" -> value == null ? "" : operand;
					default -> {
						assertThat(unsetOrEmpty && operator.startsWith(":") || value == null)
							.as("required variable %s: %s", matcher.group(1), operand)
							.isFalse();
						yield value;
					}
				};
			}
			matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(out);
		return out.toString().replace("\u0000", "$");
	}

	/** Every variable the compose file interpolates, with its default ("" when none). */
	static Map<String, String> composeVariables() {
		Map<String, String> variables = new LinkedHashMap<>();
		Matcher matcher = INTERPOLATION.matcher(read(COMPOSE_FILE));
		while (matcher.find()) {
			String name = matcher.group(1);
			String operand = matcher.group(3) == null ? "" : matcher.group(3);
			String previous = variables.putIfAbsent(name, operand);
			assertThat(previous == null || previous.equals(operand))
				.as("%s has one default everywhere in compose.yaml (%s vs %s)", name, previous, operand)
				.isTrue();
		}
		return variables;
	}

	/** The environment of a service, in either of Compose's two notations. */
	static Map<String, String> environment(Map<String, Object> service) {
		Map<String, String> result = new LinkedHashMap<>();
		Object environment = service.get("environment");
		if (environment instanceof Map<?, ?> map) {
			map.forEach((key, value) -> result.put(String.valueOf(key), value == null ? null : String.valueOf(value)));
		}
		else if (environment instanceof List<?> list) {
			for (Object entry : list) {
				String text = String.valueOf(entry);
				int equals = text.indexOf('=');
				result.put(equals < 0 ? text : text.substring(0, equals), equals < 0 ? null : text.substring(equals + 1));
			}
		}
		return result;
	}

	/** A published port of the short syntax, e.g. "127.0.0.1:8888:8888/tcp" or "5000-5050:5000-5050/udp". */
	record Port(String hostIp, String host, String container, String protocol) {

		static Port parse(String spec) {
			String protocol = "tcp";
			int slash = spec.indexOf('/');
			if (slash >= 0) {
				protocol = spec.substring(slash + 1);
				spec = spec.substring(0, slash);
			}
			String[] parts = spec.split(":");
			return switch (parts.length) {
				case 3 -> new Port(parts[0], parts[1], parts[2], protocol);
				case 2 -> new Port("", parts[0], parts[1], protocol);
				default -> new Port("", "", parts[0], protocol);
			};
		}
	}

	static List<Port> ports(Map<String, Object> service) {
		List<Port> result = new ArrayList<>();
		for (String spec : strings(service.get("ports"))) {
			result.add(Port.parse(spec));
		}
		return result;
	}

	static List<String> strings(Object value) {
		List<String> result = new ArrayList<>();
		if (value instanceof List<?> list) {
			list.forEach(item -> result.add(String.valueOf(item)));
		}
		else if (value != null) {
			result.add(String.valueOf(value));
		}
		return result;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
	}

	/** A list of mappings, such as a service's volumes in Compose's long syntax; empty when absent. */
	static List<Map<String, Object>> maps(Object value) {
		List<Map<String, Object>> result = new ArrayList<>();
		if (value instanceof List<?> list) {
			list.forEach(item -> result.add(map(item)));
		}
		return result;
	}

	/** The rows of the first Markdown table under the heading with this text (cells trimmed, header excluded). */
	static List<List<String>> markdownTable(String markdown, String heading) {
		List<String> lines = markdown.lines().toList();
		int start = -1;
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).matches("#+\\s+" + Pattern.quote(heading) + "\\s*")) {
				start = i;
				break;
			}
		}
		assertThat(start).as("docker/README.md has a section '%s'", heading).isNotNegative();
		List<List<String>> rows = new ArrayList<>();
		boolean inTable = false;
		for (int i = start + 1; i < lines.size(); i++) {
			String line = lines.get(i).trim();
			if (line.startsWith("#")) {
				break;
			}
			if (line.startsWith("|")) {
				if (line.matches("\\|[\\s:|-]+\\|")) {
					inTable = true;
					continue;
				}
				if (inTable) {
					List<String> cells = new ArrayList<>();
					for (String cell : line.substring(1, line.length() - 1).split("\\|", -1)) {
						cells.add(cell.trim());
					}
					rows.add(cells);
				}
			}
			else if (inTable) {
				break;
			}
		}
		assertThat(rows).as("the table under '%s' in docker/README.md", heading).isNotEmpty();
		return rows;
	}

	/** The `code` spans of a Markdown cell. */
	static Set<String> codeSpans(String cell) {
		Set<String> result = new LinkedHashSet<>();
		Matcher matcher = Pattern.compile("`([^`]*)`").matcher(cell);
		while (matcher.find()) {
			result.add(matcher.group(1));
		}
		return result;
	}
}
