package io.github.mediastreams.testkit;

/**
 * What the double's {@code ServerManager} reports about the machine: the CPU use that
 * {@code getUsedCpu} measures, the memory {@code getUsedMemory} reports and the cores
 * {@code getCpuCount} counts. A test sets them to see how an application weighs a loaded media
 * server. Thread-safe; obtained from {@link KmsDouble#load()}; kept across
 * {@link KmsDouble#restart()}, reset by {@link KmsDouble#reset()}.
 */
public final class ServerLoad {

  private static final float IDLE_CPU = 2.0f;
  private static final long IDLE_MEMORY_KIB = 96 * 1024;

  private volatile float cpuPercent = IDLE_CPU;
  private volatile long usedMemoryKib = IDLE_MEMORY_KIB;
  private volatile int cpuCount = 2;

  ServerLoad() {
  }

  /**
   * Sets the CPU use {@code getUsedCpu} reports. KMS measures its process's CPU time against
   * one core's, so a busy media server on 4 cores reports up to 400.
   *
   * @param percent the media server process's CPU use, in percent of one core
   * @return this, for chaining
   */
  public ServerLoad cpuPercent(float percent) {
    if (percent < 0) {
      throw new IllegalArgumentException("percent " + percent);
    }
    this.cpuPercent = percent;
    return this;
  }

  /**
   * Sets the memory {@code getUsedMemory} reports, in KiB as KMS reports it.
   *
   * @param kib the resident memory of the media server process
   * @return this, for chaining
   */
  public ServerLoad usedMemoryKib(long kib) {
    if (kib < 0) {
      throw new IllegalArgumentException("kib " + kib);
    }
    this.usedMemoryKib = kib;
    return this;
  }

  /**
   * Sets the cores {@code getCpuCount} reports.
   *
   * @param count at least 1
   * @return this, for chaining
   */
  public ServerLoad cpuCount(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count " + count);
    }
    this.cpuCount = count;
    return this;
  }

  /** Back to an idle server: 2 % CPU, 96 MiB, 2 cores. */
  public void clear() {
    cpuPercent = IDLE_CPU;
    usedMemoryKib = IDLE_MEMORY_KIB;
    cpuCount = 2;
  }

  float cpuPercent() {
    return cpuPercent;
  }

  long usedMemoryKib() {
    return usedMemoryKib;
  }

  int cpuCount() {
    return cpuCount;
  }
}
