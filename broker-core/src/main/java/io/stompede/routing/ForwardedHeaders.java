package io.stompede.routing;

import io.stompede.frame.Headers;
import io.stompede.message.Position;
import java.util.Set;

/**
 * Which of a SEND's headers travel to its MESSAGE frames: all but those the broker owns or that
 * only concern the SEND itself, and only the first occurrence of a repeated name (the one STOMP
 * says wins), so that subscribers see the value the broker acted on.
 */
final class ForwardedHeaders {
    private static final Set<String> NOT_FORWARDED = Set.of(
            "destination", "message-id", "subscription", "ack", "receipt", "transaction", "content-length",
            "redelivered", "x-delivery-count", Position.OFFSET, Position.EPOCH);

    private ForwardedHeaders() {
    }

    /** The headers of SEND {@code sent} that its MESSAGE frames carry, in the order sent. */
    static Headers of(Headers sent) {
        Headers.Builder forwarded = Headers.builder();
        for (int i = 0, n = sent.size(); i < n; i++) {
            String name = sent.name(i);
            if (!NOT_FORWARDED.contains(name) && !seenBefore(sent, name, i)) {
                forwarded.add(name, sent.value(i));
            }
        }
        return forwarded.build();
    }

    private static boolean seenBefore(Headers headers, String name, int index) {
        for (int i = 0; i < index; i++) {
            if (headers.name(i).equals(name)) {
                return true;
            }
        }
        return false;
    }
}
