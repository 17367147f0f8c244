package io.stompede.message;

import io.stompede.frame.FrameEncoder;
import io.stompede.frame.Headers;
import io.stompede.frame.StompVersion;
import io.stompede.frame.Utf8;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message as the broker routes it: an id, the destination it was sent to, the headers that
 * travel with it, and a body that every delivery shares. Immutable and thread-safe.
 *
 * <p>The header part of its MESSAGE frames (destination, message-id, the forwarded headers and
 * content-length) is encoded at most once per STOMP version and then shared by every delivery;
 * only the per-subscriber headers are written per delivery.
 */
public final class Message implements Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(Message.class);
    /** The message, its queue entry and their references, in bytes; an estimate. */
    private static final int OVERHEAD = 200;
    private static final VarHandle ENCODED_V10 = cacheHandle("encodedV10");
    private static final VarHandle ENCODED_V11 = cacheHandle("encodedV11");
    private static final VarHandle ENCODED_V12 = cacheHandle("encodedV12");

    private final String id;
    private final String destination;
    private final Headers headers;
    private final byte[] body;
    private final boolean persistent;
    private final long expires;
    private final int sizeEstimate;

    // The encoded header lines per version, filled on first use by whichever thread delivers first.
    // Two threads may both encode, and both results are equal; the release store and acquire load
    // publish the array's contents with the reference, which a plain field would not.
    @SuppressWarnings("unused")     // read and written through ENCODED_V10
    private byte[] encodedV10;
    @SuppressWarnings("unused")
    private byte[] encodedV11;
    @SuppressWarnings("unused")
    private byte[] encodedV12;
    /**
     * Whether the body is UTF-8: 0 until first asked, then 1 or -1. A plain field: threads that
     * race compute the same value, and a byte is never torn.
     */
    private byte bodyUtf8;

    /**
     * A message that takes ownership of {@code body}.
     *
     * @param headers the headers that travel to subscribers; the broker-owned ones
     *                ({@code destination}, {@code message-id}, {@code content-length} and the like)
     *                must already have been removed
     */
    public Message(String id, String destination, Headers headers, byte[] body) {
        this.id = Objects.requireNonNull(id, "id");
        this.destination = Objects.requireNonNull(destination, "destination");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = Objects.requireNonNull(body, "body");
        this.persistent = "true".equals(headers.get("persistent"));
        this.expires = parseExpires(headers.get("expires"));
        int size = OVERHEAD + body.length + 2 * (id.length() + destination.length());
        for (int i = 0; i < headers.size(); i++) {
            size += 2 * (headers.name(i).length() + headers.value(i).length()) + 48;
        }
        this.sizeEstimate = size;
    }

    /**
     * The heap a message costs, roughly: its body, its strings (two bytes a character) and the
     * objects around them. What the memory cap counts.
     */
    public int sizeEstimate() {
        return sizeEstimate;
    }

    private static VarHandle cacheHandle(String field) {
        try {
            return MethodHandles.lookup().findVarHandle(Message.class, field, byte[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A value that is not a whole number is treated as "never", like the 0 STOMP brokers send. */
    private static long parseExpires(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** This message itself: a topic delivery is the message, shared by every subscriber. */
    @Override
    public Message message() {
        return this;
    }

    /** The broker-wide unique id sent as {@code message-id}. */
    public String id() {
        return id;
    }

    /** The destination the message was sent to: a topic or a queue, never a pattern. */
    public String destination() {
        return destination;
    }

    /** The headers that travel with the message, without those the broker sets itself. */
    public Headers headers() {
        return headers;
    }

    /** A read-only view of the body; no bytes are copied. */
    public ByteBuffer body() {
        return ByteBuffer.wrap(body).asReadOnlyBuffer();
    }

    /** The body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The shared body array, not to be modified. */
    public byte[] sharedBody() {
        return body;
    }

    /**
     * Whether the body is well-formed UTF-8, so that its MESSAGE frames may travel in WebSocket
     * text messages. Checked on first use and cached: once per message, not once per delivery.
     */
    public boolean isBodyUtf8() {
        byte known = bodyUtf8;
        if (known == 0) {
            known = Utf8.isValid(body, 0, body.length) ? (byte) 1 : (byte) -1;
            bodyUtf8 = known;
        }
        return known > 0;
    }

    /** Whether the sender asked for it to be kept across restarts ({@code persistent:true}). */
    public boolean isPersistent() {
        return persistent;
    }

    /** When the message expires, in epoch milliseconds ({@code expires}); 0 for never. */
    public long expires() {
        return expires;
    }

    /** Whether the message has expired at {@code nowMillis}. */
    public boolean isExpired(long nowMillis) {
        return expires != 0 && nowMillis >= expires;
    }

    /** The same message with another id and destination, as when it is dead-lettered. */
    public Message redirect(String newId, String newDestination, Headers newHeaders) {
        return new Message(newId, newDestination, newHeaders, body);
    }

    /**
     * The encoded {@code name:value} lines of destination, message-id, the forwarded headers and
     * content-length, escaped for {@code version}: the part of a MESSAGE frame that is the same
     * for every subscriber.
     */
    public byte[] encodedHeaderLines(StompVersion version) {
        // Each access names its handle: a VarHandle is only compiled to a plain load when it is a constant.
        byte[] lines = switch (version) {
            case V1_0 -> (byte[]) ENCODED_V10.getAcquire(this);
            case V1_1 -> (byte[]) ENCODED_V11.getAcquire(this);
            case V1_2 -> (byte[]) ENCODED_V12.getAcquire(this);
        };
        return lines != null ? lines : encodeAndCache(version);
    }

    private byte[] encodeAndCache(StompVersion version) {
        byte[] lines = encode(version);
        switch (version) {
            case V1_0 -> ENCODED_V10.setRelease(this, lines);
            case V1_1 -> ENCODED_V11.setRelease(this, lines);
            case V1_2 -> ENCODED_V12.setRelease(this, lines);
        }
        return lines;
    }

    private byte[] encode(StompVersion version) {
        Headers all = Headers.builder()
                .add("destination", destination)
                .add("message-id", id)
                .addAll(headers)
                .add("content-length", Integer.toString(body.length))
                .build();
        try {
            return FrameEncoder.encodeHeaderLines(all, version, true);
        } catch (IllegalArgumentException unrepresentable) {
            return FrameEncoder.encodeHeaderLines(representable(all, version), version, true);
        }
    }

    /**
     * The headers that {@code version} can carry: a line feed in a value cannot travel to a 1.0
     * client, nor a trailing carriage return to a 1.1 one. Such a header is left out rather than
     * mangled, so that a subscriber never sees a value that differs from what was sent.
     */
    private static Headers representable(Headers headers, StompVersion version) {
        Headers.Builder kept = Headers.builder();
        for (int i = 0, n = headers.size(); i < n; i++) {
            try {
                FrameEncoder.encodeHeaderLine(headers.name(i), headers.value(i), version, true);
                kept.add(headers.name(i), headers.value(i));
            } catch (IllegalArgumentException e) {
                LOG.debug("Header {} of message {} cannot be sent in STOMP {}; left out", headers.name(i), headers.get("message-id"),
                        version.wireValue());
            }
        }
        return kept.build();
    }

    @Override
    public String toString() {
        return "Message[" + id + " to " + destination + ", " + body.length + " bytes]";
    }
}
