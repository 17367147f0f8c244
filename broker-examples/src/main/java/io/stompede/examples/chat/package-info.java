/**
 * The chat example: a web application whose broker is embedded in it. {@link
 * io.stompede.examples.chat.ChatServer} wires the users file, the room list, presence and the
 * chat handler into one broker, and serves the page beside its STOMP endpoint. Each class says
 * its threading rule; the broker's callbacks run on session threads, presence on its own.
 */
package io.stompede.examples.chat;
