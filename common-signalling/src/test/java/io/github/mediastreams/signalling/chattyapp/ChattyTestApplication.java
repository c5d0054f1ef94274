package io.github.mediastreams.signalling.chattyapp;

import org.kurento.client.WebRtcEndpoint;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import io.github.mediastreams.signalling.protocol.ServerMessage.AppEvent;
import io.github.mediastreams.signalling.session.SessionPipeline;

/**
 * A loopback that sends each browser a 256 KB event as it builds its pipeline, on the sessions' own threads: more
 * than a browser's socket takes unread, so a browser that does not read holds up whoever writes to it. In a package
 * of its own, so that no other test application scans it.
 */
@SpringBootApplication
public class ChattyTestApplication {

	/** What each start sends the browser. */
	public static final String BLOB = "x".repeat(256 * 1024);

	@Bean
	SessionPipeline chattyLoopback() {
		return (context) -> {
			WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(context.pipeline()).build(context.transaction());
			endpoint.connect(context.transaction(), endpoint);
			context.send(AppEvent.of("blob", "data", BLOB));
			return endpoint;
		};
	}
}
