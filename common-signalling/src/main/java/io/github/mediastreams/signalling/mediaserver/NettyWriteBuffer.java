package io.github.mediastreams.signalling.mediaserver;

import java.lang.reflect.Field;

import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import org.kurento.jsonrpc.client.JsonRpcClientNettyWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps kurento-client's WebSocket from reconnecting under load.
 *
 * <p>
 * kurento-client 7.3.0 treats any change of its Netty channel's writability as a lost connection
 * ({@code JsonRpcClientNettyWebSocket}'s handler reconnects, and every live session's media is gone). Netty makes a
 * channel unwritable when more than 64 KB wait to be written, which a burst of session starts reaches: twenty SDP
 * offers. Raising the channel's water marks on every new channel keeps its writability from changing, so bursts just
 * queue. The client keeps the channel in a private field; this is the only place that reaches into it.
 */
final class NettyWriteBuffer {

	private static final Logger log = LoggerFactory.getLogger(NettyWriteBuffer.class);

	static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024 * 1024, 64 * 1024 * 1024);

	private NettyWriteBuffer() {
	}

	static void raise(JsonRpcClientNettyWebSocket client) {
		try {
			Field field = JsonRpcClientNettyWebSocket.class.getDeclaredField("channel");
			field.setAccessible(true);
			if (field.get(client) instanceof Channel channel) {
				channel.config().setWriteBufferWaterMark(WATER_MARK);
			}
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			log.warn("Could not raise the write buffer of the media server connection; bursts may reconnect it: {}",
					ex.toString());
		}
	}
}
