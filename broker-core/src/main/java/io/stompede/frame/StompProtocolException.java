package io.stompede.frame;

import java.nio.charset.StandardCharsets;

/**
 * A violation of the protocol by the peer, carrying the ERROR frame it becomes: a short
 * {@code message} header, a longer body, the {@code receipt-id} to quote when the offending frame
 * asked for a receipt, any further headers (such as {@code version} for a CONNECT that offers no
 * version the broker speaks), and whether the connection closes after it. The session turns it
 * into that frame in one place, so no caller special-cases a kind of error.
 *
 * <p>The text never contains secrets or stack traces: it is sent to the client. Immutable.
 */
public class StompProtocolException extends Exception {
    private final String detail;
    private final String receiptId;
    private final Headers extraHeaders;
    private final boolean closeAfter;

    /** An error that closes the connection, with {@code message} as its short text and no body. */
    public StompProtocolException(String message) {
        this(message, null, null);
    }

    /** An error that closes the connection, with {@code detail}, the longer explanation, as its body. */
    public StompProtocolException(String message, String detail) {
        this(message, detail, null);
    }

    /**
     * An error that closes the connection and quotes {@code receiptId}, the offending frame's
     * {@code receipt}, so that the client knows which frame failed. {@code detail} and
     * {@code receiptId} may be {@code null}.
     */
    public StompProtocolException(String message, String detail, String receiptId) {
        this(message, detail, receiptId, Headers.EMPTY, true);
    }

    private StompProtocolException(String message, String detail, String receiptId, Headers extraHeaders,
                                   boolean closeAfter) {
        super(message, null, false, false);
        this.detail = detail;
        this.receiptId = receiptId;
        this.extraHeaders = extraHeaders;
        this.closeAfter = closeAfter;
    }

    /** The ERROR frame's body text, or {@code null} for none. */
    public String detail() {
        return detail;
    }

    /** The {@code receipt} header of the offending frame, or {@code null}. */
    public String receiptId() {
        return receiptId;
    }

    /** Whether the connection closes once the ERROR is written; true unless {@link #keepingConnection()}. */
    public boolean closesConnection() {
        return closeAfter;
    }

    /** The same error, quoting {@code receipt} as the offending frame's receipt. */
    public StompProtocolException withReceiptId(String receipt) {
        return new StompProtocolException(getMessage(), detail, receipt, extraHeaders, closeAfter);
    }

    /** The same error with one more header on its ERROR frame, after {@code message} and {@code receipt-id}. */
    public StompProtocolException withHeader(String name, String value) {
        Headers headers = Headers.builder().addAll(extraHeaders).add(name, value).build();
        return new StompProtocolException(getMessage(), detail, receiptId, headers, closeAfter);
    }

    /**
     * The same error as a warning after which the session goes on: for a broker-side condition the
     * client should hear of without losing its connection. Protocol violations keep the default,
     * ERROR then close, as the specification has it.
     */
    public StompProtocolException keepingConnection() {
        return new StompProtocolException(getMessage(), detail, receiptId, extraHeaders, false);
    }

    /**
     * The ERROR frame: the short text in {@code message}, the offending frame's receipt as
     * {@code receipt-id}, the extra headers, and the longer explanation as a text body.
     */
    public Frame toFrame() {
        Headers.Builder headers = Headers.builder().add("message", getMessage());
        if (receiptId != null) {
            headers.add("receipt-id", receiptId);
        }
        headers.addAll(extraHeaders);
        byte[] body = detail == null ? new byte[0] : detail.getBytes(StandardCharsets.UTF_8);
        if (body.length > 0) {
            headers.add("content-type", "text/plain;charset=UTF-8").add("content-length", Integer.toString(body.length));
        }
        return Frame.of(Command.ERROR, headers.build(), body);
    }
}
