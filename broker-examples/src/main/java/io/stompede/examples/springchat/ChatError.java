package io.stompede.examples.springchat;

/**
 * What a client gets on {@code /user/queue/errors} when the controller refuses what it sent, as
 * JSON: {@code {"error":"there is no room 99"}}. Immutable.
 *
 * @param error the reason, meant for the user
 */
record ChatError(String error) {
}
