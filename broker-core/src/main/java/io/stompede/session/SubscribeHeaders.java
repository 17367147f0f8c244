package io.stompede.session;

import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.StompProtocolException;
import io.stompede.message.Position;

/**
 * Reads the optional headers of SUBSCRIBE (and of UNSUBSCRIBE, for durable subscriptions) in the
 * dialects clients already speak: RabbitMQ's and ActiveMQ/Artemis's names for the same things.
 */
final class SubscribeHeaders {
    private SubscribeHeaders() {
    }

    /** The prefetch window: {@code prefetch-count} (RabbitMQ) or {@code activemq.prefetchSize}, else the default. */
    static int prefetch(Frame frame, int defaultPrefetch) throws StompProtocolException {
        String value = frame.header("prefetch-count");
        if (value == null) {
            value = frame.header("activemq.prefetchSize");
        }
        return value == null ? defaultPrefetch : atLeast(1, value, "invalid prefetch", "The prefetch must be a positive integer");
    }

    /** Whether a SUBSCRIBE asks for history ({@code x-history} or {@code x-since-offset}), whose end its RECEIPT marks. */
    static boolean replays(Frame frame) {
        return frame.header("x-history") != null || frame.header("x-since-offset") != null;
    }

    /** How many retained messages a SUBSCRIBE asks for with {@code x-history}; 0 for none. */
    static int historyCount(Frame frame) throws StompProtocolException {
        String value = frame.header("x-history");
        return value == null ? 0 : atLeast(0, value, "invalid x-history", "x-history must be a non-negative integer");
    }

    /**
     * The position a SUBSCRIBE asks to start after, {@code x-since-offset} (a non-negative
     * integer) with {@code x-since-epoch}, or {@code null} when it names none; one without the
     * other is refused.
     */
    static Position since(Frame frame) throws StompProtocolException {
        String offset = frame.header("x-since-offset");
        String epoch = frame.header("x-since-epoch");
        if (offset == null && epoch == null) {
            return null;
        }
        if (offset == null || epoch == null || epoch.isEmpty()) {
            throw new StompProtocolException("invalid x-since",
                    "x-since-offset and x-since-epoch go together, as the x-offset and x-epoch of the last MESSAGE seen.");
        }
        try {
            long parsed = Long.parseLong(offset.trim());
            if (parsed >= 0) {
                return new Position(epoch, parsed);
            }
        } catch (NumberFormatException e) {
            // answered below, with the value the client sent
        }
        throw new StompProtocolException("invalid x-since-offset",
                "x-since-offset must be a non-negative integer, not '" + offset + "'.");
    }

    /**
     * The name of the durable subscription a SUBSCRIBE asks for (an UNSUBSCRIBE deletes), or
     * {@code null}: ActiveMQ/Artemis name it by CONNECT's {@code client-id} and
     * {@code activemq.subscriptionName} or {@code durable-subscription-name}; RabbitMQ by the
     * login and the subscription id, with {@code durable:true} (and, on SUBSCRIBE,
     * {@code auto-delete:false}).
     *
     * @param clientId the {@code client-id} of CONNECT, or {@code null}
     * @param login    the session's principal name
     */
    static String durableSubscriptionName(Frame frame, String subscriptionId, String clientId, String login)
            throws StompProtocolException {
        String named = frame.header("activemq.subscriptionName");
        if (named == null) {
            named = frame.header("durable-subscription-name");
        }
        if (named != null) {
            if (clientId == null) {
                throw new StompProtocolException("client-id required",
                        "A named durable subscription needs a client-id header on CONNECT.");
            }
            return "client:" + clientId + ":" + named;
        }
        boolean rabbit = "true".equals(frame.header("durable"))
                && (frame.command() == Command.UNSUBSCRIBE || "false".equals(frame.header("auto-delete")));
        return rabbit ? "login:" + login + ":" + subscriptionId : null;
    }

    private static int atLeast(int minimum, String value, String error, String explanation) throws StompProtocolException {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= minimum) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below, with the value the client sent
        }
        throw new StompProtocolException(error, explanation + ", not '" + value + "'.");
    }
}
