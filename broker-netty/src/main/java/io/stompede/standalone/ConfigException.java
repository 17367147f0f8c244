package io.stompede.standalone;

/**
 * A configuration that cannot be used, with a message that says where, which key and why:
 * {@code stompede.yaml:12: limits.max-connections: expected a whole number, got "lots"}. The
 * broker does not start; {@link Main} prints the message and exits with 2.
 */
final class ConfigException extends Exception {
    ConfigException(Origin origin, String key, String reason) {
        this(origin + ": " + key + ": " + reason);
    }

    ConfigException(String message) {
        super(message, null, false, false);
    }
}
