/**
 * Stompede's broker core: the STOMP protocol, routing, sessions and storage, with no transport of
 * its own. Exports the API that embedding applications, transports and plug-ins use; the routing
 * and the session internals stay inside the module.
 */
module io.stompede.core {
    requires java.naming;
    requires org.slf4j;

    exports io.stompede;
    exports io.stompede.admin;
    exports io.stompede.application;
    exports io.stompede.cluster;
    exports io.stompede.config;
    exports io.stompede.destination;
    exports io.stompede.frame;
    exports io.stompede.inmemory;
    exports io.stompede.message;
    exports io.stompede.observer;
    exports io.stompede.security;
    exports io.stompede.store;
    exports io.stompede.transport;
}
