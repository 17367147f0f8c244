package io.stompede.security;

import io.stompede.transport.ConnectionInfo;
import java.util.Locale;
import java.util.Optional;

/**
 * What a client presented when it connected, or when it refreshed its credentials in-band: its
 * credentials and how it reached the broker (address, TLS, client certificates, the WebSocket
 * handshake's {@code Authorization} header). Immutable.
 *
 * @param login       the {@code login} header, or {@code null}
 * @param passcode    the {@code passcode} header, or {@code null}; never logged
 * @param host        the {@code host} header (virtual host), or {@code null}
 * @param connection  the transport's view of the peer
 * @param bearerToken the token of the CONNECT frame's {@code Authorization: Bearer} header, or of
 *                    the {@code x-credentials} header of an in-band refresh; {@code null} when
 *                    there is none; never logged
 */
public record AuthenticationRequest(String login, String passcode, String host, ConnectionInfo connection,
                                    String bearerToken) {

    /** A request with no bearer token: what a CONNECT with login and passcode presents. */
    public AuthenticationRequest(String login, String passcode, String host, ConnectionInfo connection) {
        this(login, passcode, host, connection, null);
    }

    /**
     * The token this request carries, for an authenticator of tokens: the {@link #bearerToken},
     * else the passcode, else the bearer token of the WebSocket handshake's {@code Authorization}
     * header. That order puts what the client said in this frame before what its transport said
     * once for the whole connection, so that an in-band refresh replaces the handshake's token.
     */
    public Optional<String> token() {
        if (present(bearerToken)) {
            return Optional.of(bearerToken);
        }
        if (present(passcode)) {
            return Optional.of(passcode);
        }
        return connection == null ? Optional.empty() : Optional.ofNullable(bearer(connection.authorization()));
    }

    /**
     * The token of an HTTP-style {@code Authorization} value ({@code Bearer <token>}, the scheme in
     * any case), or {@code null} when the value is absent or of another scheme.
     */
    public static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        if (value.length() <= 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return null;
        }
        String token = value.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }

    @Override
    public String toString() {
        return "AuthenticationRequest[login=" + login + ", host=" + host + ", connection=" + connection + "]";
    }
}
