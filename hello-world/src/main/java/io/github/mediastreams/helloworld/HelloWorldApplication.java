package io.github.mediastreams.helloworld;

import org.kurento.client.WebRtcEndpoint;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import io.github.mediastreams.signalling.session.SessionPipeline;

/** The tutorial's first exercise: the browser's camera comes back to it through the media server, unaltered. */
@SpringBootApplication
public class HelloWorldApplication {

	public static void main(String[] args) {
		SpringApplication.run(HelloWorldApplication.class, args);
	}

	/** @return the loopback: one WebRtcEndpoint connected to itself */
	@Bean
	SessionPipeline loopback() {
		return (context) -> {
			WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(context.pipeline()).build(context.transaction());
			endpoint.connect(context.transaction(), endpoint);
			return endpoint;
		};
	}
}
