package io.github.mediastreams.signalling.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The security headers of every page and static resource the application serves (its error pages too), bound from
 * {@code media-streams.headers.*}. Each value is sent as it is; an empty one is not sent.
 *
 * @param enabled whether the headers are sent at all
 * @param contentSecurityPolicy {@code Content-Security-Policy}: by default scripts, styles, images, media and
 *     connections from the page's own origin only ({@code 'self'}, which also allows {@code wss:} and {@code ws:} to
 *     the page's own host and port), no plugins, no framing
 * @param contentTypeOptions {@code X-Content-Type-Options}
 * @param referrerPolicy {@code Referrer-Policy}
 * @param permissionsPolicy {@code Permissions-Policy}: by default the camera and the microphone for the page's own
 *     origin only
 * @param strictTransportSecurity {@code Strict-Transport-Security}, sent on HTTPS only
 */
@ConfigurationProperties("media-streams.headers")
public record PageHeadersProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue(DEFAULT_CONTENT_SECURITY_POLICY) String contentSecurityPolicy,
		@DefaultValue("nosniff") String contentTypeOptions, @DefaultValue("no-referrer") String referrerPolicy,
		@DefaultValue("camera=(self), microphone=(self)") String permissionsPolicy,
		@DefaultValue("max-age=31536000") String strictTransportSecurity) {

	/** The default {@code Content-Security-Policy}. */
	public static final String DEFAULT_CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self'; img-src 'self'; media-src 'self'; connect-src 'self'; object-src 'none'; "
			+ "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
}
