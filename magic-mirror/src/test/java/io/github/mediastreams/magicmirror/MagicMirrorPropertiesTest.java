package io.github.mediastreams.magicmirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/** The settings as a deployment gives them: the app's application.yml and environment variables. */
class MagicMirrorPropertiesTest {

	@Test
	void theHatUrlIsThisAppAsTheMediaServerReachesIt() throws Exception {
		MagicMirrorProperties hat = bind(Map.of("APP_SERVER_HOST", "kurento-examples", "APP_SERVER_PORT", "9443"));

		assertThat(hat.hatUrl()).isEqualTo(URI.create("https://kurento-examples:9443/img/hat.png"));
		assertThat(hat.offsetXPercent()).isEqualTo(-0.35f);
		assertThat(hat.offsetYPercent()).isEqualTo(-1.2f);
		assertThat(hat.widthPercent()).isEqualTo(1.6f);
		assertThat(hat.heightPercent()).isEqualTo(1.6f);
	}

	@Test
	void withoutEnvironmentTheHatUrlIsLocalhostOnTheTutorialsPort() throws Exception {
		assertThat(bind(Map.of()).hatUrl()).isEqualTo(URI.create("https://localhost:8443/img/hat.png"));
	}

	@Test
	void everySettingHasAnEnvironmentVariable() throws Exception {
		MagicMirrorProperties hat = bind(Map.of("MAGIC_MIRROR_HAT_URL", "http://files:8080/hat.png",
				"MAGIC_MIRROR_OFFSET_X_PERCENT", "-0.2", "MAGIC_MIRROR_OFFSET_Y_PERCENT", "-1",
				"MAGIC_MIRROR_WIDTH_PERCENT", "1.4", "MAGIC_MIRROR_HEIGHT_PERCENT", "1.5"));

		assertThat(hat).isEqualTo(new MagicMirrorProperties(URI.create("http://files:8080/hat.png"), null, -0.2f, -1f,
				1.4f, 1.5f));
		assertThat(hat.hatLocation()).isEqualTo("http://files:8080/hat.png");
	}

	@Test
	void aFileOnTheMediaServersHostWinsOverTheUrl() throws Exception {
		MagicMirrorProperties hat = bind(Map.of("MAGIC_MIRROR_HAT_PATH", "/opt/media-streams/hat.png"));

		assertThat(hat.hatPath()).isEqualTo("/opt/media-streams/hat.png");
		assertThat(hat.hatLocation()).as("what the media server is given").isEqualTo("/opt/media-streams/hat.png");
	}

	@Test
	void anEmptyHatPathMeansTheUrl() throws Exception {
		MagicMirrorProperties hat = bind(Map.of("MAGIC_MIRROR_HAT_PATH", " "));

		assertThat(hat.hatPath()).isNull();
		assertThat(hat.hatLocation()).isEqualTo("https://localhost:8443/img/hat.png");
	}

	@Test
	void aRelativeHatPathIsRefusedSayingWhatIsExpected() {
		assertThatThrownBy(() -> bind(Map.of("MAGIC_MIRROR_HAT_PATH", "img/hat.png"))).rootCause()
			.hasMessage("magic-mirror.hat-path (MAGIC_MIRROR_HAT_PATH) must be an absolute path on the media "
					+ "server's host, such as /opt/media-streams/hat.png; got 'img/hat.png'");
	}

	@Test
	void aHatUrlThatIsNotHttpIsRefusedPointingToTheHatPath() {
		assertThatThrownBy(() -> bind(Map.of("MAGIC_MIRROR_HAT_URL", "/opt/hat.png"))).rootCause()
			.hasMessageContaining("magic-mirror.hat-url (MAGIC_MIRROR_HAT_URL) must be an http:// or https:// URL")
			.hasMessageContaining("set magic-mirror.hat-path (MAGIC_MIRROR_HAT_PATH)");
	}

	private static MagicMirrorProperties bind(Map<String, Object> environmentVariables) throws Exception {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		// Under the real source's name: Spring Boot maps environment variable names only for that source.
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					environmentVariables));
		new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
			.forEach(environment.getPropertySources()::addLast);
		return Binder.get(environment).bindOrCreate("magic-mirror", MagicMirrorProperties.class);
	}

}
