package io.stompede.security;

import io.stompede.transport.ConnectionInfo;

/**
 * What a client presented when it connected: its credentials and how it reached the broker
 * (address, TLS, client certificates). Immutable.
 *
 * @param login      the {@code login} header, or {@code null}
 * @param passcode   the {@code passcode} header, or {@code null}; never logged
 * @param host       the {@code host} header (virtual host), or {@code null}
 * @param connection the transport's view of the peer
 */
public record AuthenticationRequest(String login, String passcode, String host, ConnectionInfo connection) {
    @Override
    public String toString() {
        return "AuthenticationRequest[login=" + login + ", host=" + host + ", connection=" + connection + "]";
    }
}
