package io.stompede.examples.chat;

import io.stompede.security.Authorizer;
import io.stompede.security.Permission;
import io.stompede.security.StompPrincipal;
import java.util.Set;

/**
 * What a signed-in client may do: SEND only to the chat's application destinations, whose
 * handlers set the writer, and SUBSCRIBE only to the room list and to one room at a time. So no
 * client can SEND straight to a room's topic (bypassing the writer), nor listen to the internal
 * presence topic or to every room through a wildcard. Any room number is allowed, as an answer
 * must not change while a session lives and rooms are created at any time. Stateless.
 */
final class ChatAccess implements Authorizer {
    private static final Set<String> SENDS = Set.of(
            ChatDestinations.PUBLISH_CHAT, ChatDestinations.PUBLISH_ROOMS, ChatDestinations.PUBLISH_MEMBERS);

    @Override
    public boolean allows(StompPrincipal principal, Permission permission, String destination) {
        return switch (permission) {
            case SEND -> SENDS.contains(destination);
            case SUBSCRIBE -> destination.equals(ChatDestinations.ROOMS)
                    || ChatDestinations.roomOf(destination).isPresent();
        };
    }
}
