package io.stompede.standalone;

import io.stompede.BrokerBuilder;
import io.stompede.netty.StompServerBuilder;

/**
 * The two builders a configuration is applied to: the broker's and the server's. The server is
 * given the broker only once the broker is built. Confined to the main thread.
 *
 * @param broker the broker's builder
 * @param server the server's builder, without its broker yet
 */
record Builders(BrokerBuilder broker, StompServerBuilder server) {
}
