package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

import io.github.mediastreams.signalling.testapp.SignallingTestApplication;
import io.github.mediastreams.testkit.signalling.SignallingClient;

/**
 * The headers a page that asks for the camera should have, on every page, static resource and error page the app
 * serves, over the HTTPS a deployment gets by default; and how an application changes them.
 */
@SpringBootTest(classes = SignallingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "media-streams.signalling.path=/signalling")
class PageHeadersTest extends AppUnderTest {

	static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
			+ "media-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
			+ "frame-ancestors 'none'";

	@ParameterizedTest
	@CsvSource({ "/, 200, text/html", "/js/media-streams.js, 200, text/javascript",
			"/css/media-streams.css, 200, text/css", "/img/media-streams-icon.svg, 200, image/svg+xml",
			"/no-such-page, 404, text/html" })
	void everyPageResourceAndErrorPageHasTheHeaders(String path, int status, String type) throws Exception {
		HttpResponse<String> response = get("https", path);

		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying((t) -> assertThat(t).startsWith(type));
		HttpHeaders headers = response.headers();
		assertThat(headers.allValues("Content-Security-Policy")).containsExactly(POLICY);
		assertThat(headers.allValues("X-Content-Type-Options")).containsExactly("nosniff");
		assertThat(headers.allValues("Referrer-Policy")).containsExactly("no-referrer");
		assertThat(headers.allValues("Permissions-Policy")).containsExactly("camera=(self), microphone=(self)");
		assertThat(headers.allValues("Strict-Transport-Security")).containsExactly("max-age=31536000");
	}

	@Test
	void theErrorPageSaysNothingOfTheServersInsides() throws Exception {
		assertThat(get("https", "/no-such-page").body()).doesNotContain("Exception", "\tat ");
	}

	HttpResponse<String> get(String scheme, String path) throws Exception {
		HttpClient client = SignallingClient.trustingClient().build();
		return client.send(HttpRequest.newBuilder(URI.create(scheme + "://localhost:" + this.port + path))
			.header("Accept", "text/html,*/*")
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Over plain HTTP (TLS turned off, or ended in a proxy that does not say so): no HSTS, browsers ignore it. */
	@Nested
	@TestPropertySource(properties = { "server.ssl.enabled=false", "media-streams.tls.self-signed=false" })
	class OverPlainHttp {

		@Test
		void theHeadersButStrictTransportSecurity() throws Exception {
			HttpHeaders headers = get("http", "/").headers();

			assertThat(headers.allValues("Content-Security-Policy")).containsExactly(POLICY);
			assertThat(headers.allValues("Permissions-Policy")).containsExactly("camera=(self), microphone=(self)");
			assertThat(headers.firstValue("Strict-Transport-Security")).isEmpty();
		}
	}

	/** An application sets its own values, and leaves a header out with an empty one. */
	@Nested
	@TestPropertySource(properties = { "media-streams.headers.content-security-policy=default-src 'none'",
			"media-streams.headers.permissions-policy=" })
	class Configured {

		@Test
		void theApplicationsValuesAreSent() throws Exception {
			HttpHeaders headers = get("https", "/").headers();

			assertThat(headers.allValues("Content-Security-Policy")).containsExactly("default-src 'none'");
			assertThat(headers.firstValue("Permissions-Policy")).isEmpty();
			assertThat(headers.allValues("Referrer-Policy")).containsExactly("no-referrer");
		}
	}

	/** {@code media-streams.headers.enabled=false}: none at all, for an application that sets them itself. */
	@Nested
	@TestPropertySource(properties = "media-streams.headers.enabled=false")
	class Disabled {

		@Test
		void noHeader() throws Exception {
			HttpHeaders headers = get("https", "/").headers();

			assertThat(headers.firstValue("Content-Security-Policy")).isEmpty();
			assertThat(headers.firstValue("X-Content-Type-Options")).isEmpty();
			assertThat(headers.firstValue("Strict-Transport-Security")).isEmpty();
		}
	}
}
