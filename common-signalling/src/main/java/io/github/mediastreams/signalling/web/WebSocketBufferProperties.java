package io.github.mediastreams.signalling.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The WebSocket container's buffers per connection, bound from {@code media-streams.websocket.*}: smaller than the
 * container's defaults (8 KB each, a text buffer of 8 K characters) because every open connection holds them, and
 * the signalling endpoint takes its messages in parts, so no message has to fit in one.
 *
 * <p>They apply to every WebSocket endpoint of the application (on Tomcat): an endpoint of the application's own
 * that needs whole messages larger than the text or binary buffer sets its own limit, or these are raised.
 *
 * @param textBufferSize the text message buffer of each connection, in characters
 *     ({@code org.apache.tomcat.websocket.textBufferSize})
 * @param binaryBufferSize the binary message buffer of each connection (binary messages are refused anyway)
 *     ({@code org.apache.tomcat.websocket.binaryBufferSize})
 * @param frameBufferSize each connection's read, write and encoding buffers
 *     ({@code org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE}, a system property Tomcat reads once per JVM)
 */
@ConfigurationProperties("media-streams.websocket")
public record WebSocketBufferProperties(@DefaultValue("1024") int textBufferSize,
		@DefaultValue("1KB") DataSize binaryBufferSize, @DefaultValue("2KB") DataSize frameBufferSize) {
}
