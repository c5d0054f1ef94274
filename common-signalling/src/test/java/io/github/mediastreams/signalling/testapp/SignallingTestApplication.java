package io.github.mediastreams.signalling.testapp;

import org.kurento.client.WebRtcEndpoint;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import io.github.mediastreams.signalling.session.SessionPipeline;

/**
 * The smallest application of the library: a loopback, as an app author would write it. In a package of its own,
 * as an application is: scanning the library's packages would pick up its auto-configuration as plain
 * configuration.
 */
@SpringBootApplication
public class SignallingTestApplication {

	@Bean
	SessionPipeline loopback() {
		return (context) -> {
			WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(context.pipeline()).build(context.transaction());
			endpoint.connect(context.transaction(), endpoint);
			return endpoint;
		};
	}
}
