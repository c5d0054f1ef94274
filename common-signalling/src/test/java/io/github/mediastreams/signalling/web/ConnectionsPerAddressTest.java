package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

/** What counts as one address: IPv4 addresses one by one, IPv6 ones by their /64 network. */
class ConnectionsPerAddressTest {

	private final ConnectionsPerAddress connections = new ConnectionsPerAddress(2);

	@Test
	void addressesOfOneIpv6NetworkShareTheLimit() throws Exception {
		assertThat(this.connections.tryAcquire(InetAddress.getByName("2001:db8:1:2::1"))).isTrue();
		assertThat(this.connections.tryAcquire(InetAddress.getByName("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))).isTrue();

		assertThat(this.connections.tryAcquire(InetAddress.getByName("2001:db8:1:2::ffff")))
			.as("a third address of the same /64").isFalse();
		assertThat(this.connections.tryAcquire(InetAddress.getByName("2001:db8:1:3::1")))
			.as("an address of the next /64").isTrue();

		this.connections.release(InetAddress.getByName("2001:db8:1:2::1"));
		assertThat(this.connections.tryAcquire(InetAddress.getByName("2001:db8:1:2::ffff"))).isTrue();
	}

	@Test
	void ipv4AddressesCountOneByOne() throws Exception {
		assertThat(this.connections.tryAcquire(InetAddress.getByName("198.18.0.1"))).isTrue();
		assertThat(this.connections.tryAcquire(InetAddress.getByName("198.18.0.1"))).isTrue();

		assertThat(this.connections.tryAcquire(InetAddress.getByName("198.18.0.1"))).isFalse();
		assertThat(this.connections.tryAcquire(InetAddress.getByName("198.18.0.2"))).isTrue();
		assertThat(this.connections.tryAcquire(InetAddress.getByName("::ffff:198.18.0.1")))
			.as("the same address written as IPv4-mapped IPv6").isFalse();
	}
}
