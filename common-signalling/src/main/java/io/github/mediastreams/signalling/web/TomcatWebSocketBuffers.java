package io.github.mediastreams.signalling.web;

import jakarta.servlet.ServletContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;

/**
 * Gives Tomcat's WebSocket container the {@link WebSocketBufferProperties buffer sizes}, before it starts. The
 * message buffers as the context parameters Tomcat reads, unless the application sets them itself
 * ({@code server.servlet.context-parameters.*} wins); the frame buffer as the system property Tomcat reads when its
 * WebSocket classes load, unless the JVM has it already ({@code -D} wins). That property is the JVM's: it is read
 * once, so a second application in the same JVM gets what the first one set.
 */
public class TomcatWebSocketBuffers implements WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> {

	/** Tomcat's context parameter of the text message buffer size, in characters. */
	public static final String TEXT_BUFFER_SIZE = "org.apache.tomcat.websocket.textBufferSize";

	/** Tomcat's context parameter of the binary message buffer size, in bytes. */
	public static final String BINARY_BUFFER_SIZE = "org.apache.tomcat.websocket.binaryBufferSize";

	/** Tomcat's system property of the read, write and encoding buffer size of each connection, in bytes. */
	public static final String FRAME_BUFFER_SIZE = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	private static final Logger log = LoggerFactory.getLogger(TomcatWebSocketBuffers.class);

	private final WebSocketBufferProperties buffers;

	/** @param buffers the sizes to give */
	public TomcatWebSocketBuffers(WebSocketBufferProperties buffers) {
		this.buffers = buffers;
	}

	@Override
	public void customize(ConfigurableServletWebServerFactory factory) {
		// Runs before the web server is made, so before Tomcat's WebSocket classes read the property.
		String frame = String.valueOf(this.buffers.frameBufferSize().toBytes());
		String previous = System.getProperty(FRAME_BUFFER_SIZE);
		if (previous == null) {
			System.setProperty(FRAME_BUFFER_SIZE, frame);
		}
		else if (!previous.equals(frame)) {
			log.debug("Keeping the JVM's {}={} (media-streams.websocket.frame-buffer-size is {})", FRAME_BUFFER_SIZE,
					previous, frame);
		}
		// After the application's own context parameters, which setInitParameter does not replace.
		factory.addInitializers((ServletContext context) -> {
			context.setInitParameter(TEXT_BUFFER_SIZE, String.valueOf(this.buffers.textBufferSize()));
			context.setInitParameter(BINARY_BUFFER_SIZE, String.valueOf(this.buffers.binaryBufferSize().toBytes()));
		});
	}
}
