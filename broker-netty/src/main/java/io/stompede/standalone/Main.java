package io.stompede.standalone;

import io.stompede.Broker;
import io.stompede.BrokerBuilder;
import io.stompede.netty.StompServer;
import io.stompede.netty.Tls;
import io.stompede.security.AccessRules;
import io.stompede.security.UsersFile;
import io.stompede.store.FsyncPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone broker: {@code java -jar stompede.jar [options]}. It serves STOMP over TCP and
 * WebSocket from one default broker, prints one {@code listening stomp URI} line per listener on
 * standard output once they are bound, and shuts down gracefully (clients get ERROR "server
 * shutting down") when the JVM is asked to stop.
 *
 * <p>Options may also come from {@code --config FILE}, a properties file keyed by the options'
 * long names without dashes ({@code ws-port=-1}); the command line overrides it.
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
        description = "Runs a standalone Stompede STOMP 1.0/1.1/1.2 broker.")
public final class Main implements Callable<Integer> {
    /** Exit code for an option or configuration file that cannot be used. */
    static final int EXIT_USAGE = 2;
    /** Exit code for a server that cannot start (a port in use, a TLS file unreadable). */
    static final int EXIT_START_FAILED = 1;
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    @Option(names = "--tcp-port", defaultValue = "61613", paramLabel = "PORT",
            description = "Port for STOMP over TCP; 0 picks a free port, -1 disables it (default: ${DEFAULT-VALUE}).")
    int tcpPort;

    @Option(names = "--ws-port", defaultValue = "15674", paramLabel = "PORT",
            description = "Port for STOMP over WebSocket; 0 picks a free port, -1 disables it (default: ${DEFAULT-VALUE}).")
    int wsPort;

    @Option(names = "--ws-path", defaultValue = StompServer.Builder.DEFAULT_WEBSOCKET_PATH, paramLabel = "PATH",
            description = "HTTP path of the WebSocket endpoint (default: ${DEFAULT-VALUE}).")
    String wsPath;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "PEM certificate chain; with --tls-key, both listeners use TLS (stomp+ssl, wss).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM PKCS#8 private key for --tls-cert.")
    Path tlsKey;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep persistent messages, durable subscriptions and retained history in a journal in DIR "
                    + "(created if needed); without it they are kept in memory only.")
    Path dataDir;

    @Option(names = "--fsync", defaultValue = "always", paramLabel = "POLICY",
            description = "When the journal forces writes to disk: always (before each RECEIPT; concurrent senders "
                    + "share one fsync), interval[:MILLIS] (every 100 ms or MILLIS) or never (default: ${DEFAULT-VALUE}).")
    String fsync;

    // ---- security: who may connect, what they may do, how many

    @Option(names = "--users", paramLabel = "FILE",
            description = "Users file (NAME HASH [GROUPS] per line; see 'user add'): only its users may connect. "
                    + "Without one every client is accepted.")
    Path users;

    @Option(names = "--allow-anonymous",
            description = "With --users, also accept clients that give no login or certificate, as 'anonymous'.")
    boolean allowAnonymous;

    @Option(names = "--acl", paramLabel = "FILE",
            description = "Access rules file (WHO RIGHTS PATTERN per line): only what it grants is allowed. "
                    + "Without one every client may send and subscribe anywhere.")
    Path acl;

    @Option(names = "--tls-ciphers", split = ",", paramLabel = "SUITE",
            description = "Cipher suites to enable, comma-separated (default: the TLS provider's secure set).")
    List<String> tlsCiphers;

    @Option(names = "--tls-client-auth", defaultValue = "none", paramLabel = "MODE",
            description = "Ask TLS clients for a certificate signed by --tls-ca: none, optional or required "
                    + "(default: ${DEFAULT-VALUE}). A certificate's CN names the user.")
    Tls.ClientCertificates tlsClientAuth;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "PEM CA certificates that client certificates must chain to.")
    Path tlsCa;

    @Option(names = "--allowed-origins", split = ",", paramLabel = "ORIGIN",
            description = "Browser origins (https://chat.example.com) allowed to open WebSocket sessions; "
                    + "others get 403 (default: all).")
    List<String> allowedOrigins;

    @Option(names = "--max-connections", paramLabel = "N",
            defaultValue = "" + StompServer.Builder.DEFAULT_MAX_CONNECTIONS,
            description = "Most connections open at once (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-connections-per-address", paramLabel = "N",
            defaultValue = "" + StompServer.Builder.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
            description = "Most connections open at once from one address (default: ${DEFAULT-VALUE}); "
                    + "raise it behind a reverse proxy.")
    int maxConnectionsPerAddress;

    @Option(names = "--max-frames-per-second", paramLabel = "N",
            defaultValue = "" + BrokerBuilder.DEFAULT_MAX_FRAMES_PER_SECOND,
            description = "Inbound frames allowed per second and connection; past it the broker stops reading from "
                    + "the connection for the rest of the second, and a client over it for "
                    + BrokerBuilder.DEFAULT_MAX_THROTTLED_SECONDS + " seconds in a row gets an ERROR; "
                    + "0 turns it off (default: ${DEFAULT-VALUE}).")
    int maxFramesPerSecond;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file of options by long name without dashes (tcp-port=61613); "
                    + "the command line overrides it.")
    Path config;

    @Spec
    CommandSpec spec;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    private Main(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** Starts the broker; exits with 1 when it cannot start and 2 on a usage error. */
    public static void main(String[] args) {
        int code = run(args, System.in, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Parses {@code args}, starts the server and returns the exit code; the server keeps running on success. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err);
    }

    /** The same, reading passwords for the subcommands from {@code in} when there is no console. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        CommandLine cmd = new CommandLine(new Main(in, out, err));
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        try {
            Path configFile = findConfigFile(args);
            if (configFile != null) {
                Set<String> keys = cmd.getCommandSpec().options().stream()
                        .filter(o -> !o.usageHelp() && !o.versionHelp() && !o.longestName().equals("--config"))
                        .map(ConfigFileDefaults::keyOf)
                        .collect(Collectors.toSet());
                cmd.setDefaultValueProvider(ConfigFileDefaults.load(configFile, keys));
            }
        } catch (IOException e) {
            err.println("stompede: cannot use the configuration file: " + e.getMessage());
            return EXIT_USAGE;
        } catch (ParameterException e) {
            // Reported in full, with usage, by execute() below.
        }
        return cmd.execute(args);
    }

    /** The first pass: only {@code --config} decides where the other options' defaults come from. */
    private static Path findConfigFile(String[] args) {
        Main probe = new Main(null, null, null);
        CommandLine parser = new CommandLine(probe);
        parser.setCaseInsensitiveEnumValuesAllowed(true);
        parser.parseArgs(args);
        return probe.config;
    }

    @Override
    public Integer call() {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
        }
        if (tcpPort < 0 && wsPort < 0) {
            throw new ParameterException(spec.commandLine(), "both listeners are disabled: nothing to serve");
        }
        checkTlsClientAuth();
        FsyncPolicy fsyncPolicy;
        try {
            fsyncPolicy = FsyncPolicy.parse(fsync);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--fsync: " + e.getMessage(), e);
        }
        BrokerBuilder brokerBuilder = Broker.builder()
                .inboundFrameRate(maxFramesPerSecond, BrokerBuilder.DEFAULT_MAX_THROTTLED_SECONDS);
        if (dataDir != null) {
            brokerBuilder.dataDirectory(dataDir, fsyncPolicy);
        }
        try {
            configureSecurity(brokerBuilder);
        } catch (IOException e) {
            err.println("stompede: " + e.getMessage());
            return EXIT_USAGE;
        }
        StompServer server;
        Broker broker = null;
        try {
            broker = brokerBuilder.build();
            StompServer.Builder builder = StompServer.builder().bind(bind)
                    .broker(broker).closeBrokerOnClose(true)
                    .maxConnections(maxConnections).maxConnectionsPerAddress(maxConnectionsPerAddress);
            if (allowedOrigins != null && !allowedOrigins.isEmpty()) {
                builder.allowedOrigins(allowedOrigins);
            }
            if (tcpPort >= 0) {
                builder.tcp(tcpPort);
            }
            if (wsPort >= 0) {
                builder.webSocket(wsPort, wsPath);
            }
            if (tlsCert != null) {
                builder.tls(tls());
            }
            server = builder.start();
        } catch (IllegalArgumentException e) {
            closeQuietly(broker);
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            closeQuietly(broker);
            err.println("stompede: cannot start: " + e.getMessage());
            return EXIT_START_FAILED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stompede-shutdown"));
        for (URI uri : server.listenerUris()) {
            out.println("listening stomp " + uri);
        }
        out.flush();
        return 0;
    }

    private static void closeQuietly(Broker broker) {
        if (broker != null) {
            broker.close();
        }
    }

    // ---- security

    private void checkTlsClientAuth() {
        if (tlsClientAuth != Tls.ClientCertificates.NONE && (tlsCa == null || tlsCert == null)) {
            throw new ParameterException(spec.commandLine(), "--tls-client-auth needs --tls-ca and --tls-cert");
        }
    }

    /** The users file and access rules, or a warning that anyone may connect and do anything. */
    private void configureSecurity(BrokerBuilder broker) throws IOException {
        if (users != null) {
            UsersFile file = UsersFile.load(users);
            broker.authenticator(file.authenticator(allowAnonymous));
            log.info("{} users from {}; anonymous clients {}", file.users().size(), users,
                    allowAnonymous ? "allowed" : "refused");
        } else {
            log.warn("No users file (--users): every client may connect, with any login. "
                    + "Fine on a developer's machine, not on a network.");
        }
        if (acl != null) {
            AccessRules rules = AccessRules.load(acl);
            broker.authorizer(rules);
            log.info("{} access rules from {}", rules.size(), acl);
        }
    }

    private Tls tls() {
        Tls tls = Tls.pem(tlsCert, tlsKey);
        if (tlsCiphers != null && !tlsCiphers.isEmpty()) {
            tls = tls.withCiphers(tlsCiphers);
        }
        if (tlsClientAuth != Tls.ClientCertificates.NONE) {
            tls = tls.withClientCertificates(tlsClientAuth, tlsCa);
        }
        return tls;
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
