package io.github.mediastreams.browser;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test run once in each browser (by default every {@link Browser}), given a
 * {@link HeadlessBrowser} parameter: the same test, written once, in Chromium and in Firefox.
 * Each run is named after its browser ({@code [Firefox]}), launches its browser (shared by that
 * run's {@code @BeforeEach} parameters) and closes it after; a missing browser skips its run,
 * naming the Debian package (fails it under {@code CI=true}); a failing run saves a screenshot
 * {@code target/screenshots/<Class>-<method>-<browser>-failure.png} and prints the page's state
 * and console to stderr.
 *
 * <pre>{@code
 * @EachBrowser
 * void starts(HeadlessBrowser browser) { ... }
 * }</pre>
 *
 * A test whose media really flows (between the page's own peer connections, say) takes
 * {@code @EachBrowser({ Browser.CHROMIUM_NETNS, Browser.FIREFOX_NETNS })}: each browser runs in a
 * network namespace of its own ({@link NetworkNamespace}), where its ICE candidates are 127.0.0.1
 * and 198.18.0.x addresses, never the machine's interfaces' (both browsers gather there; Firefox
 * gathers nothing on loopback).
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(EachBrowserExtension.class)
public @interface EachBrowser {

    /** The browsers to run in, in this order. */
    Browser[] value() default { Browser.CHROMIUM, Browser.FIREFOX };
}
