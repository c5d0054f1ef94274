package io.github.mediastreams.browser;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * The browser a test launched, kept in its JUnit context's store (which closes it after the test),
 * and the report of a failed test: a screenshot, the page's state and its console.
 */
final class LaunchedBrowser {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LaunchedBrowser.class);
    private static final String KEY = "browser";

    private LaunchedBrowser() {
    }

    /** The test's browser, launched at the first call (skipping the test when it is not installed). */
    static HeadlessBrowser in(ExtensionContext context, Browser browser) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        HeadlessBrowser launched = store.get(KEY, HeadlessBrowser.class);
        if (launched == null) {
            launched = browser.launch();
            // Closed with the test's context (the store closes AutoCloseable values).
            store.put(KEY, launched);
        }
        return launched;
    }

    /** When a test failed (not skipped) with a browser launched: its screenshot, page and console on stderr. */
    static void reportFailure(ExtensionContext context, Throwable throwable) {
        HeadlessBrowser browser = context.getStore(NAMESPACE).get(KEY, HeadlessBrowser.class);
        if (browser == null || throwable instanceof TestAbortedException) {
            return;
        }
        String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName()
                + "-" + browser.browser().id() + "-failure";
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
}
