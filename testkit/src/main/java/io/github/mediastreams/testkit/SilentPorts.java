package io.github.mediastreams.testkit;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ports the double's ICE candidates name: a UDP socket that takes every packet and answers none, and a TCP
 * listener that is never accepted from. A browser's connectivity checks to them go unanswered, as to a KMS behind a
 * firewall that drops its media ports, so its ICE goes on checking until its own timeout. Ports nothing is bound to
 * would answer with ICMP port unreachable or a reset instead, on which a browser gives ICE up within a fraction of a
 * second: a page would then fail before a test had looked at it.
 *
 * <p>An address the double cannot bind to (a {@code candidateAddress} of another machine) gets random ports, as
 * there the packets go nowhere anyway.
 */
final class SilentPorts implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(SilentPorts.class);

  private final String address;
  private final DatagramSocket udp;
  private final ServerSocket tcp;

  private SilentPorts(String address, DatagramSocket udp, ServerSocket tcp) {
    this.address = address;
    this.udp = udp;
    this.tcp = tcp;
  }

  /**
   * Binds both ports on the address, or neither.
   *
   * @param address the address the candidates name
   * @return the ports
   */
  static SilentPorts bind(String address) {
    DatagramSocket udp = null;
    try {
      InetAddress local = InetAddress.getByName(address);
      udp = new DatagramSocket(new InetSocketAddress(local, 0));
      // A small receive buffer: what arrives is never read, and the kernel drops the rest silently.
      udp.setReceiveBufferSize(4096);
      ServerSocket tcp = new ServerSocket(0, 50, local);
      return new SilentPorts(address, udp, tcp);
    } catch (IOException | SecurityException e) {
      if (udp != null) {
        udp.close();
      }
      log.debug("Cannot bind the candidates' ports on {} ({}); they are random", address, e.toString());
      return new SilentPorts(address, null, null);
    }
  }

  /** @return the address the candidates name */
  String address() {
    return address;
  }

  /** @return the UDP port, or 0 if none is bound */
  int udpPort() {
    return udp != null ? udp.getLocalPort() : 0;
  }

  /** @return the TCP port, or 0 if none is bound */
  int tcpPort() {
    return tcp != null ? tcp.getLocalPort() : 0;
  }

  @Override
  public void close() {
    if (udp != null) {
      udp.close();
    }
    if (tcp != null) {
      try {
        tcp.close();
      } catch (IOException e) {
        log.debug("Could not close the candidates' TCP port", e);
      }
    }
  }
}
