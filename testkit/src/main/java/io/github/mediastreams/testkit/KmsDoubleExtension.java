package io.github.mediastreams.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension running one {@link KmsDouble} per test class: started before the first
 * test, stopped after the last, with faults and the request log cleared before each test (the
 * objects stay, so release them in the test or call {@code reset(true)} yourself).
 *
 * <pre>{@code
 * class MyTest {
 *   @RegisterExtension
 *   static final KmsDoubleExtension kms = new KmsDoubleExtension();
 *
 *   @Test
 *   void works() {
 *     KurentoClient kurento = KurentoClient.create(kms.get().uri());
 *   }
 * }
 *
 * @ExtendWith(KmsDoubleExtension.class)
 * class OtherTest {
 *   @Test
 *   void works(KmsDouble kms) { ... }
 * }
 * }</pre>
 */
public final class KmsDoubleExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

  private final KmsDouble.Builder options;
  private volatile KmsDouble kms;
  private volatile String owner;

  /** An extension whose double listens on a random free port of 127.0.0.1. */
  public KmsDoubleExtension() {
    this(KmsDouble.builder());
  }

  /**
   * An extension whose double is started with these options.
   *
   * @param options e.g. {@code KmsDouble.builder().port(8888)}
   */
  public KmsDoubleExtension(KmsDouble.Builder options) {
    this.options = options;
  }

  /**
   * The running double.
   *
   * @return the double of the current test class
   * @throws IllegalStateException outside the test class's lifecycle
   */
  public KmsDouble get() {
    KmsDouble current = kms;
    if (current == null) {
      throw new IllegalStateException("The KMS double runs only while the test class runs");
    }
    return current;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    // Nested test classes see the outer class's double instead of starting their own.
    if (kms == null) {
      kms = options.start();
      owner = context.getUniqueId();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (kms != null && context.getUniqueId().equals(owner)) {
      kms.close();
      kms = null;
      owner = null;
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    get().reset();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext,
      ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == KmsDouble.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext,
      ExtensionContext extensionContext) {
    return get();
  }
}
