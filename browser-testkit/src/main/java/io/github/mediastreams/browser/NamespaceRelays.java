package io.github.mediastreams.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The inside half of a {@link NetworkNamespace}'s relays: a small program that {@link NetworkNamespace}
 * runs in its namespace ({@code ip netns exec <ns> java -cp <this kit> …NamespaceRelays}), as a JVM's
 * sockets are all in one namespace. It reads one command a line on its standard input, starts a
 * {@link SocketRelay}, and answers {@code ok} or {@code error <why>} on its standard output:
 *
 * <ul>
 *   <li>{@code tcp <port> <socket>}: listens on the namespace's 127.0.0.1:port, relays to the Unix domain socket;</li>
 *   <li>{@code unix <socket> <port>}: listens on the Unix domain socket, relays to the namespace's 127.0.0.1:port.</li>
 * </ul>
 *
 * When its standard input ends (the test's JVM closed it, or died) it closes every relay and exits.
 */
final class NamespaceRelays {

    private NamespaceRelays() {
    }

    public static void main(String[] args) throws IOException {
        List<SocketRelay> relays = new ArrayList<>();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null) {
            try {
                relays.add(start(command.trim().split(" ")));
                System.out.println("ok");
            } catch (IOException | RuntimeException e) {
                System.out.println("error " + command + ": " + e);
            }
            System.out.flush();
        }
        relays.forEach(SocketRelay::close);
    }

    private static SocketRelay start(String[] command) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        if (command.length == 3 && "tcp".equals(command[0])) {
            return SocketRelay.start(new InetSocketAddress(loopback, Integer.parseInt(command[1])),
                    UnixDomainSocketAddress.of(command[2]));
        }
        if (command.length == 3 && "unix".equals(command[0])) {
            return SocketRelay.start(UnixDomainSocketAddress.of(command[1]),
                    new InetSocketAddress(loopback, Integer.parseInt(command[2])));
        }
        throw new IllegalArgumentException("not a command: tcp <port> <socket> | unix <socket> <port>");
    }
}
