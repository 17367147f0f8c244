/**
 * The standalone broker's command line, apart from the transport it starts:
 * {@link io.stompede.standalone.Main} ({@code java -jar stompede.jar}) parses the options, and a
 * {@code --config} properties file of defaults, into a {@code Broker} and an
 * {@link io.stompede.netty.StompServer}; its subcommands manage credentials ({@code user add},
 * {@code hash-password}) with passwords read from the console or standard input. Everything
 * but {@code Main} is package-private. It uses only the public API of {@code io.stompede.netty},
 * which never refers back to this package.
 *
 * <p>Threading: everything here runs on the main thread, once, until the server has started;
 * the server's event loop threads keep the JVM alive afterwards.
 */
package io.stompede.standalone;
