package io.stompede.netty;

import java.time.Duration;
import java.util.Set;

/**
 * The per-connection settings every listener of a server shares. Immutable.
 *
 * @param maxWebSocketMessageSize the largest WebSocket frame payload accepted, in bytes
 * @param webSocketMessageType    which message kind carries outbound frames
 * @param webSocketFraming        whether each outbound frame has a WebSocket message of its own
 * @param allowedOrigins          browser origins allowed to upgrade; empty allows all
 * @param closeLinger             how long a close waits for queued bytes to reach the peer
 */
record TransportSettings(int maxWebSocketMessageSize, WebSocketMessageType webSocketMessageType,
                         WebSocketFraming webSocketFraming, Set<String> allowedOrigins, Duration closeLinger) {
}
