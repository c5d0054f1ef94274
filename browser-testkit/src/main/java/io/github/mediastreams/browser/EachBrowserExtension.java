package io.github.mediastreams.browser;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/** Runs an {@link EachBrowser} test once per browser; see there. */
final class EachBrowserExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return AnnotationSupport.isAnnotated(context.getTestMethod(), EachBrowser.class);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        EachBrowser each = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), EachBrowser.class)
                .orElseThrow();
        return Arrays.stream(each.value()).map(Invocation::new);
    }

    /** One run: its name, and its browser as the {@link HeadlessBrowser} parameter. */
    private record Invocation(Browser browser) implements TestTemplateInvocationContext {

        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + this.browser.displayName() + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new BrowserParameter(this.browser));
        }
    }

    /** Launches the run's browser for its {@link HeadlessBrowser} parameters; reports a failure with a screenshot. */
    private record BrowserParameter(Browser browser) implements ParameterResolver, TestExecutionExceptionHandler {

        @Override
        public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
            return parameterContext.getParameter().getType() == HeadlessBrowser.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
            return LaunchedBrowser.in(extensionContext, this.browser);
        }

        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
            LaunchedBrowser.reportFailure(context, throwable);
            throw throwable;
        }
    }
}
