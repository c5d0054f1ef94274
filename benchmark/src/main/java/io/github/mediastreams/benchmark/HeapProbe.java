package io.github.mediastreams.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads another JVM's heap with {@code jcmd}: the bytes still in use after full collections, and the class
 * histogram of the live objects, which tells what a connection's bytes are made of.
 */
final class HeapProbe {

	// G1's line of GC.heap_info: " garbage-first heap   total 262144K, used 23456K [0x...".
	private static final Pattern USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

	// A row of GC.class_histogram: "   1:         12345        678900  java.lang.String (java.base@17)".
	private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

	private final long pid;

	private final String jcmd;

	/** @param pid the process id of a JVM that runs G1, this user's */
	HeapProbe(long pid) {
		this.pid = pid;
		Path local = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		this.jcmd = Files.isExecutable(local) ? local.toString() : "jcmd";
	}

	/**
	 * Runs a full collection ({@code System.gc()}, a full, compacting one on G1), then reads the heap.
	 * @return the bytes in use on the heap, humongous regions counted whole as G1 does
	 */
	long usedAfterFullGc() {
		run("GC.run");
		String info = run("GC.heap_info");
		Matcher matcher = USED.matcher(info);
		if (!matcher.find()) {
			throw new IllegalStateException("Unexpected GC.heap_info (is the app on G1?): " + info);
		}
		return Long.parseLong(matcher.group(1)) * 1024;
	}

	/**
	 * The live objects by class, after the full collection that {@code GC.class_histogram} runs.
	 * @return class name to its instance count and bytes
	 */
	Map<String, ClassUsage> histogram() {
		Map<String, ClassUsage> usage = new HashMap<>();
		for (String line : run("GC.class_histogram").split("\n")) {
			Matcher matcher = ROW.matcher(line);
			if (matcher.find()) {
				usage.merge(matcher.group(3),
						new ClassUsage(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))),
						ClassUsage::plus);
			}
		}
		return usage;
	}

	private String run(String command) {
		try {
			Process process = new ProcessBuilder(List.of(this.jcmd, Long.toString(this.pid), command))
				.redirectErrorStream(true)
				.start();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("jcmd " + command + " failed: " + new String(output, StandardCharsets.UTF_8));
			}
			return new String(output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * @param instances live instances of a class
	 * @param bytes their shallow size
	 */
	record ClassUsage(long instances, long bytes) {

		ClassUsage plus(ClassUsage other) {
			return new ClassUsage(this.instances + other.instances, this.bytes + other.bytes);
		}
	}
}
