package io.stompede.session;

import io.stompede.frame.StompProtocolException;

/** A CONNECT that offers no version the broker speaks; its ERROR lists the versions that would do. */
final class UnsupportedVersionException extends StompProtocolException {
    private final String supported;

    UnsupportedVersionException(String supported) {
        super("unsupported version", "This broker speaks STOMP " + supported + ".");
        this.supported = supported;
    }

    /** The versions the broker supports, comma-separated, as the ERROR's {@code version} header. */
    String supported() {
        return supported;
    }
}
