package io.stompede.application;

import io.stompede.frame.Frame;

/**
 * Sees every frame a client sends, CONNECT included, before the broker acts on it, and may refuse
 * it. Called on the session's thread; implementations must be thread-safe and quick.
 */
@FunctionalInterface
public interface FrameInterceptor {
    /**
     * Inspects an inbound frame.
     *
     * @param session the sender; its principal is {@code null} until CONNECT succeeded
     * @throws MessageRejectedException to refuse the frame: the client gets ERROR and is closed
     */
    void inbound(SessionInfo session, Frame frame) throws MessageRejectedException;
}
