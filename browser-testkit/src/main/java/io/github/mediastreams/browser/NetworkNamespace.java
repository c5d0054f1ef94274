package io.github.mediastreams.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Linux network namespace of its own for a test's browser, so that what the browser does on the
 * network stays off the machine's interfaces: inside it are {@code lo} (127.0.0.1) and a veth pair
 * with both ends inside, {@value #ADDRESS}/30 and {@value #PEER}/30 (198.18.0.0/15, the benchmarking
 * range), with the default route through the first, and no IPv6. In here a browser's ICE host
 * candidates are 198.18.0.x addresses (Firefox gathers on the default route's interface only, none on
 * loopback; Chromium on every interface, 127.0.0.1 included), and none is the machine's.
 *
 * <p>The namespace's 127.0.0.1 is not the machine's: {@link #forwardToHost(int)} makes a port of the
 * machine's 127.0.0.1 (the app under test) reachable at the same port inside, and
 * {@link #exposeToHost()} makes a port inside (for Firefox's remote agent, chromedriver) reachable at
 * the same port of the machine's 127.0.0.1. Both relay TCP through a Unix domain socket in a
 * directory of the namespace's, as the file system is shared: the machine's side in this JVM, the
 * namespace's in a small JVM run inside ({@link NamespaceRelays}).
 *
 * <p>It needs {@code ip} (iproute2, {@value #DEFAULT_IP}; the system property {@value #IP_PROPERTY}
 * names another) and root, that is CAP_SYS_ADMIN and CAP_NET_ADMIN: see {@link #unavailable()}.
 * {@link #close()} ends what runs inside, the relays, the sockets and the namespace; a namespace left
 * by a JVM that was killed is deleted by the next {@link #create()}.
 *
 * <pre>{@code
 * try (NetworkNamespace namespace = NetworkNamespace.create()) {
 *     namespace.forwardToHost(appPort);
 *     Process browser = new ProcessBuilder(namespace.command(List.of("firefox-esr", "--headless", …))).start();
 * }
 * }</pre>
 */
public final class NetworkNamespace implements AutoCloseable {

    /** iproute2's {@code ip} on Debian. */
    public static final String DEFAULT_IP = "/sbin/ip";
    /** System property naming another {@code ip}. */
    public static final String IP_PROPERTY = "browser-testkit.ip";
    /** The Debian package that provides {@code ip}. */
    public static final String PACKAGES = "iproute2";
    /** The address of the interface the namespace's default route goes through. */
    public static final String ADDRESS = "198.18.0.1";
    /** The other end of the veth pair, the default route's gateway. */
    public static final String PEER = "198.18.0.2";

    /** Every namespace made here is named {@code browser-testkit-<pid of its JVM>-<random>}. */
    private static final Pattern NAME = Pattern.compile("browser-testkit-(\\d+)-[0-9a-f]+");
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_SYS_ADMIN = 21;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Path sockets;
    private final Path etc;
    private final List<SocketRelay> relays = new ArrayList<>();
    private final Set<Integer> forwarded = new HashSet<>();
    private final Thread cleanUpAtExit;
    private Inside inside;
    private boolean createdEtcNetns;

    private NetworkNamespace(String name, Path sockets) {
        this.name = name;
        this.sockets = sockets;
        this.etc = Path.of("/etc/netns", name);
        this.cleanUpAtExit = new Thread(this::close, "close-" + name);
    }

    /** The {@code ip} used: {@value #DEFAULT_IP} unless {@value #IP_PROPERTY} says otherwise. */
    public static Path ip() {
        return Path.of(System.getProperty(IP_PROPERTY, DEFAULT_IP));
    }

    /**
     * Why no namespace can be made here, or empty when one can: {@code ip} must be installed and this
     * process must have CAP_SYS_ADMIN and CAP_NET_ADMIN (be root, outside a container that drops them).
     */
    public static Optional<String> unavailable() {
        return unavailable(ip(), effectiveCapabilities());
    }

    static Optional<String> unavailable(Path ip, long capabilities) {
        if (!Files.isExecutable(ip)) {
            return Optional.of("a network namespace needs " + ip + "; on Debian: apt-get install " + PACKAGES);
        }
        if ((capabilities & (1L << CAP_SYS_ADMIN)) == 0 || (capabilities & (1L << CAP_NET_ADMIN)) == 0) {
            return Optional.of("a network namespace needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN); this process runs as "
                    + System.getProperty("user.name") + " with the capabilities " + Long.toHexString(capabilities));
        }
        return Optional.empty();
    }

    /**
     * Skips the calling test (a JUnit assumption) when no namespace can be made here, saying why
     * ({@link #unavailable()}); under {@code CI=true} fails it instead, as a missing browser does.
     */
    public static void assumeAvailable() {
        Browser.skipOrFail("Network namespace test", unavailable(), System.getenv(Browser.CI));
    }

    /**
     * Makes a new namespace: {@code lo} up, the veth pair ({@value #ADDRESS}/30, {@value #PEER}/30) up,
     * the default route through it, IPv6 off, and a resolv.conf of its own that names no reachable server.
     *
     * @throws IllegalStateException if it cannot ({@link #unavailable()} says why beforehand), with ip's message
     */
    public static NetworkNamespace create() {
        unavailable().ifPresent((why) -> {
            throw new IllegalStateException("Cannot create a network namespace: " + why);
        });
        deleteLeftovers();
        String name = "browser-testkit-" + ProcessHandle.current().pid() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Path sockets;
        try {
            sockets = Files.createTempDirectory("browser-testkit-netns-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            run(List.of(ip().toString(), "netns", "add", name), "");
        } catch (RuntimeException e) {
            HeadlessBrowser.deleteRecursively(sockets);
            throw e;
        }
        NetworkNamespace namespace = new NetworkNamespace(name, sockets);
        Runtime.getRuntime().addShutdownHook(namespace.cleanUpAtExit);
        try {
            namespace.resolveNothingOutside();
            // Off before the veth pair exists, so that it gets no link-local IPv6 address either.
            run(namespace.command(List.of("/bin/sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6"
                    + " && echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6")), "");
            run(List.of(ip().toString(), "-n", name, "-batch", "-"), String.join("\n",
                    "link set lo up",
                    "link add veth0 type veth peer name veth1",
                    "addr add " + ADDRESS + "/30 dev veth0",
                    "addr add " + PEER + "/30 dev veth1",
                    "link set veth0 up",
                    "link set veth1 up",
                    "route add default via " + PEER + " dev veth0", ""));
        } catch (RuntimeException e) {
            namespace.close();
            throw e;
        }
        return namespace;
    }

    /**
     * Creates a namespace for what is started in it and closes it with itself (a browser); closes the
     * namespace if starting fails.
     */
    static <T> T createFor(Function<NetworkNamespace, T> start) {
        NetworkNamespace namespace = create();
        try {
            return start.apply(namespace);
        } catch (RuntimeException e) {
            namespace.close();
            throw e;
        }
    }

    /**
     * Inside, the machine's name server is behind the default route, which leads nowhere: a look-up of a name
     * that is not in /etc/hosts would wait for the resolver's timeouts (5 s and more: Chromium's window waits
     * for one). A resolv.conf of the namespace's own (ip netns exec mounts /etc/netns/NAME/ over /etc) names
     * 127.0.0.1, where nothing listens, so such a look-up fails at once. Best effort: without it, only slower.
     */
    private void resolveNothingOutside() {
        try {
            this.createdEtcNetns = Files.notExists(this.etc.getParent());
            Files.createDirectories(this.etc);
            Files.writeString(this.etc.resolve("resolv.conf"), "# browser-testkit: no name server in this network"
                    + " namespace\nnameserver 127.0.0.1\n");
        } catch (IOException e) {
            // A read-only /etc: names not in /etc/hosts take the resolver's timeouts to fail.
        }
    }

    /** The namespace's name, as {@code ip netns} knows it. */
    public String name() {
        return this.name;
    }

    /** A command run inside the namespace: {@code ip netns exec <name> <command…>}. */
    public List<String> command(List<String> command) {
        return Stream.concat(Stream.of(ip().toString(), "netns", "exec", this.name), command.stream()).toList();
    }

    /**
     * Makes the machine's 127.0.0.1:port reachable inside the namespace at its 127.0.0.1:port (so that
     * a page of {@code https://localhost:<port>/} keeps its origin). Doing it again for a port is a no-op.
     *
     * @throws IllegalStateException if the port cannot be listened on inside
     */
    public synchronized void forwardToHost(int port) {
        if (this.forwarded.contains(port)) {
            return;
        }
        Path socket = this.sockets.resolve("to-host-" + port + ".sock");
        listen(UnixDomainSocketAddress.of(socket), new InetSocketAddress(loopback(), port));
        inside().send("tcp " + port + " " + socket);
        this.forwarded.add(port);
    }

    /**
     * For a URL of the machine's {@code localhost} (or 127.0.0.1), its port forwarded as
     * {@link #forwardToHost(int)} does, so that a browser inside opens it with the same origin; any other
     * URL is left alone.
     */
    public void forwardToHost(String url) {
        URI uri = URI.create(url);
        if ("localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost())) {
            forwardToHost(uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80);
        }
    }

    /**
     * An executable script that runs a program inside the namespace with the arguments it is given, for
     * what takes an executable rather than a command (Selenium's driver service); deleted on {@link #close()}.
     */
    public synchronized Path launcher(Path program) {
        Path script = this.sockets.resolve(program.getFileName() + "-in-namespace");
        try {
            String quoted = command(List.of(program.toString())).stream()
                    .map((word) -> "'" + word.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
            Files.writeString(script, "#!/bin/sh\nexec " + quoted + " \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + script, e);
        }
        return script;
    }

    /**
     * Reserves a free port of the machine's 127.0.0.1 and relays it to the same port of the namespace's
     * 127.0.0.1, for a server started inside afterwards to listen on (Firefox's remote agent,
     * chromedriver, Chromium's DevTools): the port is the same on both sides, as such a server checks the
     * port of the {@code Host} header. Until
     * something listens inside, connections to it are closed at once.
     *
     * @return the port
     */
    public synchronized int exposeToHost() {
        String socket = this.sockets.resolve("from-namespace-" + this.relays.size() + ".sock").toString();
        SocketRelay relay = listen(new InetSocketAddress(loopback(), 0), UnixDomainSocketAddress.of(socket));
        int port = ((InetSocketAddress) relay.address()).getPort();
        inside().send("unix " + socket + " " + port);
        return port;
    }

    /** Ends every process left inside, the relays and their sockets, and deletes the namespace. */
    @Override
    public synchronized void close() {
        if (this.inside != null) {
            this.inside.close();
            this.inside = null;
        }
        this.relays.forEach(SocketRelay::close);
        this.relays.clear();
        // What a test started in here and did not end (a browser's child processes, say) is ended with it.
        String pids = runQuietly(List.of(ip().toString(), "netns", "pids", this.name));
        if (pids != null) {
            pids.lines().map(String::trim).filter((pid) -> pid.matches("\\d+")).map(Long::parseLong)
                    .forEach((pid) -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
        runQuietly(List.of(ip().toString(), "netns", "delete", this.name));
        HeadlessBrowser.deleteRecursively(this.sockets);
        HeadlessBrowser.deleteRecursively(this.etc);
        if (this.createdEtcNetns) {
            try {
                Files.deleteIfExists(this.etc.getParent());
            } catch (IOException e) {
                // Another namespace's files are there now.
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(this.cleanUpAtExit);
        } catch (IllegalStateException e) {
            // Closing at exit, by that hook.
        }
    }

    @Override
    public String toString() {
        return "network namespace " + this.name;
    }

    private SocketRelay listen(java.net.SocketAddress address, java.net.SocketAddress target) {
        try {
            SocketRelay relay = SocketRelay.start(address, target);
            this.relays.add(relay);
            return relay;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + address + " for " + this, e);
        }
    }

    private Inside inside() {
        if (this.inside == null) {
            this.inside = Inside.start(this);
        }
        return this.inside;
    }

    /** Namespaces of JVMs that were killed before they could close theirs. */
    private static void deleteLeftovers() {
        String list = runQuietly(List.of(ip().toString(), "netns", "list"));
        if (list == null) {
            return;
        }
        list.lines().map((line) -> line.split(" ")[0]).forEach((name) -> {
            Matcher matcher = NAME.matcher(name);
            if (matcher.matches() && ProcessHandle.of(Long.parseLong(matcher.group(1))).isEmpty()) {
                runQuietly(List.of(ip().toString(), "netns", "delete", name));
                HeadlessBrowser.deleteRecursively(Path.of("/etc/netns", name));
            }
        });
    }

    private static long effectiveCapabilities() {
        try (Stream<String> status = Files.lines(Path.of("/proc/self/status"))) {
            return status.filter((line) -> line.startsWith("CapEff:")).findFirst()
                    .map((line) -> Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16)).orElse(0L);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] { 127, 0, 0, 1 });
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command to its end, giving it the input; its output, or an exception with its output if it fails. */
    private static String run(List<String> command, String input) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (Writer stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
                stdin.write(input);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end in "
                        + COMMAND_TIMEOUT.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit code " + process.exitValue()
                        + "): " + output.trim());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted running " + String.join(" ", command), e);
        }
    }

    private static String runQuietly(List<String> command) {
        try {
            return run(command, "");
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The relays' program inside the namespace ({@link NamespaceRelays}), and its answers. */
    private static final class Inside implements AutoCloseable {

        private final Process process;
        private final Writer commands;
        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        private final Deque<String> otherOutput = new ArrayDeque<>();

        private Inside(Process process) {
            this.process = process;
            this.commands = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(this::read, "netns-relays-output-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        static Inside start(NetworkNamespace namespace) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classes;
            try {
                classes = Path.of(NamespaceRelays.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                        .toString();
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            // A small JVM: a few threads copying bytes.
            List<String> command = namespace.command(List.of(java, "-Xmx32m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true", "-cp", classes,
                    NamespaceRelays.class.getName()));
            try {
                return new Inside(new ProcessBuilder(command).redirectErrorStream(true).start());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the relays inside " + namespace, e);
            }
        }

        /** Sends a command and waits for its answer. */
        void send(String command) {
            String answer;
            try {
                this.commands.write(command + "\n");
                this.commands.flush();
                answer = this.answers.poll(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new IllegalStateException("The relays inside the namespace are gone: " + otherOutput(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted", e);
            }
            if (answer == null) {
                throw new IllegalStateException("The relays inside the namespace did not answer " + command + " in "
                        + COMMAND_TIMEOUT.toSeconds() + " s: " + otherOutput());
            }
            if (!answer.equals("ok")) {
                throw new IllegalStateException("The relays inside the namespace: " + answer);
            }
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.equals("ok") || line.startsWith("error ")) {
                        this.answers.add(line);
                    } else {
                        synchronized (this.otherOutput) {
                            this.otherOutput.addLast(line);
                            if (this.otherOutput.size() > 20) {
                                this.otherOutput.removeFirst();
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // Gone.
            }
            this.answers.add("error the relays' program ended: " + otherOutput());
        }

        private String otherOutput() {
            synchronized (this.otherOutput) {
                return String.join("\n  ", this.otherOutput);
            }
        }

        /** Ends it by ending its input, as it does; forcibly if it does not. */
        @Override
        public void close() {
            try {
                this.commands.close();
                if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
                    this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (IOException e) {
                this.process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                this.process.destroyForcibly();
            }
        }
    }
}
