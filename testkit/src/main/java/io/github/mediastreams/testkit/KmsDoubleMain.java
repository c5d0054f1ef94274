package io.github.mediastreams.testkit;

import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link KmsDouble} standalone for demos and container tests:
 * {@code java -jar testkit-<version>-standalone.jar --port 8888 [--host 0.0.0.0]
 * [--candidate-address 192.0.2.10] [--control-port 8889 [--control-host 127.0.0.1]]}. It serves
 * until the process is stopped. With {@code --control-port}, a {@link KmsDoubleControl} lets
 * another process list the live objects and fire events.
 */
public final class KmsDoubleMain {

  private static final String USAGE = "Usage: java -jar testkit-standalone.jar [--port 8888] "
      + "[--host 127.0.0.1] [--candidate-address 127.0.0.1] [--control-port 8889] "
      + "[--control-host 127.0.0.1]";

  private KmsDoubleMain() {
  }

  /**
   * Starts the double (and its control port, if asked) and waits forever.
   *
   * @param args {@code --port N}, {@code --host ADDRESS}, {@code --candidate-address ADDRESS},
   *     {@code --control-port N}, {@code --control-host ADDRESS}
   * @throws InterruptedException if interrupted while serving
   */
  public static void main(String[] args) throws InterruptedException {
    KmsDouble.Builder builder = KmsDouble.builder().port(8888);
    Integer controlPort = null;
    String controlHost = "127.0.0.1";
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        System.out.println(USAGE);
        return;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Missing value after " + arg);
      }
      String value = args[++i];
      switch (arg) {
        case "--port":
          builder.port(Integer.parseInt(value));
          break;
        case "--host":
          builder.host(value);
          break;
        case "--candidate-address":
          builder.candidateAddress(value);
          break;
        case "--control-port":
          controlPort = Integer.parseInt(value);
          break;
        case "--control-host":
          controlHost = value;
          break;
        default:
          throw new IllegalArgumentException("Unknown option " + arg);
      }
    }
    KmsDouble kms = builder.start();
    KmsDoubleControl control =
        controlPort == null ? null : KmsDoubleControl.start(kms, controlHost, controlPort);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (control != null) {
        control.close();
      }
      kms.close();
    }, "kms-double-shutdown"));
    System.out.println("KMS double listening on " + kms.uri());
    if (control != null) {
      System.out.println("KMS double control on " + control.uri());
    }
    new CountDownLatch(1).await();
  }
}
