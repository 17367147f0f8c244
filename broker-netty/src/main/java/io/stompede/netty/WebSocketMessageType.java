package io.stompede.netty;

/**
 * Which kind of WebSocket message carries the frames the broker sends. STOMP frames are text
 * except for their bodies, which may be any bytes; browsers accept both kinds.
 */
public enum WebSocketMessageType {
    /**
     * The kind the client used for its last message (text until it has sent one), so that a
     * client which only handles what it sends itself is always understood.
     */
    AUTO,
    /** Always text messages. */
    TEXT,
    /** Always binary messages: safe for bodies that are not UTF-8. */
    BINARY
}
