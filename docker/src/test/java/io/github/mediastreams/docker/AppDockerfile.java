package io.github.mediastreams.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parts of docker/app/Dockerfile the tests replay outside Docker. */
final class AppDockerfile {

	static final String TEXT = Repository.read(Repository.APP_DOCKERFILE);

	private AppDockerfile() {
	}

	/** The instructions after the last FROM (the runtime stage), continuation lines joined. */
	static List<String> runtimeStage() {
		List<String> instructions = instructions();
		int from = -1;
		for (int i = 0; i < instructions.size(); i++) {
			if (instructions.get(i).startsWith("FROM ")) {
				from = i;
			}
		}
		return instructions.subList(from, instructions.size());
	}

	static List<String> instructions() {
		List<String> result = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : TEXT.lines().toList()) {
			String trimmed = line.strip();
			if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
				continue;
			}
			if (!current.isEmpty() && trimmed.startsWith("#")) {
				continue;
			}
			if (trimmed.endsWith("\\")) {
				current.append(trimmed, 0, trimmed.length() - 1).append(' ');
			}
			else {
				current.append(trimmed);
				result.add(current.toString().replaceAll("\\s+", " "));
				current.setLength(0);
			}
		}
		return result;
	}

	/** The Boot layers the runtime stage copies, in order: COPY --from=build /layers/NAME/ ./ */
	static List<String> copiedLayers() {
		List<String> layers = new ArrayList<>();
		Matcher matcher = Pattern.compile("(?m)^COPY --from=build /layers/([a-z-]+)/ \\./$").matcher(TEXT);
		while (matcher.find()) {
			layers.add(matcher.group(1));
		}
		return layers;
	}

	/** The exec-form arguments of the runtime stage's instruction (ENTRYPOINT, or HEALTHCHECK's CMD). */
	static List<String> execForm(String instruction) {
		String line = runtimeStage().stream()
			.filter(candidate -> candidate.startsWith(instruction + " "))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + instruction + " in the runtime stage"));
		Matcher array = Pattern.compile("\\[(.*)]\\s*$").matcher(line);
		assertThat(array.find()).as("%s uses the exec form: %s", instruction, line).isTrue();
		List<String> args = new ArrayList<>();
		Matcher item = Pattern.compile("\"([^\"]*)\"").matcher(array.group(1));
		while (item.find()) {
			args.add(item.group(1));
		}
		return args;
	}

	/** The arguments of the jarmode tools command of the build stage, after the jar. */
	static List<String> extractArguments() {
		Matcher matcher = Pattern.compile("java -Djarmode=tools -jar \"\\$\\{jars}\" (extract [^;\\\\]*);").matcher(TEXT);
		assertThat(matcher.find()).as("the build stage runs java -Djarmode=tools -jar ... extract ...").isTrue();
		return List.of(matcher.group(1).trim().split("\\s+"));
	}
}
