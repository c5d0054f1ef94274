package io.github.mediastreams.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** What happens when a browser is missing: skipped with the package named, or failed in CI. */
class BrowserTest {

    @AfterEach
    void restore() {
        System.clearProperty(HeadlessFirefox.BINARY_PROPERTY);
        System.clearProperty(HeadlessChromium.DRIVER_PROPERTY);
        System.clearProperty(NetworkNamespace.IP_PROPERTY);
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
    void firefoxInANetworkNamespaceWithoutIpIsSkippedNamingIproute2AndFailsInCi() {
        System.setProperty(NetworkNamespace.IP_PROPERTY, "/nonexistent/ip");

        assertThat(Browser.FIREFOX_NETNS.isInstalled()).isFalse();
        assertThatThrownBy(() -> Browser.FIREFOX_NETNS.assumeInstalled(null)).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("Browser test skipped: Firefox (network namespace) is not installed")
                .hasMessageContaining("/nonexistent/ip")
                .hasMessageContaining("apt-get install firefox-esr iproute2");
        assertThatThrownBy(() -> Browser.FIREFOX_NETNS.assumeInstalled("true")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("CI=true");
        assertThatThrownBy(NetworkNamespace::create).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apt-get install iproute2");
    }

    @Test
    void withoutIpOrRootNoNetworkNamespaceIsMadeAndTheReasonIsGiven() {
        Path executable = Path.of(System.getProperty("java.home"), "bin", "java");
        long root = -1L;
        assertThat(NetworkNamespace.unavailable(Path.of("/nonexistent/ip"), root)).get().asString()
                .contains("/nonexistent/ip", "apt-get install iproute2");
        assertThat(NetworkNamespace.unavailable(executable, 0x1000L)).as("CAP_NET_ADMIN alone").get().asString()
                .contains("needs root", "CAP_SYS_ADMIN");
        assertThat(NetworkNamespace.unavailable(executable, 0)).get().asString().contains("needs root");
        assertThat(NetworkNamespace.unavailable(executable, (1L << 21) | (1L << 12))).isEmpty();
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
