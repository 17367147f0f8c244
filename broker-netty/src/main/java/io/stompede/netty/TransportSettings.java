package io.stompede.netty;

import io.netty.channel.ChannelHandler;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The per-connection settings every listener of a server shares. Immutable.
 *
 * @param maxWebSocketMessageSize the largest WebSocket frame payload accepted, in bytes
 * @param webSocketMessageType    which message kind carries outbound frames
 * @param webSocketFraming        whether each outbound frame has a WebSocket message of its own
 * @param allowedOrigins          browser origins allowed to upgrade; empty allows all
 * @param closeLinger             how long a close waits for queued bytes to reach the peer
 * @param httpHandler             makes the handler of a WebSocket listener's plain HTTP requests,
 *                                one per connection; {@code null} for none (every such request gets 404)
 */
record TransportSettings(int maxWebSocketMessageSize, WebSocketMessageType webSocketMessageType,
                         WebSocketFraming webSocketFraming, Set<String> allowedOrigins, Duration closeLinger,
                         Supplier<? extends ChannelHandler> httpHandler) {
}
