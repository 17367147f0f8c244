/**
 * The standalone broker's command line and configuration, apart from the transport it starts:
 * {@link io.stompede.standalone.Main} ({@code java -jar stompede.jar}) gathers the configuration
 * from the defaults, a YAML (or older properties) file, {@code STOMPEDE_} environment variables
 * and the options, each overriding the one before, and applies it to a {@code Broker} and an
 * {@link io.stompede.netty.StompServer}. The configuration is a table of keys
 * ({@code ServerKeys}, {@code BrokerKeys}: name, kind of value, default, builder call) that every
 * source is read against, so that each key has one meaning, one message for a bad value and one
 * line in {@code --print-config}. Subcommands manage credentials ({@code user add},
 * {@code hash-password}) with passwords read from the console or standard input. Everything but
 * {@code Main} is package-private. It uses only the public API of {@code io.stompede.netty}, its
 * admin endpoint ({@code io.stompede.netty.admin}) and the core, which never refer back to this
 * package.
 *
 * <p>Threading: everything here runs on the main thread, once, until the server has started;
 * the server's event loop threads keep the JVM alive afterwards.
 */
package io.stompede.standalone;
