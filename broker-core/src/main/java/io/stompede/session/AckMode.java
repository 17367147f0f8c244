package io.stompede.session;

import io.stompede.frame.StompProtocolException;

/** How a subscription's messages are acknowledged. */
enum AckMode {
    /** Settled as soon as it is written to the client. */
    AUTO("auto"),
    /** An ACK settles that message and every earlier one on the subscription. */
    CLIENT("client"),
    /** An ACK settles exactly one message. */
    CLIENT_INDIVIDUAL("client-individual");

    private final String wireValue;

    AckMode(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The {@code ack} header's value for this mode. */
    String wireValue() {
        return wireValue;
    }

    static AckMode parse(String value) throws StompProtocolException {
        if (value == null) {
            return AUTO;
        }
        for (AckMode mode : values()) {
            if (mode.wireValue.equals(value)) {
                return mode;
            }
        }
        throw new StompProtocolException("invalid ack mode",
                "The ack header must be auto, client or client-individual, not '" + value + "'.");
    }
}
