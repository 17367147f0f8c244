package io.stompede.netty;

/**
 * How the STOMP frames the broker sends are cut into WebSocket messages. Either way the frames
 * written together (a burst of deliveries) leave in one write to the socket; what differs is the
 * number of WebSocket messages they make.
 */
public enum WebSocketFraming {
    /**
     * Each frame, and each heart-beat, in a WebSocket message of its own: what every client
     * understands, including the many (hand-written, mobile, embedded) that hand each message's
     * payload to a parser that expects exactly one frame. The cost is a WebSocket header per frame,
     * 2 bytes for a frame under 126 bytes, 4 under 64 KiB, 10 above. The default.
     */
    ONE_FRAME_PER_MESSAGE,
    /**
     * The frames written between two flushes share messages of up to 16 KiB (a larger frame
     * still has one of its own, and a heart-beat is always alone): fewer, larger messages for the
     * client to take in. Only for clients that parse the payloads as one stream, as STOMP over
     * WebSocket allows: stompjs ({@code @stomp/stompjs}) and Spring's {@code WebSocketStompClient}
     * do. A client that reads one frame per message would see the first frame of each and lose the rest.
     */
    BATCHED
}
