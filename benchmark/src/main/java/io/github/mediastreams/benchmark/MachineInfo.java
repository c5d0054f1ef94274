package io.github.mediastreams.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the figures were measured on.
 *
 * @param cores the cores this JVM may use (as {@code nproc})
 * @param cpu the processor's model name
 * @param jdk the Java runtime's vendor and version
 * @param os the operating system
 * @param date when the run began
 */
record MachineInfo(int cores, String cpu, String jdk, String os, Instant date) {

	/** @return this machine, now */
	static MachineInfo here() {
		return new MachineInfo(Runtime.getRuntime().availableProcessors(), cpuModel(),
				System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
				System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
						+ System.getProperty("os.arch"),
				Instant.now().truncatedTo(ChronoUnit.SECONDS));
	}

	/** @return the one-minute load average, or "n/a" where the system does not tell */
	static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (IOException | RuntimeException ex) {
			return "n/a";
		}
	}

	private static String cpuModel() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				if (line.startsWith("model name")) {
					return line.substring(line.indexOf(':') + 1).trim();
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// Not Linux: say so below.
		}
		return System.getProperty("os.arch");
	}
}
