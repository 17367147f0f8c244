package io.stompede.application;

/**
 * Receives the SENDs to an application destination prefix (such as {@code /app/}) instead of
 * routing them: this is where an embedding application turns a client's message into its own
 * logic, for example a chat message sent to {@code /app/chat} into a broadcast to
 * {@code /topic/chat/room/5}.
 *
 * <p>Called on the sender's session thread, one SEND at a time per session but concurrently for
 * different sessions: implementations must be thread-safe and should not block. A RECEIPT the
 * client asked for is sent after the handler returns.
 */
@FunctionalInterface
public interface ApplicationHandler {
    /**
     * Handles one SEND.
     *
     * @throws MessageRejectedException to refuse it: the sender gets ERROR and is disconnected
     */
    void handle(ApplicationMessage message, ApplicationContext context) throws MessageRejectedException;
}
