package io.stompede.netty;

/**
 * Which kind of WebSocket message carries the frames the broker sends. STOMP frames are text
 * except for their bodies, which may be any bytes; browsers accept both kinds. Whatever the
 * setting, a frame that is not valid UTF-8 goes out as a binary message, since a client must drop
 * the connection on a text message that is not UTF-8.
 */
public enum WebSocketMessageType {
    /**
     * The kind the client used for its last message (text until it has sent one), so that a
     * client which only handles what it sends itself is always understood.
     */
    AUTO,
    /** Text messages, except for frames that are not UTF-8. */
    TEXT,
    /** Always binary messages: safe for bodies that are not UTF-8. */
    BINARY
}
