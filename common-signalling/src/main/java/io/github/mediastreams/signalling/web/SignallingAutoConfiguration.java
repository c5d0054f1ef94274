package io.github.mediastreams.signalling.web;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import jakarta.servlet.DispatcherType;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.handler.PerConnectionWebSocketHandler;

import io.github.mediastreams.signalling.browser.BrowserTransport;
import io.github.mediastreams.signalling.mediaserver.DnsDiscovery;
import io.github.mediastreams.signalling.mediaserver.MediaServerHealthIndicator;
import io.github.mediastreams.signalling.mediaserver.MediaServerResolver;
import io.github.mediastreams.signalling.mediaserver.MediaServers;
import io.github.mediastreams.signalling.mediaserver.MediaServerProperties;
import io.github.mediastreams.signalling.mediaserver.PipelineOwnership;
import io.github.mediastreams.signalling.protocol.MessageCodec;
import io.github.mediastreams.signalling.session.MediaSessions;
import io.github.mediastreams.signalling.session.SessionMetrics;
import io.github.mediastreams.signalling.session.SessionObserver;
import io.github.mediastreams.signalling.session.SessionPipeline;

/**
 * Everything a Kurento application gets by adding this library and declaring its {@link SessionPipeline} as a
 * bean: the media server connection, the WebSocket endpoint at {@code media-streams.signalling.path} with a media
 * session per connection, health and metrics, and the security headers of its pages.
 */
@AutoConfiguration
@EnableConfigurationProperties({ MediaServerProperties.class, SignallingProperties.class })
public class SignallingAutoConfiguration {

	/**
	 * @param environment for the application's name
	 * @return which pipelines on the media server are this instance's: tagged with the application's name and a
	 *         name of this process's own
	 */
	@Bean
	@ConditionalOnMissingBean
	public PipelineOwnership pipelineOwnership(Environment environment) {
		return new PipelineOwnership(
				environment.getProperty("spring.application.name", "media-streams") + "/" + UUID.randomUUID());
	}

	/**
	 * @param properties where the media servers are
	 * @param ownership which pipelines are this instance's
	 * @return the media servers, each connected on first use so the application starts while they are down; with
	 *         DNS discovery, none until {@link DnsDiscovery} has resolved their name
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	public MediaServers mediaServers(MediaServerProperties properties, PipelineOwnership ownership) {
		List<URI> urls = properties.discovery() == MediaServerProperties.Discovery.DNS ? List.of()
				: properties.configuredUrls();
		MediaServers servers = new MediaServers(urls, properties.settings(), ownership, properties.loadInterval(),
				properties.limits());
		properties.draining().forEach((url) -> servers.drain(url, true));
		return servers;
	}

	/** @return the JVM's resolver, for DNS discovery */
	@Bean
	@ConditionalOnMissingBean
	public MediaServerResolver mediaServerResolver() {
		return MediaServerResolver.SYSTEM;
	}

	/**
	 * @param servers the pool the discovery keeps
	 * @param properties the name, the port and the interval
	 * @param resolver how the name is resolved
	 * @return every address of {@code media-server.host} as a media server, re-resolved every interval
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnProperty(name = "media-server.discovery", havingValue = "dns")
	@ConditionalOnMissingBean
	public DnsDiscovery mediaServerDiscovery(MediaServers servers, MediaServerProperties properties,
			MediaServerResolver resolver) {
		DnsDiscovery discovery = new DnsDiscovery(servers, properties.host(), properties.port(), resolver,
				properties.discoveryInterval());
		properties.draining().forEach((url) -> servers.drain(url, true));
		return discovery;
	}

	/** @return the protocol codec */
	@Bean
	@ConditionalOnMissingBean
	public MessageCodec messageCodec() {
		return new MessageCodec();
	}

	/**
	 * @param registry the meter registry, if metrics are on
	 * @return the observer of session starts, ends and errors
	 */
	@Bean
	@ConditionalOnMissingBean
	public SessionObserver sessionObserver(ObjectProvider<MeterRegistry> registry) {
		MeterRegistry meters = registry.getIfAvailable();
		return meters != null ? new SessionMetrics(meters) : SessionObserver.NONE;
	}

	/**
	 * @param properties the signalling limits
	 * @return the threads that do the sessions' work with the media server; never the WebSocket container's
	 */
	@Bean(destroyMethod = "shutdownNow")
	@ConditionalOnMissingBean(name = "mediaSessionExecutor")
	public ThreadPoolExecutor mediaSessionExecutor(SignallingProperties properties) {
		ThreadPoolExecutor executor = new ThreadPoolExecutor(properties.threads(), properties.threads(), 60,
				TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new CustomizableThreadFactory("media-session-"));
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	/** @return the timer of media deadlines and browser pings */
	@Bean(destroyMethod = "shutdownNow")
	@ConditionalOnMissingBean(name = "mediaSessionScheduler")
	public ScheduledExecutorService mediaSessionScheduler() {
		return Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("media-session-timer-"));
	}

	/**
	 * @param pipeline the application's pipeline
	 * @param connection the media server connection
	 * @param properties the signalling limits
	 * @param observer told of starts, ends and errors
	 * @param mediaSessionExecutor the sessions' threads
	 * @param mediaSessionScheduler the deadline timer
	 * @param registry the meter registry, if metrics are on
	 * @return the application's live sessions
	 */
	@Bean
	@ConditionalOnBean(SessionPipeline.class)
	@ConditionalOnMissingBean
	public MediaSessions mediaSessions(SessionPipeline pipeline, MediaServers servers,
			SignallingProperties properties, SessionObserver observer, ThreadPoolExecutor mediaSessionExecutor,
			ScheduledExecutorService mediaSessionScheduler, ObjectProvider<MeterRegistry> registry) {
		MediaSessions sessions = new MediaSessions(pipeline, servers, properties.sessionSettings(), observer,
				mediaSessionExecutor, mediaSessionScheduler, Clock.systemUTC());
		registry.ifAvailable((meters) -> MediaServerMetrics.bind(servers, meters, mediaSessionScheduler,
				Duration.ofSeconds(10)));
		registry.ifAvailable((meters) -> Gauge.builder("media.sessions.connections", sessions, MediaSessions::size)
			.description("Browser connections with a media session open")
			.register(meters));
		return sessions;
	}

	/**
	 * @param codec writes the protocol's messages
	 * @param properties the connection limits
	 * @param mediaSessionScheduler times the pings
	 * @return sends to browsers without blocking and checks they are still there
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	public BrowserTransport browserTransport(MessageCodec codec, SignallingProperties properties,
			ScheduledExecutorService mediaSessionScheduler) {
		return new BrowserTransport(codec, properties.transportSettings(), mediaSessionScheduler);
	}

	/**
	 * @param sessions the application's sessions
	 * @param properties how long the media server may take to answer a release
	 * @return ends every session, in words, when the application stops
	 */
	@Bean
	@ConditionalOnBean(SessionPipeline.class)
	public MediaSessionsShutdown mediaSessionsShutdown(MediaSessions sessions, MediaServerProperties properties) {
		return new MediaSessionsShutdown(sessions, properties.requestTimeout());
	}

	/**
	 * @param properties the signalling limits
	 * @return the count of open connections per remote address
	 */
	@Bean
	@ConditionalOnMissingBean
	public ConnectionsPerAddress connectionsPerAddress(SignallingProperties properties) {
		return new ConnectionsPerAddress(properties.maxConnectionsPerAddress());
	}

	/** Registers the browser-facing WebSocket endpoint. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	// The application's own bean: nested configurations are read before this class's @Bean methods.
	@ConditionalOnBean(SessionPipeline.class)
	@EnableWebSocket
	static class WebSocketEndpointConfiguration {

		// A bean, so that it gets the bean factory that creates each connection's BrowserConnectionHandler.
		@Bean
		PerConnectionWebSocketHandler mediaStreamsWebSocketHandler() {
			// true: each handler takes messages in parts, which Spring honours only when told here.
			return new PerConnectionWebSocketHandler(BrowserConnectionHandler.class, true);
		}

		@Bean
		WebSocketConfigurer mediaStreamsWebSocketConfigurer(SignallingProperties properties,
				PerConnectionWebSocketHandler mediaStreamsWebSocketHandler) {
			// Spring wraps the handler in its logging and exception decorators.
			return (registry) -> registry
				.addHandler(new ClosedConnectionErrorsDecorator(mediaStreamsWebSocketHandler), properties.path())
				.setAllowedOrigins(properties.allowedOrigins().toArray(String[]::new));
		}
	}

	/** Sends the security headers with every page, static resource and error page. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnProperty(prefix = "media-streams.headers", name = "enabled", matchIfMissing = true)
	@EnableConfigurationProperties(PageHeadersProperties.class)
	static class PageHeadersConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "mediaStreamsPageHeaders")
		FilterRegistrationBean<PageHeadersFilter> mediaStreamsPageHeaders(PageHeadersProperties headers) {
			FilterRegistrationBean<PageHeadersFilter> registration = new FilterRegistrationBean<>(
					new PageHeadersFilter(headers));
			// Error pages too, whatever the container did to the response before it dispatched to one.
			registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
			// First, so that nothing that answers early (a redirect, a refused request) goes without them.
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}
	}

	/** Smaller WebSocket buffers per connection than Tomcat's, as every open connection holds them. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "org.apache.tomcat.websocket.server.WsSci")
	@EnableConfigurationProperties(WebSocketBufferProperties.class)
	static class WebSocketBufferConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TomcatWebSocketBuffers mediaStreamsTomcatWebSocketBuffers(WebSocketBufferProperties buffers) {
			return new TomcatWebSocketBuffers(buffers);
		}
	}

	/** The {@code mediaservers} actuator endpoint: each media server, and draining. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MediaServersEndpoint mediaServersEndpoint(MediaServers servers) {
			return new MediaServersEndpoint(servers);
		}
	}

	/** Reports the media server's reachability as the {@code kurento} health component. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class HealthConfiguration {

		@Bean
		@ConditionalOnEnabledHealthIndicator("kurento")
		@ConditionalOnMissingBean(name = "kurentoHealthIndicator")
		MediaServerHealthIndicator kurentoHealthIndicator(MediaServers servers) {
			return new MediaServerHealthIndicator(servers);
		}
	}
}
