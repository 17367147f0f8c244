package io.stompede.examples.springchat;

import io.stompede.examples.chat.ChatDestinations;
import io.stompede.security.Authorizer;
import io.stompede.security.Permission;
import io.stompede.security.StompPrincipal;
import org.springframework.stereotype.Component;

/**
 * What a client may do at the broker, as Stompede's access rules, which the starter applies to
 * the Spring session's principal. The broker sees only its own destinations (frames to
 * {@code /publish/...} go to the controller), so: SEND nothing, since clients write through the
 * controller, which sets the writer, and so no client writes to a room's topic as someone else;
 * SUBSCRIBE to the room list, to one room at a time (no wildcard over every room) and to the
 * session's own error queue, which is how the broker sees {@code /user/queue/errors}:
 * {@code /queue/errors-user{session}}, named by Spring's random session id, which no other client
 * knows. A refusal is the broker's ERROR ({@code access denied}, the destination in its body),
 * written in order with the session's other frames, and the connection closes. Stateless.
 */
@Component
final class RoomAccess implements Authorizer {
    /** The broker's name for a session's {@code /user/queue/errors}, but for the session's id. */
    static final String ERRORS_QUEUE = "/queue/errors-user";

    @Override
    public boolean allows(StompPrincipal principal, Permission permission, String destination) {
        return switch (permission) {
            case SEND -> false;
            case SUBSCRIBE -> destination.equals(ChatDestinations.ROOMS) || destination.startsWith(ERRORS_QUEUE)
                    || ChatDestinations.roomOf(destination).isPresent();
        };
    }
}
