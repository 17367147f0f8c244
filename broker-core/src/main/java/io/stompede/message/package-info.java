/**
 * Messages as the broker routes them: the immutable {@link io.stompede.message.Message}, the ids it
 * is given and the headers that travel with it from a SEND to its MESSAGE frames. Used by the
 * routing, the message store and in-process listeners alike, so it depends on nothing but frames.
 *
 * <p>Threading: messages are immutable and thread-safe; so is the id generator.
 */
package io.stompede.message;
