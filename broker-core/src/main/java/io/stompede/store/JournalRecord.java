package io.stompede.store;

/**
 * What a scan of one journal record finds: its type and keys. The message of an ADD is left in
 * the bytes, to be decoded with {@link RecordCodec#message} only if it is still live, which
 * spares recovery decoding every message ever written. Immutable.
 *
 * @param type   {@link RecordCodec#ADD}, {@link RecordCodec#ACK}, {@link RecordCodec#BIND} or {@link RecordCodec#UNBIND}
 * @param queue  the queue it concerns
 * @param value  the message id (ADD, ACK), the topic pattern (BIND), or {@code null}
 */
record JournalRecord(byte type, String queue, String value) {
}
