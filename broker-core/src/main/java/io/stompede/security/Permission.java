package io.stompede.security;

/** What a client asks to do with a destination; the rights an {@link Authorizer} grants. Immutable. */
public enum Permission {
    /** SEND to the destination, application destinations included. */
    SEND,
    /** SUBSCRIBE to the destination or pattern, which for a queue means consuming from it. */
    SUBSCRIBE
}
