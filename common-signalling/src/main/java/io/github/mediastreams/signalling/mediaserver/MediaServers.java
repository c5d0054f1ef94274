package io.github.mediastreams.signalling.mediaserver;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.kurento.client.Continuation;
import org.kurento.client.ServerManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media servers of an application: one or several Kurento Media Servers, each with its own
 * {@link MediaServerConnection}, opened lazily and recovering on its own, and where each new session goes.
 *
 * <p>
 * A new session is {@linkplain #place() placed} on the reachable server with the fewest live sessions of this
 * application, weighted by the CPU and memory the server reports ({@code ServerManager.getUsedCpu} and
 * {@code getUsedMemory}, polled in the background every {@code loadInterval} when there are several servers, never
 * on the start path); ties go round-robin. A server that is not reachable gets no session until it answers again;
 * a draining one gets none while its live sessions go on; one that is no longer in the list (DNS discovery) is
 * drained and closed once its last session ends. A server with {@code maxStartsPerServer} starts waiting for its
 * answers gets no new one while another has room: a frozen server then holds that many session threads, not all of
 * them. When none has room, a start waits for a slot for as long as one frees within every connect timeout.
 * Thread-safe.
 */
public final class MediaServers implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(MediaServers.class);

	private static final String UNREACHABLE = "The media server is not reachable; try again in a moment";

	private static final String FULL = "The media servers are serving as many sessions as they may; try again in a"
			+ " moment";

	private static final Duration SLOT_POLL = Duration.ofMillis(100);

	private static final String BUSY = "The media servers are busy with other starts; try again in a moment";

	// How long KMS measures its CPU use for each poll: it answers nothing else on that connection meanwhile.
	private static final int CPU_SAMPLE_MILLIS = 100;

	private final MediaServerSettings settings;

	private final PipelineOwnership ownership;

	private final SessionLimits limits;

	// Every live placement, on all servers.
	private final AtomicInteger placed = new AtomicInteger();

	private final Map<URI, Member> members = new ConcurrentHashMap<>();

	// In the order the servers were added: ties are broken by turns over it.
	private final List<Member> order = new CopyOnWriteArrayList<>();

	private final List<MediaServerListener> listeners = new CopyOnWriteArrayList<>();

	private final AtomicLong turns = new AtomicLong();

	private final ScheduledExecutorService poller;

	// Notified when a start slot frees or a server takes sessions again; starts that found none wait on it.
	private final Object startSlots = new Object();

	// System.nanoTime() when a start slot last freed.
	private volatile long lastSlotFreed = System.nanoTime();

	private volatile boolean closed;

	/**
	 * @param urls the media servers' WebSocket URLs; none yet is allowed (DNS discovery adds them later)
	 * @param settings how patient to be with each of them
	 * @param ownership which pipelines are this application instance's, on any of them
	 * @param loadInterval how often each server's CPU and memory are polled, when there are several
	 * @param limits how many sessions they take at once
	 */
	public MediaServers(Collection<URI> urls, MediaServerSettings settings, PipelineOwnership ownership,
			Duration loadInterval, SessionLimits limits) {
		this.settings = Objects.requireNonNull(settings, "settings");
		this.ownership = Objects.requireNonNull(ownership, "ownership");
		this.limits = Objects.requireNonNull(limits, "limits");
		this.poller = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "media-server-load");
			thread.setDaemon(true);
			return thread;
		});
		update(urls);
		long interval = loadInterval.toMillis();
		this.poller.scheduleWithFixedDelay(this::pollLoad, interval, interval, TimeUnit.MILLISECONDS);
	}

	/** @return which pipelines on the media servers are this application instance's */
	public PipelineOwnership ownership() {
		return this.ownership;
	}

	/** @return how long a media server may take to answer one request */
	public Duration requestTimeout() {
		return this.settings.requestTimeout();
	}

	/**
	 * Makes the list of servers this one: new ones are added (connected when first needed), those no longer in it
	 * are drained and closed once their last session has ended.
	 * @param urls the servers' WebSocket URLs now
	 */
	public void update(Collection<URI> urls) {
		for (Member left : list(urls)) {
			closeIfDone(left);
		}
	}

	// Updates the list under the monitor; returns the servers that left it, to be closed outside.
	private synchronized List<Member> list(Collection<URI> urls) {
		List<Member> left = new ArrayList<>();
		Set<URI> wanted = new LinkedHashSet<>(urls);
		for (URI url : wanted) {
			Member member = this.members.get(url);
			if (member == null) {
				member = new Member(new MediaServerConnection(url, this.settings, this.ownership));
				this.listeners.forEach(member.connection::addListener);
				this.members.put(url, member);
				this.order.add(member);
				if (this.order.size() > 1) {
					log.info("Media server {} joined ({} in all)", url, this.order.size());
				}
			}
			else if (member.gone) {
				member.gone = false;
				log.info("Media server {} is back in the list", url);
			}
		}
		if (this.order.size() > 1 && !this.closed) {
			// Placement prefers connected servers: each must connect to get its share.
			this.poller.execute(this::connectAll);
		}
		for (Member member : this.order) {
			if (!wanted.contains(member.connection.url()) && !member.gone) {
				member.gone = true;
				log.info("Media server {} left the list: no new sessions; {} live ones go on", member.connection.url(),
						member.sessions.get());
				left.add(member);
			}
		}
		return left;
	}

	/**
	 * Chooses the media server for a new session and counts the session there until the placement is released, and
	 * its start until the placement is {@linkplain Placement#started() started}.
	 * @return the placement: its server, to release when the session's media is gone
	 * @throws MediaServerUnavailableException if no server can take a session now: none answers, or the
	 *         application or every server that answers has as many sessions as {@link SessionLimits} allows, or as
	 *         many starts waiting for an answer and none of them is answered within the connect timeout
	 */
	public Placement place() {
		if (this.placed.incrementAndGet() > this.limits.maxSessions()) {
			this.placed.decrementAndGet();
			log.warn("Start refused: {} sessions live, the most this instance takes (media-server.max-sessions)",
					this.limits.maxSessions());
			throw new MediaServerUnavailableException(FULL, "full", null);
		}
		// A burst on a healthy server keeps freeing its start slots: a start waits for one rather than be refused,
		// for as long as one frees within every connect timeout. A frozen server's never free.
		long waitingSince = System.nanoTime();
		try {
			while (true) {
				try {
					return new Placement(this, choose());
				}
				catch (MediaServerUnavailableException ex) {
					if (!"busy".equals(ex.reason())) {
						throw ex;
					}
					if (!awaitStartSlot(waitingSince)) {
						log.warn("Start refused: every media server that answers has {} starts waiting for its answer "
								+ "(media-server.max-starts-per-server)", this.limits.maxStartsPerServer());
						throw ex;
					}
				}
			}
		}
		catch (RuntimeException ex) {
			this.placed.decrementAndGet();
			throw ex;
		}
	}

	// Waits for a start slot to free, or a server to take sessions again; false once none has freed for a connect
	// timeout since the wait began, or once the wait has taken a request timeout (slots are taken in no order, so
	// an unlucky start must not wait for ever). Polls too: a server that connects meanwhile tells no one.
	private boolean awaitStartSlot(long waitingSince) {
		long deadline = Math.min(
				Math.max(waitingSince, this.lastSlotFreed) + this.settings.connectTimeout().toNanos(),
				waitingSince + this.settings.requestTimeout().toNanos());
		long left = deadline - System.nanoTime();
		if (left <= 0 || this.closed) {
			return false;
		}
		synchronized (this.startSlots) {
			try {
				TimeUnit.NANOSECONDS.timedWait(this.startSlots, Math.min(left, SLOT_POLL.toNanos()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

	private void startSlotFreed() {
		this.lastSlotFreed = System.nanoTime();
		synchronized (this.startSlots) {
			this.startSlots.notifyAll();
		}
	}

	private Member choose() {
		List<Member> candidates = this.order.stream().filter(Member::takesSessions).toList();
		if (candidates.isEmpty()) {
			throw new MediaServerUnavailableException(UNREACHABLE, null);
		}
		List<Member> reachable = candidates.stream().filter((m) -> m.connection.isConnected()).toList();
		if (reachable.isEmpty()) {
			// None is connected yet (or any longer): the first that connects takes the session, as one server would.
			reachable = List.of(connectOne(candidates));
		}
		int perServer = this.limits.maxSessionsPerServer();
		List<Member> open = reachable.stream().filter((m) -> m.sessions.get() < perServer).toList();
		if (open.isEmpty()) {
			log.warn("Start refused: every media server that answers has {} sessions (media-server.max-sessions-per-server)",
					perServer);
			throw new MediaServerUnavailableException(FULL, "full", null);
		}
		// A server whose starts wait for answers (slow, or frozen) gets no more while another has room: each start
		// holds a session thread until it is answered.
		int startsPerServer = this.limits.maxStartsPerServer();
		open = open.stream().filter((m) -> m.starting.get() < startsPerServer).toList();
		if (open.isEmpty()) {
			throw new MediaServerUnavailableException(BUSY, "busy", null);
		}
		long turn = this.turns.getAndIncrement();
		double[] loads = memoryLoads(open);
		Member chosen = null;
		double best = Double.MAX_VALUE;
		for (int i = 0; i < open.size(); i++) {
			// Rotating the starting point makes ties go round-robin.
			int index = (int) ((turn + i) % open.size());
			Member member = open.get(index);
			double score = member.score(loads[index]);
			if (score < best) {
				best = score;
				chosen = member;
			}
		}
		if (chosen.sessions.incrementAndGet() > perServer) {
			// Another start took the last place meanwhile.
			unplace(chosen);
			throw new MediaServerUnavailableException(FULL, "full", null);
		}
		if (chosen.starting.incrementAndGet() > startsPerServer) {
			chosen.starting.decrementAndGet();
			unplace(chosen);
			// The slot this start saw is someone else's now: another waiter may have one.
			startSlotFreed();
			throw new MediaServerUnavailableException(BUSY, "busy", null);
		}
		return chosen;
	}

	// Takes back a session counted on a server a moment ago: the server may have left the list meanwhile.
	private void unplace(Member member) {
		member.sessions.decrementAndGet();
		closeIfDone(member);
	}

	/**
	 * @param listener told when the connection to any media server breaks, and which
	 */
	public void addListener(MediaServerListener listener) {
		this.listeners.add(listener);
		this.order.forEach((member) -> member.connection.addListener(listener));
	}

	/**
	 * Marks a server draining (no new sessions; live ones go on) or takes it back.
	 * @param url the server's URL, as configured or discovered
	 * @param draining whether it drains
	 * @return whether the server is known
	 */
	public boolean drain(URI url, boolean draining) {
		Member member = this.members.get(url);
		if (member == null) {
			return false;
		}
		if (member.draining != draining) {
			member.draining = draining;
			startSlotFreed();
			log.info("Media server {} {}", url, draining
					? "drains: no new sessions; " + member.sessions.get() + " live ones go on" : "takes sessions again");
		}
		return true;
	}

	/**
	 * Probes each server that takes sessions (connecting to it, or pinging it) and tells whether any answers.
	 * @return whether a new session could be placed now
	 */
	public boolean isReachable() {
		boolean any = false;
		for (Member member : this.order) {
			if (member.takesSessions() && member.connection.isReachable()) {
				any = true;
			}
		}
		return any;
	}

	/** @return each server's state, in the order they were added; probes nothing */
	public List<MediaServerStatus> status() {
		List<MediaServerStatus> status = new ArrayList<>();
		for (Member member : this.order) {
			Load load = member.load;
			status.add(new MediaServerStatus(member.connection.url(), member.connection.isConnected(),
					member.sessions.get(), member.draining, member.gone, load == null ? null : load.cpuPercent(),
					load == null ? null : load.usedMemoryKib(), member.connection.lastAnswerMillis()));
		}
		return status;
	}

	/** @return the connection of each server, in the order they were added */
	public List<MediaServerConnection> connections() {
		return this.order.stream().map((m) -> m.connection).toList();
	}

	@Override
	public void close() {
		this.closed = true;
		startSlotFreed();
		this.poller.shutdownNow();
		this.order.forEach((member) -> member.connection.close());
	}

	private Member connectOne(List<Member> candidates) {
		int first = (int) (this.turns.get() % candidates.size());
		MediaServerUnavailableException last = null;
		for (int i = 0; i < candidates.size(); i++) {
			Member member = candidates.get((first + i) % candidates.size());
			try {
				member.connection.client();
				return member;
			}
			catch (MediaServerUnavailableException ex) {
				last = ex;
			}
		}
		throw last;
	}

	void released(Member member) {
		this.placed.decrementAndGet();
		member.sessions.decrementAndGet();
		closeIfDone(member);
	}

	// Decided under the monitor, closed outside it: a close says closeSession, which a frozen server answers only
	// at the request timeout, and every session's end and every list update would wait behind it.
	private void closeIfDone(Member member) {
		synchronized (this) {
			if (!member.gone || member.sessions.get() > 0 || !this.order.remove(member)) {
				return;
			}
			this.members.remove(member.connection.url(), member);
		}
		member.connection.close();
		log.info("Media server {} closed: it left the list and its last session has ended", member.connection.url());
	}

	// Memory relative to the other servers': KMS says how much it uses, not how much its machine has.
	private static double[] memoryLoads(List<Member> members) {
		double sum = 0;
		int known = 0;
		for (Member member : members) {
			if (member.load != null && member.load.usedMemoryKib() > 0) {
				sum += member.load.usedMemoryKib();
				known++;
			}
		}
		double mean = known == 0 ? 0 : sum / known;
		double[] loads = new double[members.size()];
		for (int i = 0; i < loads.length; i++) {
			Load load = members.get(i).load;
			loads[i] = mean <= 0 || load == null ? 0 : Math.min(1, Math.max(0, load.usedMemoryKib() / mean - 1));
		}
		return loads;
	}

	private void connectAll() {
		for (Member member : this.order) {
			if (member.takesSessions() && !member.connection.isConnected()) {
				member.connection.isReachable();
			}
		}
	}

	private void pollLoad() {
		if (this.closed || this.order.size() < 2) {
			return;
		}
		// A server not connected yet (it joined while it was down, say) is tried, so that it takes sessions again.
		connectAll();
		for (Member member : this.order) {
			if (member.connection.isConnected()) {
				try {
					poll(member, member.connection.client().getServerManager());
				}
				catch (RuntimeException ex) {
					log.debug("Could not poll the load of {}: {}", member.connection.url(), ex.getMessage());
				}
			}
		}
	}

	// Asynchronous: no thread waits while KMS measures.
	private static void poll(Member member, ServerManager manager) {
		Load previous = member.load;
		if (previous == null || previous.cpuCount() <= 0) {
			manager.getCpuCount(quietly(member, (count) -> member.update(null, null, count)));
		}
		manager.getUsedCpu(CPU_SAMPLE_MILLIS, quietly(member, (cpu) -> member.update(cpu, null, null)));
		manager.getUsedMemory(quietly(member, (memory) -> member.update(null, memory, null)));
	}

	private static <T> Continuation<T> quietly(Member member, java.util.function.Consumer<T> then) {
		return new Continuation<>() {
			@Override
			public void onSuccess(T result) {
				then.accept(result);
			}

			@Override
			public void onError(Throwable cause) {
				log.debug("Could not poll the load of {}: {}", member.connection.url(), cause.getMessage());
			}
		};
	}

	/**
	 * Where a session was placed. Release it, once, when the session's media is gone.
	 */
	public static final class Placement {

		private final MediaServers servers;

		private final Member member;

		private final AtomicBoolean started = new AtomicBoolean();

		private final AtomicBoolean released = new AtomicBoolean();

		Placement(MediaServers servers, Member member) {
			this.servers = servers;
			this.member = member;
		}

		/** @return the connection of the server the session was placed on */
		public MediaServerConnection server() {
			return this.member.connection;
		}

		/**
		 * The session's start is answered, or has failed: it no longer counts against the server's starts under way
		 * ({@link SessionLimits#maxStartsPerServer()}); later calls do nothing. Call it as soon as the start's
		 * requests are answered: until then, or until {@link #release()}, the start holds one of the server's slots.
		 */
		public void started() {
			if (this.started.compareAndSet(false, true)) {
				this.member.starting.decrementAndGet();
				this.servers.startSlotFreed();
			}
		}

		/** The session no longer counts on its server, nor does its start; later calls do nothing. */
		public void release() {
			started();
			if (this.released.compareAndSet(false, true)) {
				this.servers.released(this.member);
			}
		}
	}

	/** What a server reported last: CPU in percent of one core, resident memory in KiB, its cores. */
	record Load(float cpuPercent, long usedMemoryKib, int cpuCount) {
	}

	/** One server of the pool and what placement knows of it. */
	static final class Member {

		final MediaServerConnection connection;

		final AtomicInteger sessions = new AtomicInteger();

		// Placed sessions whose start waits for the server's answer.
		final AtomicInteger starting = new AtomicInteger();

		volatile boolean draining;

		// No longer in the list: drained, then closed with its last session.
		volatile boolean gone;

		volatile Load load;

		Member(MediaServerConnection connection) {
			this.connection = connection;
		}

		boolean takesSessions() {
			return !this.draining && !this.gone;
		}

		// Fewest sessions first; a loaded server counts as if it had more: up to twice as many when its CPU is full,
		// and again up to twice for memory well above the others'.
		double score(double memoryLoad) {
			Load current = this.load;
			double cpu = current == null || current.cpuCount() <= 0 ? 0
					: Math.min(1, Math.max(0, current.cpuPercent() / (100.0 * current.cpuCount())));
			return (this.sessions.get() + 1) * (1 + cpu) * (1 + memoryLoad);
		}

		synchronized void update(Float cpuPercent, Long usedMemoryKib, Integer cpuCount) {
			Load current = this.load == null ? new Load(0, 0, 0) : this.load;
			this.load = new Load(cpuPercent != null ? cpuPercent : current.cpuPercent(),
					usedMemoryKib != null ? usedMemoryKib : current.usedMemoryKib(),
					cpuCount != null ? cpuCount : current.cpuCount());
		}
	}

}
