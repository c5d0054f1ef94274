package io.github.mediastreams.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

/**
 * The browsers the page tests run in, each a Debian package: nothing is ever downloaded.
 *
 * <p>When a browser is missing its tests are skipped with a message naming its packages, except
 * under {@code CI=true} (the environment variable CI sets), where a missing browser fails the test:
 * CI must not pass by testing one browser only.
 */
public enum Browser {

    /** Debian's Chromium, through Debian's chromedriver (Selenium). */
    CHROMIUM("Chromium", "chromium chromium-driver") {
        @Override
        public List<Path> executables() {
            return List.of(HeadlessChromium.binary(), HeadlessChromium.driverExecutable());
        }

        @Override
        public HeadlessBrowser launch() {
            return HeadlessChromium.launch();
        }
    },

    /**
     * Debian's Chromium and chromedriver, as {@link #CHROMIUM}, run inside a {@link NetworkNamespace} of their own:
     * for a test whose media really flows, since Chromium gathers host candidates on every interface, the
     * machine's included, so that they are 127.0.0.1 and the namespace's 198.18.0.x addresses only. Needs
     * {@code ip} (iproute2) and root.
     */
    CHROMIUM_NETNS("Chromium (network namespace)", "chromium chromium-driver iproute2") {
        @Override
        public List<Path> executables() {
            return List.of(HeadlessChromium.binary(), HeadlessChromium.driverExecutable(), NetworkNamespace.ip());
        }

        @Override
        public HeadlessBrowser launch() {
            return HeadlessChromium.launchInNetworkNamespace();
        }

        @Override
        Optional<String> unavailable() {
            return inNamespace(super.unavailable());
        }
    },

    /** Debian's Firefox ESR, over WebDriver BiDi (its own remote agent: no geckodriver). */
    FIREFOX("Firefox", "firefox-esr") {
        @Override
        public List<Path> executables() {
            return List.of(HeadlessFirefox.binary());
        }

        @Override
        public HeadlessBrowser launch() {
            return HeadlessFirefox.launch();
        }
    },

    /**
     * Debian's Firefox ESR, as {@link #FIREFOX}, run inside a {@link NetworkNamespace} of its own: for a test
     * whose media really flows, since Firefox gathers no ICE candidates on loopback, so that its host
     * candidates are the namespace's 198.18.0.x addresses and never the machine's. Needs {@code ip} (iproute2)
     * and root.
     */
    FIREFOX_NETNS("Firefox (network namespace)", "firefox-esr iproute2") {
        @Override
        public List<Path> executables() {
            return List.of(HeadlessFirefox.binary(), NetworkNamespace.ip());
        }

        @Override
        public HeadlessBrowser launch() {
            return HeadlessFirefox.launchInNetworkNamespace();
        }

        @Override
        Optional<String> unavailable() {
            return inNamespace(super.unavailable());
        }
    };

    /** The environment variable that says the tests run in CI, where no browser may be missing. */
    public static final String CI = "CI";

    private final String displayName;
    private final String packages;

    Browser(String displayName, String packages) {
        this.displayName = displayName;
        this.packages = packages;
    }

    /** The browser's name, e.g. "Firefox". */
    public String displayName() {
        return this.displayName;
    }

    /** The Debian packages that provide it, as {@code apt-get install} takes them. */
    public String packages() {
        return this.packages;
    }

    /** The files it needs (browser, driver), each overridable by a system property. */
    public abstract List<Path> executables();

    /** Starts the browser headless, with a fresh profile and a fake camera. */
    public abstract HeadlessBrowser launch();

    /** Whether everything it needs is installed (present and executable). */
    public boolean isInstalled() {
        return executables().stream().allMatch(Files::isExecutable);
    }

    /**
     * Skips the calling test (a JUnit assumption) when this browser is missing, naming its Debian
     * packages, or cannot run here ({@link #FIREFOX_NETNS} without root); under {@code CI=true} fails
     * it instead.
     */
    public void assumeInstalled() {
        assumeInstalled(System.getenv(CI));
    }

    void assumeInstalled(String ci) {
        skipOrFail("Browser test", unavailable(), ci);
    }

    /**
     * Skips the calling test (a JUnit assumption) when something it needs is unavailable, saying why; fails it
     * instead when {@code ci} is {@code true} (the value of {@value #CI}).
     */
    static void skipOrFail(String test, Optional<String> unavailable, String ci) {
        unavailable.ifPresent((why) -> {
            if ("true".equalsIgnoreCase(ci)) {
                throw new AssertionError(test + " failed under " + CI + "=true: " + why);
            }
            Assumptions.assumeTrue(false, () -> test + " skipped: " + why);
        });
    }

    /** Why it cannot run here (what is missing, and how to install it), or empty when it can. */
    Optional<String> unavailable() {
        return isInstalled() ? Optional.empty() : Optional.of(this.displayName + " is not installed ("
                + executables() + "); on Debian: apt-get install " + this.packages);
    }

    /** What a browser run in a network namespace lacks: itself, or what the namespace needs. */
    Optional<String> inNamespace(Optional<String> browserUnavailable) {
        return browserUnavailable
                .or(() -> NetworkNamespace.unavailable().map((why) -> this.displayName + " cannot run: " + why));
    }

    /** The name in lower case, as in screenshots' names: {@code chromium}, {@code firefox}, {@code firefox-netns}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
