package io.stompede.store;

import io.stompede.routing.Message;

/**
 * One decoded journal record. Immutable.
 *
 * @param type    {@link RecordCodec#ADD}, {@link RecordCodec#ACK}, {@link RecordCodec#BIND} or {@link RecordCodec#UNBIND}
 * @param queue   the queue it concerns
 * @param value   the message id (ADD, ACK), the topic pattern (BIND), or {@code null}
 * @param message the message of an ADD, else {@code null}
 */
record JournalRecord(byte type, String queue, String value, Message message) {
}
