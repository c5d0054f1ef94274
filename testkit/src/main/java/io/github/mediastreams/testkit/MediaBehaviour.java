package io.github.mediastreams.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * What happens on a WebRtcEndpoint's network after {@code gatherCandidates}, since no media
 * really flows through the double: when its candidates come, and whether ICE then connects and
 * media flows, or ICE fails. The events are those a real KMS 7.3 raises, in its order and shape
 * (recorded in {@code media-flow.jsonl} and {@code ice-fail.jsonl}); only subscribers receive
 * them. Thread-safe; obtained from {@link KmsDouble#media()}; kept across
 * {@link KmsDouble#restart()}, reset by {@link KmsDouble#reset()}. A setting applies to the
 * gatherings that start after it is made.
 *
 * <p>After the candidates and {@code IceGatheringDone}, an endpoint reports
 * {@code IceComponentStateChanged(CONNECTING)}, then:
 * <ul>
 *   <li>{@link Mode#MEDIA_FLOWS} (the default), after {@link #connectAfter(Duration)}:
 *       {@code NewCandidatePairSelected}, {@code IceComponentStateChanged(CONNECTED)},
 *       {@code ConnectionStateChanged(CONNECTED)}, {@code MediaFlowOutStateChanged(FLOWING)} and
 *       {@code MediaFlowInStateChanged(FLOWING)} per negotiated medium,
 *       {@code MediaStateChanged(CONNECTED)}, {@code IceComponentStateChanged(READY)};</li>
 *   <li>{@link Mode#ICE_FAILS}, after {@link #failAfter(Duration)}:
 *       {@code IceComponentStateChanged(FAILED)}, and nothing else, as when the UDP range is
 *       blocked or the announced address is unreachable;</li>
 *   <li>{@link Mode#MANUAL}: nothing more; a test raises what it wants with
 *       {@link KmsDouble#fireEvent}.</li>
 * </ul>
 */
public final class MediaBehaviour {

  /** What ICE does once the candidates are gathered. */
  public enum Mode {
    /** ICE connects and media flows in both directions. */
    MEDIA_FLOWS,
    /** ICE never connects: the endpoint reports FAILED. */
    ICE_FAILS,
    /** No connectivity events at all, beyond CONNECTING. */
    MANUAL
  }

  /** The settings a gathering reads once, when it starts. */
  record Settings(Mode mode, Duration candidateInterval, int eventsBeforeAnswer,
      Duration connectAfter, Duration failAfter) {
  }

  private static final Settings DEFAULTS = new Settings(Mode.MEDIA_FLOWS, Duration.ZERO, 0,
      Duration.ofMillis(50), Duration.ofSeconds(1));

  private volatile Settings settings = DEFAULTS;

  MediaBehaviour() {
  }

  /**
   * Chooses what ICE does after the gathering.
   *
   * @param mode the behaviour
   * @return this, for chaining
   */
  public MediaBehaviour mode(Mode mode) {
    Objects.requireNonNull(mode, "mode");
    update(s -> new Settings(mode, s.candidateInterval(), s.eventsBeforeAnswer(),
        s.connectAfter(), s.failAfter()));
    return this;
  }

  /**
   * Spreads the gathering's events over time, one every {@code interval}, as a KMS that finds
   * its candidates one by one; zero (the default) sends them all at once.
   *
   * @param interval the time between two gathering events
   * @return this, for chaining
   */
  public MediaBehaviour candidateInterval(Duration interval) {
    requireNotNegative(interval);
    update(s -> new Settings(s.mode(), interval, s.eventsBeforeAnswer(), s.connectAfter(),
        s.failAfter()));
    return this;
  }

  /**
   * Sends the first {@code count} events of the gathering before the answer to
   * {@code gatherCandidates}, as a real KMS often does (see {@code ice-fail.jsonl}); 0 by
   * default.
   *
   * @param count how many events precede the answer
   * @return this, for chaining
   */
  public MediaBehaviour eventsBeforeAnswer(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count " + count);
    }
    update(s -> new Settings(s.mode(), s.candidateInterval(), count, s.connectAfter(),
        s.failAfter()));
    return this;
  }

  /**
   * How long ICE takes to connect once the candidates are gathered, in
   * {@link Mode#MEDIA_FLOWS}; 50 ms by default.
   *
   * @param delay the time from {@code IceGatheringDone} to the selected pair
   * @return this, for chaining
   */
  public MediaBehaviour connectAfter(Duration delay) {
    requireNotNegative(delay);
    update(s -> new Settings(s.mode(), s.candidateInterval(), s.eventsBeforeAnswer(), delay,
        s.failAfter()));
    return this;
  }

  /**
   * How long ICE tries before it fails, in {@link Mode#ICE_FAILS}; 1 s by default (a real KMS
   * took about 8 s).
   *
   * @param delay the time from {@code IceGatheringDone} to {@code FAILED}
   * @return this, for chaining
   */
  public MediaBehaviour failAfter(Duration delay) {
    requireNotNegative(delay);
    update(s -> new Settings(s.mode(), s.candidateInterval(), s.eventsBeforeAnswer(),
        s.connectAfter(), delay));
    return this;
  }

  /** Back to the defaults: media flows 50 ms after an immediate gathering. */
  public void clear() {
    settings = DEFAULTS;
  }

  Settings settings() {
    return settings;
  }

  private synchronized void update(java.util.function.UnaryOperator<Settings> change) {
    settings = change.apply(settings);
  }

  private static void requireNotNegative(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("negative duration: " + duration);
    }
  }
}
