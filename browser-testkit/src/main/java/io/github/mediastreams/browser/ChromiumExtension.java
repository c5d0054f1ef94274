package io.github.mediastreams.browser;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * JUnit 5 extension giving tests a {@link HeadlessChromium} parameter.
 *
 * <ul>
 *   <li>A browser is launched for each test (shared by that test's {@code @BeforeEach}
 *       parameters) and closed after it.</li>
 *   <li>The test is skipped, naming the Debian packages, when Chromium or chromedriver is not
 *       installed (it fails under {@code CI=true}).</li>
 *   <li>When a test fails, a screenshot {@code target/screenshots/<Class>-<method>-chromium-failure.png}
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
 *
 * For a test to run in every browser, see {@link EachBrowser}.
 */
public class ChromiumExtension implements ParameterResolver, TestExecutionExceptionHandler {

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == HeadlessChromium.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return LaunchedBrowser.in(extensionContext, Browser.CHROMIUM);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        LaunchedBrowser.reportFailure(context, throwable);
        throw throwable;
    }
}
