package io.stompede;

import io.stompede.message.Message;

/**
 * Receives messages in-process, from {@link Broker#subscribe}. Called on the thread that
 * delivers (often the publisher's), one message at a time per subscription and in order: it must
 * be quick and must not block. An exception it throws is logged and does not stop delivery.
 */
@FunctionalInterface
public interface MessageListener {
    void onMessage(Message message);
}
