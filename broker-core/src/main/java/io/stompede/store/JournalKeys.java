package io.stompede.store;

/** The one string that names a stored entry: its queue and message id. Stateless. */
final class JournalKeys {
    private JournalKeys() {
    }

    /** Queue names and ids never contain NUL, which STOMP headers cannot carry. */
    static String key(String queue, String messageId) {
        return queue + '\u0000' + messageId;
    }

    /** The key of a durable subscription's binding, which no message key can equal. */
    static String bindingKey(String queue) {
        return queue + '\u0000';
    }

    static boolean isBindingKey(String key) {
        return key.charAt(key.length() - 1) == '\u0000';
    }
}
