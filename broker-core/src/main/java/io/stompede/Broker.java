package io.stompede;

import io.stompede.session.Connection;
import io.stompede.session.Session;

/** Skeleton of the embedding API; the transport builds against these signatures. */
public final class Broker implements AutoCloseable {
    public static Builder builder() {
        return new Builder();
    }

    /** Opens a session for a new transport connection; the transport feeds it from then on. */
    public Session openSession(Connection connection) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Tells every connected client "server shutting down" (ERROR), then closes their connections. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("skeleton");
    }

    public static final class Builder {
        /** Sets the time a client has between connecting and sending CONNECT. */
        public Builder connectTimeout(java.time.Duration timeout) {
            return this;
        }

        public Broker build() {
            return new Broker();
        }
    }
}
