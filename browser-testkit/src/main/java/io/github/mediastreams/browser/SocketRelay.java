package io.github.mediastreams.browser;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Carries the connections made to where it listens (a TCP address or a Unix domain socket) on to a
 * target (either kind), byte for byte both ways: each connection accepted is joined to a new
 * connection to the target, each direction copied by a thread of its own. An end of stream is passed
 * on as a half close, so a request-then-close client works; a failure on either side closes both.
 * {@link NetworkNamespace} joins TCP inside a namespace to TCP outside it with two of these and a
 * Unix domain socket between them (the file system is shared, the network is not).
 */
final class SocketRelay implements AutoCloseable {

    private static final int BUFFER = 64 * 1024;

    private final ServerSocketChannel server;
    private final SocketAddress target;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();

    private SocketRelay(ServerSocketChannel server, SocketAddress target) {
        this.server = server;
        this.target = target;
    }

    /**
     * Listens at an address (for TCP, port 0 picks a free one) and relays what connects to the target.
     *
     * @throws IOException if it cannot listen there (e.g. the port is taken)
     */
    static SocketRelay start(SocketAddress listen, SocketAddress target) throws IOException {
        ServerSocketChannel server = listen instanceof UnixDomainSocketAddress
                ? ServerSocketChannel.open(StandardProtocolFamily.UNIX) : ServerSocketChannel.open();
        try {
            server.bind(listen);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        SocketRelay relay = new SocketRelay(server, target);
        Thread acceptor = new Thread(relay::accept, "relay-" + listen + "-to-" + target);
        acceptor.setDaemon(true);
        acceptor.start();
        return relay;
    }

    /** Where it listens (with the port chosen, for TCP port 0). */
    SocketAddress address() {
        try {
            return this.server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("The relay to " + this.target + " is closed", e);
        }
    }

    private void accept() {
        while (this.server.isOpen()) {
            SocketChannel client;
            try {
                client = this.server.accept();
            } catch (IOException e) {
                return; // closed
            }
            SocketChannel upstream;
            try {
                upstream = SocketChannel.open(this.target);
            } catch (IOException e) {
                // Nothing listens at the target: the client sees its connection closed, as it would a refusal.
                closeQuietly(client);
                continue;
            }
            this.connections.add(client);
            this.connections.add(upstream);
            AtomicInteger directions = new AtomicInteger(2);
            copy(client, upstream, directions);
            copy(upstream, client, directions);
        }
    }

    private void copy(SocketChannel from, SocketChannel to, AtomicInteger directions) {
        Thread copier = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            try {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                    buffer.clear();
                }
                to.shutdownOutput();
                if (directions.decrementAndGet() == 0) {
                    end(from, to);
                }
            } catch (IOException e) {
                end(from, to);
            }
        }, "relay-copy-" + this.target);
        copier.setDaemon(true);
        copier.start();
    }

    private void end(SocketChannel one, SocketChannel other) {
        closeQuietly(one);
        closeQuietly(other);
        this.connections.remove(one);
        this.connections.remove(other);
    }

    /** Stops listening and closes every connection it carries; a Unix domain socket's file is deleted. */
    @Override
    public void close() {
        SocketAddress listening = null;
        try {
            listening = this.server.getLocalAddress();
        } catch (IOException e) {
            // Already closed.
        }
        closeQuietly(this.server);
        this.connections.forEach(SocketRelay::closeQuietly);
        this.connections.clear();
        if (listening instanceof UnixDomainSocketAddress unix) {
            try {
                Files.deleteIfExists(unix.getPath());
            } catch (IOException e) {
                // Its directory is deleted by the owner.
            }
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing is all that is wanted.
        }
    }
}
