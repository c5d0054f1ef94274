package io.github.mediastreams.testkit;

import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link KmsDouble} standalone for demos:
 * {@code java -jar testkit-<version>-standalone.jar --port 8888 [--host 0.0.0.0]
 * [--candidate-address 192.0.2.10]}. It serves until the process is stopped.
 */
public final class KmsDoubleMain {

  private KmsDoubleMain() {
  }

  /**
   * Starts the double and waits forever.
   *
   * @param args {@code --port N}, {@code --host ADDRESS}, {@code --candidate-address ADDRESS}
   * @throws InterruptedException if interrupted while serving
   */
  public static void main(String[] args) throws InterruptedException {
    KmsDouble.Builder builder = KmsDouble.builder().port(8888);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        System.out.println("Usage: java -jar testkit-standalone.jar [--port 8888] "
            + "[--host 127.0.0.1] [--candidate-address 127.0.0.1]");
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
        default:
          throw new IllegalArgumentException("Unknown option " + arg);
      }
    }
    KmsDouble kms = builder.start();
    Runtime.getRuntime().addShutdownHook(new Thread(kms::close, "kms-double-shutdown"));
    System.out.println("KMS double listening on " + kms.uri());
    new CountDownLatch(1).await();
  }
}
