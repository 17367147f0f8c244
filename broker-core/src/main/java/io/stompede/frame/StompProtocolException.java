package io.stompede.frame;

/**
 * A violation of the protocol by the peer, carrying what its ERROR frame says: a short
 * {@code message} header, a longer body, and the {@code receipt-id} to quote when the offending
 * frame asked for a receipt. The session turns it into ERROR and a close in one place.
 *
 * <p>The text never contains secrets or stack traces: it is sent to the client.
 */
public class StompProtocolException extends Exception {
    private final String detail;
    private final String receiptId;

    public StompProtocolException(String message) {
        this(message, null, null);
    }

    public StompProtocolException(String message, String detail) {
        this(message, detail, null);
    }

    public StompProtocolException(String message, String detail, String receiptId) {
        super(message, null, false, false);
        this.detail = detail;
        this.receiptId = receiptId;
    }

    /** The ERROR frame's body text, or {@code null} for none. */
    public String detail() {
        return detail;
    }

    /** The {@code receipt} header of the offending frame, or {@code null}. */
    public String receiptId() {
        return receiptId;
    }

    /** The same error, quoting {@code receipt} as the offending frame's receipt. */
    public StompProtocolException withReceiptId(String receipt) {
        return new StompProtocolException(getMessage(), detail, receipt);
    }
}
