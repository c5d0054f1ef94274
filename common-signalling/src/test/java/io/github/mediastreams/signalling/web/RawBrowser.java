package io.github.mediastreams.signalling.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

import javax.net.ssl.SSLSocket;

import io.github.mediastreams.testkit.signalling.TestTls;

/**
 * A browser at the TCP level, for what a WebSocket library never does: it opens the connection, may send messages,
 * and then neither reads nor answers pings, as a laptop closed mid-call or a network gone without a FIN. Its receive
 * buffer is small, so the server's sends back up quickly. Over TLS, trusting the test's self-signed certificate.
 */
final class RawBrowser implements AutoCloseable {

	private final Socket socket;

	private final OutputStream out;

	private RawBrowser(Socket socket) throws IOException {
		this.socket = socket;
		this.out = socket.getOutputStream();
	}

	/**
	 * Opens a WebSocket on the app and reads the handshake's answer, and nothing after it.
	 * @param port the app's HTTPS port on localhost
	 * @param path the WebSocket path
	 * @return the connected browser
	 */
	static RawBrowser connect(int port, String path) {
		try {
			Socket tcp = new Socket();
			tcp.setReceiveBufferSize(4096);
			tcp.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			SSLSocket tls = (SSLSocket) TestTls.trustingAnyCertificate().getSocketFactory().createSocket(tcp, "localhost", port, true);
			tls.startHandshake();
			RawBrowser browser = new RawBrowser(tls);
			byte[] key = new byte[16];
			ThreadLocalRandom.current().nextBytes(key);
			String request = "GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
					+ "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
					+ Base64.getEncoder().encodeToString(key) + "\r\nOrigin: https://localhost:" + port + "\r\n\r\n";
			browser.out.write(request.getBytes(StandardCharsets.US_ASCII));
			browser.out.flush();
			String status = browser.readHandshakeAnswer(tls.getInputStream());
			if (!status.startsWith("HTTP/1.1 101")) {
				throw new IllegalStateException("The app refused the WebSocket: " + status);
			}
			return browser;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @param text a text frame to send, masked as a browser's are */
	void send(String text) {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		try {
			this.out.write(0x81);
			if (payload.length < 126) {
				this.out.write(0x80 | payload.length);
			}
			else {
				this.out.write(0x80 | 127);
				for (int shift = 56; shift >= 0; shift -= 8) {
					this.out.write((int) ((long) payload.length >>> shift) & 0xff);
				}
			}
			this.out.write(mask);
			for (int i = 0; i < payload.length; i++) {
				this.out.write(payload[i] ^ mask[i % 4]);
			}
			this.out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// Closing is all that was asked.
		}
	}

	// Byte by byte, so that nothing after the headers is read.
	private String readHandshakeAnswer(InputStream in) throws IOException {
		StringBuilder headers = new StringBuilder();
		while (!headers.toString().endsWith("\r\n\r\n")) {
			int next = in.read();
			if (next < 0) {
				throw new IOException("Connection closed during the WebSocket handshake: " + headers);
			}
			headers.append((char) next);
		}
		return headers.substring(0, headers.indexOf("\r\n"));
	}
}
