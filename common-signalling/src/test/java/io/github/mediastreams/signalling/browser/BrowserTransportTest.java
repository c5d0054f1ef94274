package io.github.mediastreams.signalling.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.mediastreams.signalling.protocol.MessageCodec;
import io.github.mediastreams.signalling.protocol.ServerMessage;

/**
 * Pings are blocking sends in the containers: Tomcat's waits up to the send time limit when the browser's socket
 * takes nothing. A browser like that must hold up neither the timer that also fires the sessions' media deadlines,
 * nor the pings of other browsers, nor the messages of its own session. The container's session is played here by
 * a stand-in whose ping blocks, as Tomcat's does on a full socket.
 */
class BrowserTransportTest {

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

	private final CountDownLatch socketDrains = new CountDownLatch(1);

	private final BrowserTransport transport = new BrowserTransport(new MessageCodec(),
			new BrowserTransport.Settings(Duration.ofSeconds(10), 64 * 1024, Duration.ofMillis(100),
					Duration.ofSeconds(30)),
			this.timer);

	@AfterEach
	void close() {
		this.socketDrains.countDown();
		this.transport.close();
		this.timer.shutdownNow();
	}

	@Test
	void aPingThatBlocksHoldsUpNeitherTheTimerNorOtherBrowsersNorItsOwnSessionsMessages() throws Exception {
		ContainerSession stuck = new ContainerSession(this.socketDrains);
		ContainerSession healthy = new ContainerSession(null);
		BrowserConnection stuckConnection = this.transport.open(stuck.session(), "stuck", () -> {
		});
		this.transport.open(healthy.session(), "healthy", () -> {
		});
		assertThat(stuck.pingStarted.await(2, TimeUnit.SECONDS)).as("the stuck browser's ping began").isTrue();

		CountDownLatch deadline = new CountDownLatch(1);
		this.timer.schedule(deadline::countDown, 50, TimeUnit.MILLISECONDS);
		assertThat(deadline.await(1, TimeUnit.SECONDS)).as("a media deadline due in 50 ms fired within 1 s").isTrue();

		int healthyBefore = healthy.pings.get();
		Thread.sleep(1000);
		assertThat(healthy.pings.get() - healthyBefore).as("the other browser's pings in 1 s, every 100 ms")
			.isGreaterThanOrEqualTo(5);

		long asked = System.nanoTime();
		stuckConnection.send(new ServerMessage.Error("still here"));
		assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("a send while the ping blocks")
			.isLessThan(Duration.ofMillis(200));
		assertThat(stuck.texts).hasSize(1);
		assertThat(stuck.texts.get(0)).contains("still here");
		assertThat(stuck.pings.get()).as("pings on their way to the stuck browser").isEqualTo(1);

		this.socketDrains.countDown();
		Thread.sleep(500);
		assertThat(stuck.pings.get()).as("pinged again once its socket drained").isGreaterThan(1);
	}

	/** A container's WebSocket session whose ping blocks until the browser's socket drains. */
	private static final class ContainerSession {

		final AtomicInteger pings = new AtomicInteger();

		final CountDownLatch pingStarted = new CountDownLatch(1);

		final List<String> texts = new CopyOnWriteArrayList<>();

		private final CountDownLatch drains;

		private final Map<String, Object> properties = new HashMap<>();

		ContainerSession(CountDownLatch drains) {
			this.drains = drains;
		}

		Session session() {
			RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { RemoteEndpoint.Async.class }, (proxy, method, args) -> {
						switch (method.getName()) {
							case "sendPing" -> {
								this.pings.incrementAndGet();
								this.pingStarted.countDown();
								if (this.drains != null) {
									this.drains.await();
								}
							}
							case "sendText" -> {
								this.texts.add((String) args[0]);
								((SendHandler) args[1]).onResult(new SendResult());
							}
							default -> {
							}
						}
						return null;
					});
			return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Session.class },
					(proxy, method, args) -> switch (method.getName()) {
						case "getAsyncRemote" -> remote;
						case "getUserProperties" -> this.properties;
						case "isOpen" -> true;
						case "hashCode" -> System.identityHashCode(proxy);
						case "equals" -> proxy == args[0];
						default -> null;
					});
		}
	}
}
