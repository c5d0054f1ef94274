package io.github.mediastreams.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The probe's pages back off as media-streams.js does, or its figures would describe another page. */
class AppRestartProbeTest {

	private static final Path PAGE = Path.of("../common-signalling/src/main/resources/static/js/media-streams.js");

	@Test
	void theDelaysAreThePagesDefaults() throws IOException {
		Matcher defaults = Pattern
			.compile("DEFAULT_RECONNECT = Object\\.freeze\\(\\{ initialDelay: ([\\d_]+), maxDelay: ([\\d_]+),")
			.matcher(Files.readString(PAGE));
		assertThat(defaults.find()).as("DEFAULT_RECONNECT in " + PAGE).isTrue();
		assertThat(AppRestartProbe.INITIAL_DELAY).isEqualTo(Duration.ofMillis(millis(defaults.group(1))));
		assertThat(AppRestartProbe.MAX_DELAY).isEqualTo(Duration.ofMillis(millis(defaults.group(2))));
	}

	@Test
	void eachDelayDoublesUpToTheBoundLessARandomHalf() {
		assertThat(AppRestartProbe.reconnectDelay(0, 0)).isEqualTo(Duration.ofMillis(250));
		assertThat(AppRestartProbe.reconnectDelay(0, 0.999)).isEqualTo(Duration.ofMillis(500));
		assertThat(AppRestartProbe.reconnectDelay(3, 0.5)).isEqualTo(Duration.ofMillis(3000));
		assertThat(AppRestartProbe.reconnectDelay(40, 0)).isEqualTo(Duration.ofMillis(5000));
		assertThat(AppRestartProbe.reconnectDelay(40, 0.999)).isEqualTo(Duration.ofMillis(9995));
	}

	private static long millis(String literal) {
		return Long.parseLong(literal.replace("_", ""));
	}
}
