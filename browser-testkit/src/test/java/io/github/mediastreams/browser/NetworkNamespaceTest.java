package io.github.mediastreams.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The network namespace a browser runs in, made for real ({@code ip netns}, root): what is inside, what reaches
 * in and out through its relays, and that nothing of it is left after it is closed. Firefox inside one:
 * {@link HeadlessBrowserTest}.
 */
class NetworkNamespaceTest {

    private NetworkNamespace namespace;

    @BeforeEach
    void create() {
        NetworkNamespace.assumeAvailable();
        this.namespace = NetworkNamespace.create();
    }

    @AfterEach
    void close() {
        if (this.namespace != null) {
            this.namespace.close();
        }
    }

    @Test
    void insideAreOnlyLoopbackAndTheVethPairTheDefaultRouteGoesThrough() throws Exception {
        List<String> addresses = inside("ip -o addr show").lines().map((line) -> line.trim().split("\\s+"))
                .map((fields) -> fields[1] + " " + fields[2] + " " + fields[3]).toList();

        assertThat(addresses).as("IPv4 only, loopback and 198.18.0.0/15").containsExactlyInAnyOrder(
                "lo inet 127.0.0.1/8", "veth0 inet 198.18.0.1/30", "veth1 inet 198.18.0.2/30");
        assertThat(inside("ip route show default")).startsWith("default via 198.18.0.2 dev veth0");
        assertThat(inside("ip -o link show").lines()).as("no interface of the machine's").hasSize(3);
        assertThat(inside("grep ^nameserver /etc/resolv.conf")).as("no name server behind the route to nowhere")
                .isEqualTo("nameserver 127.0.0.1\n");
    }

    @Test
    void closingEndsWhatRunsInsideAndDeletesTheNamespace() throws Exception {
        Process sleeper = new ProcessBuilder(this.namespace.command(List.of("sleep", "600"))).start();
        int port = this.namespace.exposeToHost();
        assertThat(ipNetnsList()).contains(this.namespace.name());

        this.namespace.close();

        assertThat(sleeper.waitFor(10, TimeUnit.SECONDS)).as("the process inside ended").isTrue();
        assertThat(ipNetnsList()).doesNotContain(this.namespace.name());
        assertThat(Path.of("/run/netns", this.namespace.name())).doesNotExist();
        assertThat(Path.of("/etc/netns", this.namespace.name())).as("its resolv.conf").doesNotExist();
        assertThatThrownBy(() -> new Socket(NetworkNamespace.loopback(), port).close())
                .as("the relay's port is closed").isInstanceOf(IOException.class);
        assertThat(ProcessHandle.current().descendants().filter((p) -> p.info().commandLine().orElse("")
                .contains(NamespaceRelays.class.getName()))).as("the relays' program inside ended").isEmpty();
    }

    @Test
    void theMachinesLoopbackIsReachedInsideOnlyThroughAForwardedPort() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, NetworkNamespace.loopback())) {
            int port = server.getLocalPort();
            String connect = "exec 3<>/dev/tcp/127.0.0.1/" + port + " && echo hello >&3 && head -n 1 <&3";
            assertThat(insideExitCode(connect)).as("not forwarded: nothing listens inside").isNotZero();

            this.namespace.forwardToHost("https://localhost:" + port + "/page.html");
            this.namespace.forwardToHost(port);
            Thread answer = new Thread(() -> {
                try (Socket client = server.accept()) {
                    String line = new String(client.getInputStream().readNBytes(6), StandardCharsets.UTF_8);
                    client.getOutputStream().write(line.toUpperCase().getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // The assertion below fails.
                }
            });
            answer.start();

            assertThat(inside(connect)).isEqualTo("HELLO\n");
            answer.join(10_000);
        }
    }

    @Test
    void aLauncherRunsItsProgramInsideWithItsArguments() throws Exception {
        Path launcher = this.namespace.launcher(NetworkNamespace.ip());
        Process process = new ProcessBuilder(launcher.toString(), "-o", "-4", "addr", "show", "dev", "veth0")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("inet 198.18.0.1/30");
        this.namespace.close();
        assertThat(launcher).as("deleted with the namespace").doesNotExist();
    }

    @Test
    void anExposedPortReachesAServerInsideAndCarriesBytesBothWaysToTheEndOfStream() throws Exception {
        int port = this.namespace.exposeToHost();
        Process server = inside(Echo.class, port);
        try {
            byte[] request = new byte[1_000_000];
            Arrays.fill(request, (byte) 'a');
            try (Socket client = new Socket(NetworkNamespace.loopback(), port)) {
                client.setSoTimeout(20_000);
                client.getOutputStream().write(request);
                client.shutdownOutput();
                assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .as("the server read to the end of the stream, and its answer came back")
                        .isEqualTo("got 1000000 bytes inside a namespace whose addresses are [198.18.0.1, 198.18.0.2]");
            }
        } finally {
            server.destroy();
        }
    }

    /**
     * A server run in the namespace ({@link #inside(Class, int)}): it answers one connection, after its end of
     * stream, with how much it read and the addresses it sees.
     */
    static final class Echo {

        public static void main(String[] args) throws IOException {
            try (ServerSocket server = new ServerSocket(Integer.parseInt(args[0]), 1, NetworkNamespace.loopback())) {
                System.out.println("listening");
                System.out.flush();
                try (Socket client = server.accept()) {
                    int read = client.getInputStream().readAllBytes().length;
                    List<String> addresses = Collections.list(NetworkInterface.getNetworkInterfaces())
                            .stream().flatMap(NetworkInterface::inetAddresses)
                            .filter((address) -> !address.isLoopbackAddress()).map(InetAddress::getHostAddress)
                            .sorted().toList();
                    client.getOutputStream().write(("got " + read + " bytes inside a namespace whose addresses are "
                            + addresses).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** Starts a program of these tests' classes in the namespace, once it printed a line (that it is ready). */
    private Process inside(Class<?> program, int port) throws Exception {
        String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes = Path.of(program.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String mainClasses = Path.of(NetworkNamespace.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        Process process = new ProcessBuilder(this.namespace.command(List.of(launcher, "-Djava.net.preferIPv4Stack=true",
                "-cp", classes + File.pathSeparator + mainClasses, program.getName(), String.valueOf(port))))
                .redirectErrorStream(true).start();
        String ready = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertThat(ready).as(program.getSimpleName() + " started").isEqualTo("listening");
        return process;
    }

    /** Runs a bash command line in the namespace; its output, after checking it succeeded. */
    private String inside(String shell) throws Exception {
        Process process = bashInside(shell);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(shell + ": " + output).isZero();
        return output;
    }

    private int insideExitCode(String shell) throws Exception {
        Process process = bashInside(shell);
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    private Process bashInside(String shell) throws IOException {
        return new ProcessBuilder(this.namespace.command(List.of("/bin/bash", "-c", shell))).redirectErrorStream(true)
                .start();
    }

    private static String ipNetnsList() throws Exception {
        Process process = new ProcessBuilder(NetworkNamespace.ip().toString(), "netns", "list").start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(20, TimeUnit.SECONDS);
        return output;
    }
}
