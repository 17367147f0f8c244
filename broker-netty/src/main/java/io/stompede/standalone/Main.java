package io.stompede.standalone;

import io.stompede.Broker;
import io.stompede.netty.StompServer;
import io.stompede.netty.admin.AdminServer;
import io.stompede.standalone.Settings.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The standalone broker: {@code java -jar stompede.jar [options]}. It serves STOMP over TCP and
 * WebSocket from one broker, prints one {@code listening stomp URI} line per listener on
 * standard output once they are bound (and {@code listening admin URI} for the admin endpoint,
 * when {@code admin.port} turns it on), and shuts down gracefully (clients get ERROR "server
 * shutting down") when the JVM is asked to stop.
 *
 * <p>Its configuration reaches every setting of the broker's and the server's builders (see
 * {@link ServerKeys} and {@link BrokerKeys}); each source overrides the one before: the defaults,
 * the file {@code --config} names (YAML, or the older properties file), the {@code STOMPEDE_}
 * environment variables, the command line. An unknown key or a bad value stops the start with
 * exit code 2 and a message that says where; {@code --print-config} prints the effective
 * configuration and exits.
 *
 * <p>Subcommands manage credentials: {@code user add NAME --users FILE --groups a,b} and
 * {@code hash-password}, both reading the password from the console or standard input.
 *
 * <p>Threading: runs on the main thread until the server has started; the server's event loop
 * threads keep the JVM alive afterwards.
 */
@Command(name = "stompede", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        subcommands = {UserCommand.class, HashPasswordCommand.class},
        description = {"Runs a standalone Stompede STOMP 1.0/1.1/1.2 broker.",
                "Each source overrides the one before: defaults, --config FILE, STOMPEDE_* environment variables, "
                        + "options. Every key of the file has a variable: tcp.port is STOMPEDE_TCP_PORT."})
public final class Main implements Callable<Integer> {
    /** Exit code for an option or configuration file that cannot be used. */
    static final int EXIT_USAGE = 2;
    /** Exit code for a server that cannot start (a port in use, a TLS file unreadable). */
    static final int EXIT_START_FAILED = 1;
    private static final Logger log = LoggerFactory.getLogger(Main.class);
    private static final String PRINTED_HEADER = """
            Stompede's effective configuration: every key with its value; a value that is not the
            default is followed by where it came from. Each source overrides the one before: defaults,
            configuration file, STOMPEDE_* environment variables, command line. --config reads it back.""";

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file: YAML (.yaml or .yml; see stompede.yaml) or the older properties file "
                    + "(.properties, keyed by option names: tcp-port=61613). Default: the file STOMPEDE_CONFIG names.")
    Path config;

    @Option(names = CommandLineOptions.SET, paramLabel = "KEY=VALUE",
            description = "Sets any key of the configuration file by its dotted name "
                    + "(--set limits.max-queue-depth=5000); may be repeated.")
    Map<String, String> sets;

    @Option(names = "--print-config",
            description = "Prints the effective configuration as YAML, every key with its value, and exits.")
    boolean printConfig;

    @Spec
    CommandSpec spec;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    private Main(InputStream in, PrintStream out, PrintStream err, Map<String, String> environment) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    /** Starts the broker; exits with 1 when it cannot start and 2 on a usage error. */
    public static void main(String[] args) {
        int code = run(args, System.in, System.out, System.err, System.getenv());
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Parses {@code args}, starts the server and returns the exit code; the server keeps running on success. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err, System.getenv());
    }

    /** The same, reading passwords for the subcommands from {@code in} when there is no console. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, in, out, err, System.getenv());
    }

    /** The same with {@code environment} in place of the process's. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> environment) {
        CommandLine cmd = new CommandLine(new Main(in, out, err, environment));
        CommandLineOptions.addTo(cmd.getCommandSpec());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Override
    public Integer call() {
        Settings settings;
        Builders builders;
        try {
            Map<Key<?>, Setting> commandLine = CommandLineOptions.read(spec.commandLine().getParseResult(), sets);
            settings = ConfigLoader.load(config, environment, commandLine);
            builders = BrokerAssembly.apply(settings);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        if (printConfig) {
            out.print(ConfigPrinter.print(settings, PRINTED_HEADER));
            out.flush();
            return 0;
        }
        logSecurity(settings);
        return start(builders);
    }

    private int start(Builders builders) {
        StompServer server = null;
        Broker broker = null;
        AdminServer admin = null;
        try {
            broker = builders.broker().build();
            server = builders.server().broker(broker).closeBrokerOnClose(true).start();
            // From now on a changed users or rules file reaches the sessions; the poller is a daemon.
            Broker running = broker;
            builders.securityFiles().ifPresent(files -> files.start(running::recheckSessions));
            Optional<AdminServer.Builder> adminBuilder = builders.admin();
            if (adminBuilder.isPresent()) {
                admin = adminBuilder.get().broker(broker).server(server).cluster(builders.cluster()).start();
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            closeQuietly(server, broker);
            err.println("stompede: cannot start: " + e.getMessage());
            return EXIT_USAGE;
        } catch (IOException | UncheckedIOException e) {
            closeQuietly(server, broker);
            err.println("stompede: cannot start: " + e.getMessage());
            return EXIT_START_FAILED;
        }
        StompServer started = server;
        AdminServer startedAdmin = admin;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(started, startedAdmin), "stompede-shutdown"));
        for (URI uri : server.listenerUris()) {
            out.println("listening stomp " + uri);
        }
        if (admin != null) {
            out.println("listening admin " + admin.uri());
        }
        out.flush();
        return 0;
    }

    /**
     * Closes the STOMP server (which drains its clients and closes the broker), then the admin
     * endpoint, if any: during the drain {@code /ready} answers 503 NOT_READY, so that a load
     * balancer stops sending clients, and {@code /health} tells the broker is down.
     */
    static void shutdown(StompServer server, AdminServer admin) {
        shutdown(server, admin, () -> { });
    }

    /** The same, running {@code drained} once the STOMP server is closed and before the admin endpoint is; for tests. */
    static void shutdown(StompServer server, AdminServer admin, Runnable drained) {
        try {
            server.close();
            drained.run();
        } finally {
            if (admin != null) {
                admin.close();
            }
        }
    }

    /** Closes the server, which closes its broker, or the broker alone when the server did not start. */
    private static void closeQuietly(StompServer server, Broker broker) {
        if (server != null) {
            server.close();
        } else if (broker != null) {
            broker.close();
        }
    }

    /** Says who may connect and do what, and warns when that is anyone and anything. */
    private static void logSecurity(Settings settings) {
        Path users = settings.get(BrokerKeys.USERS);
        String issuer = settings.get(SecurityKeys.JWT_ISSUER);
        if (issuer != null) {
            log.info("Tokens from {} for audience {}", issuer, settings.get(SecurityKeys.JWT_AUDIENCE));
        }
        if (users != null) {
            log.info("Users from {}; anonymous clients {}", users,
                    settings.get(BrokerKeys.ALLOW_ANONYMOUS) ? "allowed" : "refused");
        } else if (issuer == null) {
            log.warn("No users file (security.users, --users): every client may connect, with any login. "
                    + "Fine on a developer's machine, not on a network.");
        }
        Path acl = settings.get(BrokerKeys.ACL);
        if (acl != null) {
            log.info("Access rules from {}", acl);
        }
    }

    InputStream in() {
        return in;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** Reads the version from the jar's manifest, which the build writes. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"stompede " + (version == null ? "(development build)" : version)};
        }
    }
}
