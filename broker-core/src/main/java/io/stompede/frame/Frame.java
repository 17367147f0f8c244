package io.stompede.frame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One STOMP frame: a command, ordered headers and a body. Immutable.
 *
 * <p>The body array is never copied: a frame decoded once can be delivered to any number of
 * subscribers that all share it. Whoever hands an array to {@link #of(Command, Headers, byte[])}
 * gives up the right to change it.
 */
public final class Frame {
    private static final byte[] NO_BODY = new byte[0];

    private final Command command;
    private final Headers headers;
    private final byte[] body;

    private Frame(Command command, Headers headers, byte[] body) {
        this.command = Objects.requireNonNull(command, "command");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = Objects.requireNonNull(body, "body");
    }

    /** A frame that takes ownership of {@code body}; the array must not be changed afterwards. */
    public static Frame of(Command command, Headers headers, byte[] body) {
        return new Frame(command, headers, body.length == 0 ? NO_BODY : body);
    }

    /** A frame with no body, as most client and server commands are. */
    public static Frame of(Command command, Headers headers) {
        return new Frame(command, headers, NO_BODY);
    }

    /** A frame whose body is {@code text} in UTF-8. */
    public static Frame of(Command command, Headers headers, String text) {
        return of(command, headers, text.getBytes(StandardCharsets.UTF_8));
    }

    /** What the frame asks for, or reports. */
    public Command command() {
        return command;
    }

    /** Every header, in the order sent, repeats included. */
    public Headers headers() {
        return headers;
    }

    /** The value of the first header called {@code name}, or {@code null}. */
    public String header(String name) {
        return headers.get(name);
    }

    /** A read-only view of the body; no bytes are copied. */
    public ByteBuffer body() {
        return ByteBuffer.wrap(body).asReadOnlyBuffer();
    }

    /** The body's size in bytes, without wrapping or decoding it. */
    public int bodyLength() {
        return body.length;
    }

    /** The body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body array itself, shared and not to be modified: for code in the broker that hands
     * the same bytes to many deliveries.
     */
    public byte[] sharedBody() {
        return body;
    }

    /** A frame with the same command and body and other headers. */
    public Frame withHeaders(Headers newHeaders) {
        return new Frame(command, newHeaders, body);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame other
                && command == other.command
                && headers.equals(other.headers)
                && java.util.Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * command.hashCode() + headers.hashCode()) + java.util.Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return command + " " + headers + " (" + body.length + " body bytes)";
    }
}
