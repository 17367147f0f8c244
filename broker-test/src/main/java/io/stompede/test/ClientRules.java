package io.stompede.test;

import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules of the STOMP specification a client's frames must keep, checked frame by frame
 * against what the session has seen so far; what breaks one becomes a {@link Violation}. The
 * broker forgives some of these (it answers an unknown ACK id with an ERROR, say), but a client
 * that breaks them is wrong, and a strict {@link TestBroker} says so. Confined to the recording's
 * lock.
 */
final class ClientRules {
    private boolean connected;
    private boolean version10 = true;
    private final Set<String> ackIds = new HashSet<>();
    private final Set<String> messageIds = new HashSet<>();
    private final Set<String> subscriptions = new HashSet<>();

    /** A rule broken, which, and by what frame. */
    record Violation(String rule, Frame frame) {
        @Override
        public String toString() {
            return rule + ": " + frame.command() + " " + frame.headers();
        }
    }

    /** Learns from a frame the broker sent: the version agreed, the ids a client may acknowledge. */
    void brokerSent(Frame frame) {
        if (frame.command() == Command.CONNECTED) {
            version10 = frame.header("version") == null || "1.0".equals(frame.header("version"));
        } else if (frame.command() == Command.MESSAGE) {
            if (frame.header("ack") != null) {
                ackIds.add(frame.header("ack"));
            }
            if (frame.header("message-id") != null) {
                messageIds.add(frame.header("message-id"));
            }
        }
    }

    /** The rules a frame the client sent breaks, given what came before; empty when it keeps them. */
    List<Violation> clientSent(Frame frame) {
        Command command = frame.command();
        if (!connected) {
            if (command == Command.CONNECT || command == Command.STOMP) {
                connected = true;
                return List.of();
            }
            return List.of(new Violation("a frame before CONNECT (STOMP 1.2, Connecting)", frame));
        }
        return switch (command) {
            case CONNECT, STOMP -> List.of(new Violation("a second CONNECT on one connection", frame));
            case SEND -> frame.header("destination") == null
                    ? List.of(new Violation("SEND without destination (STOMP 1.2, SEND)", frame)) : List.of();
            case SUBSCRIBE -> subscribe(frame);
            case UNSUBSCRIBE -> frame.header("id") != null && !subscriptions.remove(frame.header("id")) && !version10
                    ? List.of(new Violation("UNSUBSCRIBE of a subscription id never subscribed", frame)) : List.of();
            case ACK, NACK -> settle(frame);
            default -> List.of();
        };
    }

    private List<Violation> subscribe(Frame frame) {
        if (frame.header("destination") == null) {
            return List.of(new Violation("SUBSCRIBE without destination (STOMP 1.2, SUBSCRIBE)", frame));
        }
        String id = frame.header("id");
        if (id == null) {
            return version10 ? List.of()
                    : List.of(new Violation("SUBSCRIBE without id, required since STOMP 1.1 (SUBSCRIBE id header)", frame));
        }
        return subscriptions.add(id) ? List.of()
                : List.of(new Violation("SUBSCRIBE with an id already in use on this connection", frame));
    }

    private List<Violation> settle(Frame frame) {
        String id = frame.header("id");
        if (id != null && ackIds.contains(id)) {
            return List.of();
        }
        String messageId = frame.header("message-id");
        if ((messageId != null && messageIds.contains(messageId)) || (id != null && messageIds.contains(id))) {
            return List.of();
        }
        return List.of(new Violation(frame.command() + " for an id the broker never sent in a MESSAGE", frame));
    }
}
