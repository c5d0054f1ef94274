package io.github.mediastreams.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** What happens when a browser is missing: skipped with the package named, or failed in CI. */
class BrowserTest {

    @AfterEach
    void restore() {
        System.clearProperty(HeadlessFirefox.BINARY_PROPERTY);
        System.clearProperty(HeadlessChromium.DRIVER_PROPERTY);
    }

    @Test
    void aMissingBrowserSkipsItsTestNamingTheDebianPackage() {
        System.setProperty(HeadlessFirefox.BINARY_PROPERTY, "/nonexistent/firefox-esr");

        assertThat(Browser.FIREFOX.isInstalled()).isFalse();
        assertThatThrownBy(() -> Browser.FIREFOX.assumeInstalled(null)).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("Browser test skipped: Firefox is not installed")
                .hasMessageContaining("apt-get install firefox-esr");
        assertThatThrownBy(() -> Browser.FIREFOX.assumeInstalled("false")).isInstanceOf(TestAbortedException.class);
    }

    @Test
    void aMissingBrowserFailsItsTestInCi() {
        System.setProperty(HeadlessChromium.DRIVER_PROPERTY, "/nonexistent/chromedriver");

        assertThat(Browser.CHROMIUM.isInstalled()).isFalse();
        assertThatThrownBy(() -> Browser.CHROMIUM.assumeInstalled("true")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("CI=true")
                .hasMessageContaining("/nonexistent/chromedriver")
                .hasMessageContaining("apt-get install chromium chromium-driver");
    }
}
