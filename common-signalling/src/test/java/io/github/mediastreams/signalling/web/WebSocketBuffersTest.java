package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;

import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

import io.github.mediastreams.signalling.testapp.SignallingTestApplication;
import io.github.mediastreams.testkit.signalling.SignallingClient;

/**
 * Each connection's WebSocket buffers are the library's small defaults, not Tomcat's (8 KB each, 16 KB of text),
 * which every idle connection would hold; and a start, whose offer is several times the text buffer, still works.
 */
@SpringBootTest(classes = SignallingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "media-streams.signalling.path=/signalling")
class WebSocketBuffersTest extends AppUnderTest {

	@Autowired
	ServletContext servletContext;

	@Test
	void eachConnectionGetsSmallBuffersAndAStartStillWorks() throws Exception {
		ServerContainer container = container();
		assertThat(container.getDefaultMaxTextMessageBufferSize()).as("text buffer, characters").isEqualTo(1024);
		assertThat(container.getDefaultMaxBinaryMessageBufferSize()).as("binary buffer, bytes").isEqualTo(1024);
		assertThat(tomcatFrameBufferSize()).as("read, write and encoding buffers, bytes").isEqualTo(2048);

		assertThat(OFFER.length()).as("the offer is larger than the text buffer").isGreaterThan(4 * 1024);
		awaitMediaServer();
		try (SignallingClient browser = startedBrowser()) {
			assertThat(browser.isClosed()).isFalse();
		}
		awaitNothingLeft();
	}

	ServerContainer container() {
		return (ServerContainer) this.servletContext.getAttribute(ServerContainer.class.getName());
	}

	/** What Tomcat's WebSocket classes read from the JVM's system property when they loaded. */
	static int tomcatFrameBufferSize() throws Exception {
		Field size = Class.forName("org.apache.tomcat.websocket.Constants").getDeclaredField("DEFAULT_BUFFER_SIZE");
		size.setAccessible(true);
		return size.getInt(null);
	}

	/** The application's own settings win: the library's property, and Tomcat's context parameter itself. */
	@Nested
	@TestPropertySource(properties = { "media-streams.websocket.text-buffer-size=4096",
			"server.servlet.context-parameters.[org.apache.tomcat.websocket.binaryBufferSize]=3000" })
	class Configured {

		@Test
		void theApplicationsSizesAreUsed() {
			assertThat(container().getDefaultMaxTextMessageBufferSize()).isEqualTo(4096);
			assertThat(container().getDefaultMaxBinaryMessageBufferSize()).isEqualTo(3000);
		}
	}
}
