package io.github.mediastreams.benchmark;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import static io.github.mediastreams.benchmark.Targets.fmt;

/** Prints a run's figures as Markdown, which reads as well in a terminal as in a README. */
final class ReportPrinter {

	private final PrintStream out;

	/** @param out where the report goes */
	ReportPrinter(PrintStream out) {
		this.out = out;
	}

	void header(MachineInfo machine, BenchmarkOptions options, MediaServerUnderTest kms) {
		this.out.println("# Session setup benchmark: hello-world");
		this.out.println();
		this.out.printf(Locale.ROOT, "- machine: %d cores, %s; %s; %s%n", machine.cores(), machine.cpu(), machine.os(),
				machine.jdk());
		this.out.println("- date: " + machine.date() + "; load average (1 min) at start: " + MachineInfo.loadAverage());
		this.out.println("- app: " + options.appJar().getFileName() + " in its own JVM " + options.appJvmOptions()
				+ (options.tls() ? ", wss" : ", plain ws (--no-tls)") + " on 127.0.0.1, min-start-interval 0s");
		this.out.println("- media server: " + (kms.isDouble() ? "KMS double (testkit) in the benchmark's JVM, "
				+ "latency per KMS call set with delayAll" : "real KMS at " + kms.url()));
		this.out.println();
		this.out.flush();
	}

	void roundTrips(Results results) {
		this.out.println("## Sequential KMS round trips per start");
		this.out.println();
		if (results.ourRoundTrips().isEmpty()) {
			this.out.println("Not measured: it needs the double's request log.");
			this.out.println();
			return;
		}
		this.out.println("One session alone, every KMS call delayed " + results.roundTripDelay().toMillis()
				+ " ms; the requests up to the first ICE candidate, split where " + results.roundTripDelay().toMillis() / 2
				+ " ms or more pass between two.");
		this.out.println();
		waves("ours", results.ourRoundTrips());
		waves("naive", results.naiveRoundTrips());
		this.out.println();
	}

	private void waves(String who, List<RoundTripAnalyser.Wave> waves) {
		this.out.println("- " + who + ": " + waves.size());
		for (int i = 0; i < waves.size(); i++) {
			this.out.println("  " + (i + 1) + ". " + waves.get(i).describe());
		}
	}

	void phases(Results results) {
		this.out.println("## Setup latency and throughput");
		this.out.println();
		this.out.println("Milliseconds from sending `start` to receiving `startResponse` (answer) and the first "
				+ "`iceCandidate` (1st ICE); exact percentiles over every setup in the measuring window; sessions/s = "
				+ "setups completed per second. Naive: kurento-client one blocking call per step, in the benchmark "
				+ "JVM (no browser hop).");
		this.out.println();
		this.out.println("| phase | clients | KMS delay | sessions/s | answer p50 | p95 | p99 | 1st ICE p50 | p95 | p99 "
				+ "| failures | CPU ms/session app + bench |");
		this.out.println("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
		for (Results.Comparison comparison : results.comparisons()) {
			row(comparison.ours());
			row(comparison.naive());
		}
		if (results.held() != null) {
			row(results.held());
		}
		row(results.load());
		this.out.println();
		for (Results.Comparison comparison : results.comparisons()) {
			failures(comparison.ours());
			failures(comparison.naive());
		}
		if (results.held() != null) {
			failures(results.held());
		}
		failures(results.load());
		for (Results.Comparison comparison : results.comparisons()) {
			long delay = comparison.ours().kmsDelayMillis();
			String at = delay < 0 ? "against the real KMS" : "at " + delay + " ms per KMS call";
			this.out.println("- p50 ours / naive " + at + ": " + fmt(comparison.answerRatio()) + " to startResponse, "
					+ fmt(comparison.candidateRatio()) + " to the first iceCandidate");
		}
		this.out.println();
	}

	private void failures(PhaseResult phase) {
		if (phase.failures() > 0) {
			this.out.println("- failures of " + phase.name()
					+ (phase.kmsDelayMillis() < 0 ? "" : " at " + phase.kmsDelayMillis() + " ms") + ": "
					+ phase.failureReasons());
		}
	}

	private void row(PhaseResult phase) {
		this.out.println("| " + phase.name() + " | " + phase.clients() + " | "
				+ (phase.kmsDelayMillis() < 0 ? "real" : phase.kmsDelayMillis() + " ms") + " | "
				+ fmt(phase.sessionsPerSecond()) + " | " + fmt(phase.toAnswer().p50()) + " | "
				+ fmt(phase.toAnswer().p95()) + " | " + fmt(phase.toAnswer().p99()) + " | "
				+ fmt(phase.toFirstCandidate().p50()) + " | " + fmt(phase.toFirstCandidate().p95()) + " | "
				+ fmt(phase.toFirstCandidate().p99()) + " | " + phase.failures() + " | " + fmt(phase.appCpuMillis())
				+ " + " + fmt(phase.benchmarkCpuMillis()) + " |");
	}

	void heap(HeapResult heap) {
		this.out.println("## App heap per session");
		this.out.println();
		if (heap == null) {
			this.out.println("Skipped (--idle 0).");
			this.out.println();
			return;
		}
		this.out.println("Heap in use in the app's JVM after full GCs (jcmd GC.run, GC.heap_info); KB = 1000 bytes.");
		this.out.println();
		this.out.println("- no connection: " + mb(heap.baselineBytes()) + "; with " + heap.idle()
				+ " idle connections: " + mb(heap.withIdleBytes()) + " -> **" + fmt(heap.bytesPerIdleSession() / 1000)
				+ " KB per idle session**");
		if (heap.started() > 0) {
			this.out.println("- with " + heap.started() + " of them started: " + mb(heap.withStartedBytes()) + " -> "
					+ fmt(heap.bytesPerFirstStart() / 1000) + " KB more per start, **"
					+ fmt((heap.bytesPerIdleSession() + heap.bytesPerFirstStart()) / 1000) + " KB per started session**");
		}
		shares("an idle connection", heap.topClasses());
		if (heap.started() > 0) {
			shares("a start", heap.topClassesPerStart());
		}
		this.out.println();
	}

	private void shares(String of, List<HeapResult.ClassShare> shares) {
		this.out.println("- largest shares of " + of + " (class histogram difference, bytes and instances):");
		List<String> parts = new java.util.ArrayList<>();
		for (HeapResult.ClassShare share : shares) {
			parts.add(share.className() + " " + fmt(share.bytesPerConnection()) + " B / "
					+ fmt(share.instancesPerConnection()));
		}
		this.out.println("  " + String.join("; ", parts));
	}

	void scaleOut(ScaleOutResult scale) {
		this.out.println("## Scale-out: one media server and a pool of " + ScaleOut.POOL);
		this.out.println();
		if (scale == null) {
			this.out.println("Skipped: it needs the double (--scale-clients 0, or --kms-url).");
			this.out.println();
			return;
		}
		this.out.println("Clients starting back to back; each media server a double of its own answering every call "
				+ "after " + scale.kmsDelayMillis() + " ms, one call at a time per connection as KMS does, so one "
				+ "serves the app at most " + fmt(1000.0 / scale.kmsDelayMillis()) + " calls a second. Cores = the "
				+ "average cores each JVM kept busy in the measuring window, of " + scale.cores() + ".");
		this.out.println();
		this.out.println("| media servers | clients | sessions/s | answer p50 | p99 | 1st ICE p99 | failures "
				+ "| live sessions per server | cores app + bench |");
		this.out.println("|--:|--:|--:|--:|--:|--:|--:|---|--:|");
		for (ScaleOutResult.Servers servers : List.of(scale.one(), scale.several())) {
			PhaseResult phase = servers.phase();
			this.out.println("| " + servers.servers() + " | " + phase.clients() + " | " + fmt(phase.sessionsPerSecond())
					+ " | " + fmt(phase.toAnswer().p50()) + " | " + fmt(phase.toAnswer().p99()) + " | "
					+ fmt(phase.toFirstCandidate().p99()) + " | " + phase.failures() + " | "
					+ String.join(" / ", servers.meanLiveSessions().stream().map(Targets::fmt).toList()) + " | "
					+ fmt(phase.appCores()) + " + " + fmt(phase.benchmarkCores()) + " |");
		}
		this.out.println();
		failures(scale.one().phase());
		failures(scale.several().phase());
		this.out.println("- sessions/s on " + ScaleOut.POOL + " over 1: **" + fmt(scale.ratio()) + "**; limit: "
				+ Targets.scaleLimit(scale));
		ScaleOutResult.Failover failover = scale.failover();
		if (failover == null) {
			this.out.println("- failover: skipped (--failover-sessions 0)");
		}
		else {
			this.out.println("- failover: " + failover.sessions() + " sessions on " + ScaleOut.POOL
					+ " media servers, the busiest (" + failover.held() + " sessions) killed: " + failover.lost()
					+ " got mediaServerLost, " + failover.answeredAgain() + " answered again on the others; from the "
					+ "kill, ms: mediaServerLost p50 " + fmt(failover.toLost().p50()) + " max "
					+ fmt(failover.toLost().maxMillis()) + ", new startResponse p50 " + fmt(failover.toAnswer().p50())
					+ " max **" + fmt(failover.toAnswer().maxMillis()) + "**, new 1st ICE max "
					+ fmt(failover.toFirstCandidate().maxMillis()) + "; sessions elsewhere disturbed: "
					+ failover.disturbed() + "; KMS objects left on the others after stop: " + failover.objectsLeft());
			if (!failover.failures().isEmpty()) {
				this.out.println("- failover failures: " + failover.failures());
			}
		}
		this.out.println();
	}

	void restart(Results.Restart restart) {
		this.out.println("## App restart under live pages");
		this.out.println();
		if (restart == null) {
			this.out.println("Skipped: it needs the double (--restart-sessions 0, or --kms-url).");
			this.out.println();
			return;
		}
		this.out.println("The app stopped (SIGTERM) with " + restart.sessions() + " pages live and started again on "
				+ "its port; each page reconnects as media-streams.js does, after " + AppRestartProbe.INITIAL_DELAY
					.toMillis()
				+ " ms doubling up to " + AppRestartProbe.MAX_DELAY.toMillis() + " ms, less a random half. Measured "
				+ "from the new app answering its liveness check, on the double.");
		this.out.println();
		this.out.println("- app down (stop to live again): " + restart.downMillis() + " ms; connection attempts per "
				+ "page: " + fmt(restart.attemptsPerPage()));
		this.out.println("- media again: " + restart.startedAgain() + " of " + restart.sessions() + " pages; from the "
				+ "app being back, ms: startResponse p50 " + fmt(restart.toAnswer().p50()) + " max "
				+ fmt(restart.toAnswer().maxMillis()) + ", 1st ICE p50 " + fmt(restart.toFirstCandidate().p50())
				+ " max **" + fmt(restart.toFirstCandidate().maxMillis()) + "**; KMS objects left after stop: "
				+ restart.objectsLeft());
		if (!restart.failures().isEmpty()) {
			this.out.println("- restart failures: " + restart.failures());
		}
		this.out.println();
	}

	void targets(List<TargetCheck> checks) {
		this.out.println("## Targets");
		this.out.println();
		this.out.println("| | figure | measured | target |");
		this.out.println("|---|---|---|---|");
		for (TargetCheck check : checks) {
			this.out.println("| " + check.verdict() + " | " + check.what() + " | " + check.measured() + " | "
					+ check.target() + " |");
		}
		this.out.println();
		this.out.println("Load average (1 min) at the end: " + MachineInfo.loadAverage());
		this.out.flush();
	}

	private static String mb(long bytes) {
		return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
	}
}
