package io.stompede.observer;

import io.stompede.application.SessionInfo;
import io.stompede.transport.ConnectionInfo;

/**
 * Hears what the broker does, for metrics, an admin endpoint or a test's recording: connections
 * and sessions, subscriptions, messages in and out, ERRORs sent, dead letters, slow consumers and
 * producers held back. Every method has an empty default, so an observer implements what it needs.
 *
 * <p>Called on the thread where the event happens, often an event loop and once per message on
 * the delivery path: an implementation must be thread-safe, must not block and should not
 * allocate (count, as {@link BrokerCounters} does). No method is called with a lock of the
 * broker's held, so an observer may call back into the broker, but not wait for it.
 */
public interface BrokerObserver {
    /** A transport opened a connection and the broker gave it a session, not connected yet. */
    default void connectionOpened(ConnectionInfo connection) {
    }

    /** A connection's session ended, whatever ended it. Called once per {@link #connectionOpened}. */
    default void connectionClosed(ConnectionInfo connection) {
    }

    /** A client completed CONNECT: {@code session} has its principal and version. */
    default void sessionConnected(SessionInfo session) {
    }

    /** A connected session ended. Called once per {@link #sessionConnected}. */
    default void sessionClosed(SessionInfo session) {
    }

    /**
     * A subscriber joined {@code destination} (a topic, a pattern or a queue): a client's
     * SUBSCRIBE, or an in-process listener when {@code session} is {@code null}.
     */
    default void subscribed(SessionInfo session, String destination) {
    }

    /** A subscriber left {@code destination}; {@code session} as for {@link #subscribed}. */
    default void unsubscribed(SessionInfo session, String destination) {
    }

    /**
     * The broker accepted a message for {@code destination} from a client's SEND (applied, not
     * held in a transaction) or an in-process publisher.
     */
    default void messageReceived(String destination, int bodyBytes) {
    }

    /** A message of {@code destination} was written to a client or handed to an in-process listener. */
    default void messageDelivered(String destination, int bodyBytes) {
    }

    /** {@code delta} more (or, negative, fewer) deliveries await a client's ACK or NACK. */
    default void acknowledgementsPending(int delta) {
    }

    /** An ERROR went to a client with this {@code message} header; the connection then closed unless said otherwise. */
    default void errorSent(SessionInfo session, String message) {
    }

    /** A queue message reached the delivery limit (or expired) on {@code queue} and went to the dead letters. */
    default void messageDeadLettered(String queue, String reason) {
    }

    /** A topic message of {@code destination} was dropped for a subscriber that did not keep up. */
    default void slowConsumerDropped(String destination) {
    }

    /** A client was disconnected for not keeping up with its subscriptions. */
    default void slowConsumerDisconnected(SessionInfo session) {
    }

    /** The broker stopped reading from a producer because queued messages are over the memory cap. */
    default void producerPaused(SessionInfo session) {
    }

    /** Reading from a producer resumed after {@link #producerPaused}. */
    default void producerResumed(SessionInfo session) {
    }
}
