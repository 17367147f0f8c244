package io.stompede.routing;

import io.stompede.message.Message;

/**
 * Receives the messages published to the destinations it subscribed to. Called on the
 * publisher's thread, so an implementation only hands the message on: it must not block and
 * must be thread-safe.
 */
public interface TopicSubscriber {
    void onPublish(Message message);
}
