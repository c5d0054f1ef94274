package io.github.mediastreams.browser;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * JUnit 5 extension giving tests a {@link HeadlessChromium} parameter.
 *
 * <ul>
 *   <li>A browser is launched for each test (shared by that test's {@code @BeforeEach}
 *       parameters) and closed after it.</li>
 *   <li>The test is skipped, naming the Debian packages, when Chromium or chromedriver is not
 *       installed.</li>
 *   <li>When a test fails, a screenshot {@code target/screenshots/<Class>-<method>-failure.png}
 *       is saved and the page's state and console errors are printed to stderr.</li>
 * </ul>
 *
 * <pre>{@code
 * @ExtendWith(ChromiumExtension.class)
 * class HelloWorldBrowserTest {
 *     @Test
 *     void starts(HeadlessChromium browser) { ... }
 * }
 * }</pre>
 */
public class ChromiumExtension implements ParameterResolver, TestExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ChromiumExtension.class);
    private static final String KEY = "browser";

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == HeadlessChromium.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        ExtensionContext.Store store = extensionContext.getStore(NAMESPACE);
        HeadlessChromium browser = store.get(KEY, HeadlessChromium.class);
        if (browser == null) {
            browser = HeadlessChromium.launch();
            // Closed with the test's context (the store closes AutoCloseable values).
            store.put(KEY, browser);
        }
        return browser;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        HeadlessChromium browser = context.getStore(NAMESPACE).get(KEY, HeadlessChromium.class);
        if (browser != null && !(throwable instanceof TestAbortedException)) {
            String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName()
                    + "-failure";
            try {
                Path file = browser.screenshot(name);
                System.err.println("[browser-testkit] " + context.getDisplayName() + " failed; screenshot: " + file);
            } catch (RuntimeException e) {
                System.err.println("[browser-testkit] no failure screenshot: " + e.getMessage());
            }
            try {
                System.err.println("[browser-testkit] page:\n" + browser.describe());
                List<String> messages = browser.consoleMessages();
                if (!messages.isEmpty()) {
                    System.err.println("[browser-testkit] console:\n  " + String.join("\n  ", messages));
                }
            } catch (RuntimeException e) {
                // The report is a courtesy; the test's own failure is what matters.
            }
        }
        throw throwable;
    }
}
