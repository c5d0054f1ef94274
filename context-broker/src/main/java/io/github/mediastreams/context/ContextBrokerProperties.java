package io.github.mediastreams.context;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Context Broker client, bound from {@code context-broker.*} (environment variables
 * {@code CONTEXT_BROKER_*}, e.g. {@code CONTEXT_BROKER_URL}).
 *
 * <p>Only {@link #url()} is needed to switch updates on; everything else has a default.
 *
 * @param url Base URL of the Context Broker, e.g. http://orion:1026 (without /v2). Updates are off
 *     when unset or blank.
 * @param api API the broker speaks: ngsi-v2 (Orion) or ngsi-ld (Orion-LD, Scorpio, Stellio).
 * @param service Tenant, sent as Fiware-Service (NGSI-v2) or NGSILD-Tenant (NGSI-LD). Not sent when
 *     unset.
 * @param servicePath Fiware-ServicePath, e.g. /cameras. Not sent when unset, nor with NGSI-LD, which
 *     has no service paths.
 * @param authHeader Name of the header that carries the auth token.
 * @param authToken Token for a PEP proxy or API gateway in front of the broker. Not sent when unset;
 *     never logged.
 * @param ldContext JSON-LD @context URL sent in the body of every NGSI-LD request.
 * @param camera Camera entity that plate readings update.
 * @param plateRepeatInterval How long a plate seen again in consecutive detections stays unreported.
 * @param queueCapacity How many updates may wait to be sent; further updates are dropped and counted.
 * @param retry Retries of sends that failed for a reason that may pass.
 * @param connectTimeout Timeout to open a connection to the broker.
 * @param readTimeout Timeout to wait for the broker's answer.
 * @param healthTimeout Connect and read timeout of the contextBroker health check.
 */
@ConfigurationProperties("context-broker")
public record ContextBrokerProperties(
        @Nullable String url,
        @DefaultValue("ngsi-v2") Api api,
        @Nullable String service,
        @Nullable String servicePath,
        @DefaultValue(DEFAULT_AUTH_HEADER) String authHeader,
        @Nullable String authToken,
        @DefaultValue(DEFAULT_LD_CONTEXT) String ldContext,
        @DefaultValue Camera camera,
        @DefaultValue("10s") Duration plateRepeatInterval,
        @DefaultValue("100") int queueCapacity,
        @DefaultValue Retry retry,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration readTimeout,
        @DefaultValue("2s") Duration healthTimeout) {

    /** Default of {@link #authHeader()}: the header FIWARE's PEP proxies (Wilma) expect. */
    public static final String DEFAULT_AUTH_HEADER = "X-Auth-Token";

    /**
     * Default of {@link #ldContext()}: the Smart Data Models context, which defines both the
     * {@code Camera} (dataModel.Device) and the {@code CrowdFlowObserved} (dataModel.Transportation)
     * terms used here.
     */
    public static final String DEFAULT_LD_CONTEXT = "https://smartdatamodels.org/context.jsonld";

    /**
     * Fills defaults for anything left {@code null} (when built in code rather than bound) and checks
     * the values.
     */
    public ContextBrokerProperties {
        url = blankToNull(url);
        api = api != null ? api : Api.NGSI_V2;
        service = blankToNull(service);
        servicePath = blankToNull(servicePath);
        authHeader = authHeader != null && !authHeader.isBlank() ? authHeader.strip() : DEFAULT_AUTH_HEADER;
        authToken = blankToNull(authToken);
        ldContext = ldContext != null && !ldContext.isBlank() ? ldContext.strip() : DEFAULT_LD_CONTEXT;
        camera = camera != null ? camera : new Camera(null, null);
        plateRepeatInterval = plateRepeatInterval != null ? plateRepeatInterval : Duration.ofSeconds(10);
        retry = retry != null ? retry : new Retry(5, Duration.ofMillis(500), Duration.ofSeconds(10));
        connectTimeout = positive(connectTimeout, Duration.ofSeconds(2), "connect-timeout");
        readTimeout = positive(readTimeout, Duration.ofSeconds(5), "read-timeout");
        healthTimeout = positive(healthTimeout, Duration.ofSeconds(2), "health-timeout");
        if (plateRepeatInterval.isNegative()) {
            throw new IllegalArgumentException("context-broker.plate-repeat-interval must not be negative");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("context-broker.queue-capacity must be at least 1, was " + queueCapacity);
        }
        if (url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException("context-broker.url must be an http:// or https:// URL, was " + url);
        }
    }

    /**
     * Whether updates are sent at all.
     *
     * @return {@code true} when {@link #url()} is set
     */
    public boolean enabled() {
        return url != null;
    }

    /**
     * The broker URL without a trailing slash, ready for API paths to be appended.
     *
     * @return the base URL
     * @throws IllegalStateException when updates are off
     */
    public String baseUrl() {
        if (url == null) {
            throw new IllegalStateException("context-broker.url is not set");
        }
        String base = url;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base;
    }

    /**
     * The URL for logs and health details: user and password, if the URL has any, are left out.
     *
     * @return {@link #url()} without user information, or {@code null} when unset
     */
    public @Nullable String displayUrl() {
        return url == null ? null : url.replaceFirst("^(https?://)[^/@]*@", "$1");
    }

    /** Like the generated one, but the token and any password in the URL are masked: this ends up in logs. */
    @Override
    public String toString() {
        return "ContextBrokerProperties[url=" + displayUrl() + ", api=" + api + ", service=" + service
                + ", servicePath=" + servicePath + ", authHeader=" + authHeader
                + ", authToken=" + (authToken == null ? "(none)" : "******") + ", ldContext=" + ldContext
                + ", camera=" + camera + ", plateRepeatInterval=" + plateRepeatInterval
                + ", queueCapacity=" + queueCapacity + ", retry=" + retry + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", healthTimeout=" + healthTimeout + "]";
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Duration positive(@Nullable Duration value, Duration fallback, String name) {
        Duration result = value != null ? value : fallback;
        if (result.isNegative() || result.isZero()) {
            throw new IllegalArgumentException("context-broker." + name + " must be positive, was " + result);
        }
        return result;
    }

    /** The Context Broker API flavour. */
    public enum Api {
        /** FIWARE NGSI-v2, as served by Orion: {@code /v2/entities}. */
        NGSI_V2,
        /** ETSI NGSI-LD, as served by Orion-LD, Scorpio or Stellio: {@code /ngsi-ld/v1/entities}. */
        NGSI_LD
    }

    /**
     * The camera whose entity plate readings update: the tutorial's "Camera X".
     *
     * @param id Entity id of the camera. A urn:ngsi-ld:Camera:... URN suits both APIs (NGSI-LD
     *     requires a URI).
     * @param name Value of cameraName when this client creates the camera entity.
     */
    public record Camera(
            @DefaultValue(DEFAULT_ID) String id,
            @DefaultValue(DEFAULT_NAME) String name) {

        /** Default of {@link #id()}. */
        public static final String DEFAULT_ID = "urn:ngsi-ld:Camera:camera-x";

        /** Default of {@link #name()}. */
        public static final String DEFAULT_NAME = "Camera X";

        /** Fills defaults and rejects ids that cannot be put in an NGSI URL path. */
        public Camera {
            id = id != null && !id.isBlank() ? id.strip() : DEFAULT_ID;
            name = name != null && !name.isBlank() ? name.strip() : DEFAULT_NAME;
            if (id.length() > 256 || !id.chars().allMatch(Camera::allowedInId)) {
                throw new IllegalArgumentException("context-broker.camera.id is not a valid NGSI entity id: '" + id
                        + "' (at most 256 printable characters, none of <>\"'=;()?#/&% or spaces)");
            }
        }

        /** NGSI-v2's forbidden characters, plus what would break the URL path the id goes into. */
        private static boolean allowedInId(int c) {
            return c > 0x20 && c < 0x7f && "<>\"'=;()?#/&%\\".indexOf(c) < 0;
        }

        /**
         * The part after the last {@code :} of the id ({@code camera-x} for the default), used to name
         * the crowd observation entities of this camera.
         *
         * @return the id's last segment
         */
        public String localId() {
            return id.substring(id.lastIndexOf(':') + 1);
        }
    }

    /**
     * Bounded exponential backoff for sends that failed for a reason that may pass (no connection,
     * timeout, 5xx, 408, 429). Requests the broker rejects for good are never retried.
     *
     * @param maxAttempts Attempts per update, the first one included.
     * @param initialDelay Wait before the second attempt; each further wait doubles.
     * @param maxDelay Longest single wait between attempts.
     */
    public record Retry(
            @DefaultValue("5") int maxAttempts,
            @DefaultValue("500ms") Duration initialDelay,
            @DefaultValue("10s") Duration maxDelay) {

        /** Checks the bounds; a {@code maxDelay} below {@code initialDelay} is raised to it. */
        public Retry {
            Objects.requireNonNull(initialDelay, "initialDelay");
            Objects.requireNonNull(maxDelay, "maxDelay");
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("context-broker.retry.max-attempts must be at least 1, was " + maxAttempts);
            }
            if (initialDelay.isNegative() || maxDelay.isNegative()) {
                throw new IllegalArgumentException("context-broker.retry delays must not be negative");
            }
            if (maxDelay.compareTo(initialDelay) < 0) {
                maxDelay = initialDelay;
            }
        }

        /**
         * How long to wait after the given failed attempt before the next one.
         *
         * @param failedAttempt number of the attempt that just failed, from 1
         * @return {@code initialDelay * 2^(failedAttempt-1)}, capped at {@code maxDelay}
         */
        public Duration delayAfter(int failedAttempt) {
            Duration delay = initialDelay;
            for (int i = 1; i < failedAttempt && delay.compareTo(maxDelay) < 0; i++) {
                delay = delay.multipliedBy(2);
            }
            return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
        }
    }
}
