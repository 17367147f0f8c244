package io.stompede.frame;

import java.util.EnumSet;
import java.util.Set;

/** A STOMP protocol version, with the header escaping rules that go with it. Immutable. */
public enum StompVersion {
    V1_0("1.0", "v10.stomp"),
    V1_1("1.1", "v11.stomp"),
    V1_2("1.2", "v12.stomp");

    private final String wireValue;
    private final String webSocketSubprotocol;

    StompVersion(String wireValue, String webSocketSubprotocol) {
        this.wireValue = wireValue;
        this.webSocketSubprotocol = webSocketSubprotocol;
    }

    /** The value as it appears in {@code accept-version} and {@code version} headers. */
    public String wireValue() {
        return wireValue;
    }

    /** The WebSocket subprotocol name that selects this version. */
    public String webSocketSubprotocol() {
        return webSocketSubprotocol;
    }

    /** Whether header names and values are escaped (1.1 and later). */
    public boolean escapesHeaders() {
        return this != V1_0;
    }

    /** Whether carriage return is escaped as {@code \r} (1.2 only). */
    public boolean escapesCarriageReturn() {
        return this == V1_2;
    }

    /** Whether heart-beating is defined (1.1 and later). */
    public boolean supportsHeartbeats() {
        return this != V1_0;
    }

    /** The version whose wire value is {@code value}, or {@code null}. */
    public static StompVersion fromWire(String value) {
        for (StompVersion version : values()) {
            if (version.wireValue.equals(value)) {
                return version;
            }
        }
        return null;
    }

    /**
     * The highest version listed in an {@code accept-version} header that is also in
     * {@code supported}; a missing header means 1.0. Returns {@code null} when there is none in
     * common.
     */
    public static StompVersion negotiate(String acceptVersion, Set<StompVersion> supported) {
        if (acceptVersion == null) {
            return supported.contains(V1_0) ? V1_0 : null;
        }
        Set<StompVersion> offered = EnumSet.noneOf(StompVersion.class);
        for (String token : acceptVersion.split(",")) {
            StompVersion version = fromWire(token.trim());
            if (version != null && supported.contains(version)) {
                offered.add(version);
            }
        }
        StompVersion best = null;
        for (StompVersion version : offered) {
            best = version;
        }
        return best;
    }
}
