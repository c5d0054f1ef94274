package io.github.mediastreams.magicmirror;

import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.kurento.client.FaceOverlayFilter;
import org.kurento.client.WebRtcEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.github.mediastreams.signalling.session.SessionPipeline;

/** The tutorial's second exercise: the media server finds the faces in the browser's camera and puts a hat on each. */
@SpringBootApplication
@EnableConfigurationProperties(MagicMirrorProperties.class)
public class MagicMirrorApplication {

	public static void main(String[] args) {
		SpringApplication.run(MagicMirrorApplication.class, args);
	}

	@Bean
	SessionPipeline magicMirror(MagicMirrorProperties hat) {
		return (context) -> {
			WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(context.pipeline()).build(context.transaction());
			FaceOverlayFilter faces = new FaceOverlayFilter.Builder(context.pipeline()).build(context.transaction());
			faces.setOverlayedImage(context.transaction(), hat.hatLocation(), hat.offsetXPercent(),
					hat.offsetYPercent(), hat.widthPercent(), hat.heightPercent());
			endpoint.connect(context.transaction(), faces);
			faces.connect(context.transaction(), endpoint);
			return endpoint;
		};
	}

	// KMS loads the hat per session and tells no one when it cannot: check once, in the background, and say so.
	@Bean
	ApplicationRunner hatCheck(MagicMirrorProperties hat) {
		Logger log = LoggerFactory.getLogger(MagicMirrorApplication.class);
		if (hat.hatPath() != null) {
			// The file is on the media server's host, which this app cannot look at.
			return (args) -> log.info("The media server loads the hat from its own file {}, which this app cannot "
					+ "see: if faces get no hat, check that the media server has that file (in Compose, the "
					+ "kurento service's read-only mount of magic-mirror's hat.png), or set MAGIC_MIRROR_HAT_URL "
					+ "instead and unset MAGIC_MIRROR_HAT_PATH", hat.hatPath());
		}
		return (args) -> CompletableFuture.runAsync(() -> hatProblem(hat.hatUrl()).ifPresent((problem) -> log.warn(
				"Cannot fetch the hat at {} ({}), so faces may get no hat: set APP_SERVER_HOST and APP_SERVER_PORT, "
						+ "or MAGIC_MIRROR_HAT_URL, or give the media server the file (MAGIC_MIRROR_HAT_PATH)",
				hat.hatUrl(), problem)));
	}

	// Why the hat cannot be fetched as KMS 7's image overlay does (libsoup, any certificate accepted); empty if it can.
	static Optional<String> hatProblem(URI url) {
		try {
			HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
			if (connection instanceof HttpsURLConnection https) {
				// On purpose, as KMS does: any certificate, whatever host it names (this trust manager checks none).
				SSLContext tls = SSLContext.getInstance("TLS");
				tls.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
				https.setSSLSocketFactory(tls.getSocketFactory());
			}
			connection.setConnectTimeout(5000);
			connection.setReadTimeout(10000);
			int status = connection.getResponseCode();
			return status == 200 ? Optional.empty() : Optional.of("HTTP " + status);
		}
		catch (Exception ex) { // A bad host, port or scheme alike.
			return Optional.of(ex.toString());
		}
	}
}
