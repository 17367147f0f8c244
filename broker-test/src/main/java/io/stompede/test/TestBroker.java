package io.stompede.test;

import io.stompede.Broker;
import io.stompede.BrokerBuilder;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.stompede.netty.StompServer;
import io.stompede.netty.StompServerBuilder;
import io.stompede.netty.Tls;
import io.stompede.security.StompPrincipal;
import io.stompede.store.FsyncPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real Stompede broker to test a STOMP client against, as a JUnit 5 extension: registered on a
 * static field it serves every test of the class, its recording cleared before each; on an
 * instance field, a fresh one serves each test. It listens on free loopback ports (TCP, and
 * WebSocket at {@code /stomp} unless {@link #inMemory()}), records every frame each client sends
 * and gets ({@link #recording()}), and is stopped after.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestBroker broker = TestBroker.tcpAndWebSocket();
 *
 * @Test
 * void subscribesWithClientAcks() {
 *     myClient.connect(broker.tcpUri());
 *     assertThat(broker.recording().firstSession()).within(Duration.ofSeconds(5))
 *             .subscribedTo("/queue/orders").withHeader("ack", "client-individual");
 * }
 * }</pre>
 *
 * <p>Tests may also ask for the {@code TestBroker} or its {@link Recording} as parameters.
 * {@link #durable()} gives the broker a data directory that {@link #restart()} keeps, so that a
 * test can restart it and find its persistent messages again.
 *
 * <p>Thread-safe for use from tests and from the clients' threads.
 */
public final class TestBroker implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {
    private final boolean sockets;
    private final boolean durable;
    private final boolean strict;
    private final boolean tls;
    private final UnaryOperator<BrokerBuilder> configure;
    private final VirtualClock clock = new VirtualClock();
    private final Faults faults = new Faults();
    private volatile Recording recording;
    private volatile Broker broker;
    private volatile StompServer server;
    private volatile Path dataDir;
    private int tcpPort;
    private int webSocketPort;
    private boolean perClass;

    private volatile X509Bundle certificate;

    private TestBroker(boolean sockets, boolean durable, boolean strict, boolean tls,
                       UnaryOperator<BrokerBuilder> configure) {
        this.sockets = sockets;
        this.durable = durable;
        this.strict = strict;
        this.tls = tls;
        this.configure = configure;
    }

    /** A broker over TCP and WebSocket ({@code /stomp}), on free loopback ports, at its defaults. */
    public static TestBroker tcpAndWebSocket() {
        return new TestBroker(true, false, false, false, builder -> builder);
    }

    /** A broker with no sockets: clients are {@link #connectInMemory()} connections, on a virtual clock. */
    public static TestBroker inMemory() {
        return new TestBroker(false, false, false, false, builder -> builder);
    }

    /** The same broker, with its settings changed by {@code configure} (e.g. heart-beats, limits, users). */
    public TestBroker configure(UnaryOperator<BrokerBuilder> configure) {
        Objects.requireNonNull(configure, "configure");
        UnaryOperator<BrokerBuilder> before = this.configure;
        return new TestBroker(sockets, durable, strict, tls, builder -> configure.apply(before.apply(builder)));
    }

    /** The same broker with a data directory of its own, which {@link #restart()} keeps. */
    public TestBroker durable() {
        return new TestBroker(sockets, true, strict, tls, configure);
    }

    /**
     * The same broker, failing each test in which a client broke a rule of the STOMP
     * specification ({@link RecordedSession#violations()}), with the rule and the frame.
     */
    public TestBroker strict() {
        return new TestBroker(sockets, durable, true, tls, configure);
    }

    /**
     * The same broker with TLS on both listeners ({@code ssl://} and {@code wss://}), with a
     * self-signed certificate for {@code localhost} and {@code 127.0.0.1} made for it: Java clients
     * trust it through {@link #clientSslContext()}, others through {@link #certificatePem()}.
     */
    public TestBroker withTls() {
        if (!sockets) {
            throw new IllegalStateException("an in-memory test broker has no sockets to secure");
        }
        return new TestBroker(sockets, durable, strict, true, configure);
    }

    /**
     * The same broker accepting CONNECT only with one of these logins and passcodes ({@code login}
     * to passcode); any other, or none, is refused with an ERROR, as a broker with users would.
     */
    public TestBroker credentials(Map<String, String> passcodes) {
        Map<String, String> accepted = Map.copyOf(passcodes);
        return configure(builder -> builder.authenticator(request -> request.login() != null
                && request.passcode() != null && request.passcode().equals(accepted.get(request.login()))
                ? Optional.of(StompPrincipal.named(request.login())) : Optional.empty()));
    }

    // ---- what tests use

    /** The running broker. */
    public Broker broker() {
        return running(broker);
    }

    /** Every frame each client sent and got since the test began. */
    public Recording recording() {
        return running(recording);
    }

    /** The faults to inject between the broker and its clients; none at the start of each test. */
    public Faults faults() {
        return faults;
    }

    /** {@code tcp://127.0.0.1:PORT}, or {@code ssl://} with TLS. */
    public URI tcpUri() {
        return URI.create((tls ? "ssl" : "tcp") + "://127.0.0.1:" + tcpPort());
    }

    /** An SSL context that trusts exactly this broker's certificate; only {@link #withTls()}. */
    public SSLContext clientSslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, requireTls().toTrustManagerFactory().getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no SSL context for the test certificate", e);
        }
    }

    /** The broker's certificate in PEM, for clients in other languages to trust; only {@link #withTls()}. */
    public String certificatePem() {
        return requireTls().getCertificatePEM();
    }

    private X509Bundle requireTls() {
        if (certificate == null) {
            throw new IllegalStateException("the test broker has no TLS: use withTls(), and start it");
        }
        return certificate;
    }

    /** The TCP port on 127.0.0.1. */
    public int tcpPort() {
        requireSockets();
        return tcpPort;
    }

    /** {@code ws://127.0.0.1:PORT/stomp}, or {@code wss://} with TLS. */
    public URI webSocketUri() {
        requireSockets();
        return URI.create((tls ? "wss" : "ws") + "://127.0.0.1:" + webSocketPort + "/stomp");
    }

    /**
     * A client connected to the broker in memory, not yet sent CONNECT; its timers, and the
     * broker's timers for it, run on {@link #clock()}.
     */
    public InMemoryConnection connectInMemory() {
        return InMemoryConnection.open(broker(), clock);
    }

    /** The virtual clock of in-memory connections: advance it to make heart-beat timeouts happen. */
    public VirtualClock clock() {
        return clock;
    }

    /**
     * Stops the broker, cutting every client off, and starts it again on the same ports, with the
     * same data directory if {@link #durable()}: what a client sees of a broker restart.
     */
    public synchronized void restart() {
        stop(false);
        start();
    }

    // ---- JUnit

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop(true);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (perClass) {
            recording.clear();
            faults.clear();
        } else {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> broken = strict ? violations() : List.of();
        if (!perClass) {
            stop(true);
        }
        if (!broken.isEmpty()) {
            throw new AssertionError("The client broke the STOMP specification:" + System.lineSeparator()
                    + String.join(System.lineSeparator(), broken));
        }
    }

    /** Every rule the test's clients broke, each with its session. */
    private List<String> violations() {
        List<String> broken = new ArrayList<>();
        for (RecordedSession session : recording.sessions()) {
            session.violations().forEach(violation -> broken.add("  " + session + ": " + violation));
        }
        return broken;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestBroker.class || type == Recording.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestBroker.class ? this : recording();
    }

    // ---- lifecycle

    private synchronized void start() {
        try {
            if (durable && dataDir == null) {
                dataDir = Files.createTempDirectory("stompede-test-broker");
            }
            // In memory, frames are timed by the virtual clock that drives the connections' timers.
            Recording fresh = new Recording(sockets ? Clock.systemUTC() : new VirtualTime(clock));
            BrokerBuilder builder = configure.apply(Broker.builder()).wireTap(fresh).connectionDecorator(faults);
            if (dataDir != null) {
                builder.dataDirectory(dataDir, FsyncPolicy.always());
            }
            Broker started = builder.build();
            if (sockets) {
                // A test's clients are cut off when it ends: no reason to wait for them to leave.
                StompServerBuilder listeners = StompServer.builder().broker(started).closeBrokerOnClose(false)
                        .bind("127.0.0.1").tcp(tcpPort).webSocket(webSocketPort, "/stomp")
                        .shutdownTimeout(Duration.ofMillis(500));
                if (tls) {
                    listeners.tls(Tls.pem(certificateFile("chain", certificate().getCertificatePathPEM()),
                            certificateFile("key", certificate().getPrivateKeyPEM())));
                }
                server = listeners.start();
                tcpPort = server.tcpPort();
                webSocketPort = server.webSocketPort();
            }
            recording = fresh;
            broker = started;
        } catch (IOException e) {
            throw new UncheckedIOException("the test broker could not start", e);
        }
    }

    private synchronized void stop(boolean forGood) {
        faults.forgetConnections();
        if (server != null) {
            server.close();
            server = null;
        }
        if (broker != null) {
            broker.close();
            broker = null;
        }
        if (forGood) {
            tcpPort = 0;
            webSocketPort = 0;
            deleteDataDir();
        }
    }

    /** The certificate, made on the first start and kept across restarts. */
    private X509Bundle certificate() {
        if (certificate == null) {
            try {
                certificate = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost")
                        .addSanIpAddress("127.0.0.1").ecp256().setIsCertificateAuthority(true).buildSelfSigned();
            } catch (Exception e) {
                throw new IllegalStateException("could not make the test broker's certificate", e);
            }
        }
        return certificate;
    }

    private static Path certificateFile(String name, String pem) throws IOException {
        Path file = Files.createTempFile("stompede-test-" + name, ".pem");
        file.toFile().deleteOnExit();
        return Files.writeString(file, pem);
    }

    private void deleteDataDir() {
        if (dataDir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the test broker's data", e);
        }
        dataDir = null;
    }

    private void requireSockets() {
        if (!sockets) {
            throw new IllegalStateException("an in-memory test broker has no sockets; use connectInMemory()");
        }
    }

    private static <T> T running(T part) {
        if (part == null) {
            throw new IllegalStateException("the test broker is not running: register it with @RegisterExtension");
        }
        return part;
    }
}
