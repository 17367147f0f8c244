package io.stompede.test;

import io.stompede.Broker;
import io.stompede.BrokerBuilder;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import io.stompede.netty.StompServer;
import io.stompede.store.FsyncPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
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

    private TestBroker(boolean sockets, boolean durable, boolean strict, UnaryOperator<BrokerBuilder> configure) {
        this.sockets = sockets;
        this.durable = durable;
        this.strict = strict;
        this.configure = configure;
    }

    /** A broker over TCP and WebSocket ({@code /stomp}), on free loopback ports, at its defaults. */
    public static TestBroker tcpAndWebSocket() {
        return new TestBroker(true, false, false, builder -> builder);
    }

    /** A broker with no sockets: clients are {@link #connectInMemory()} connections, on a virtual clock. */
    public static TestBroker inMemory() {
        return new TestBroker(false, false, false, builder -> builder);
    }

    /** The same broker, with its settings changed by {@code configure} (e.g. heart-beats, limits, users). */
    public TestBroker configure(UnaryOperator<BrokerBuilder> configure) {
        Objects.requireNonNull(configure, "configure");
        UnaryOperator<BrokerBuilder> before = this.configure;
        return new TestBroker(sockets, durable, strict, builder -> configure.apply(before.apply(builder)));
    }

    /** The same broker with a data directory of its own, which {@link #restart()} keeps. */
    public TestBroker durable() {
        return new TestBroker(sockets, true, strict, configure);
    }

    /**
     * The same broker, failing each test in which a client broke a rule of the STOMP
     * specification ({@link RecordedSession#violations()}), with the rule and the frame.
     */
    public TestBroker strict() {
        return new TestBroker(sockets, durable, true, configure);
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

    /** {@code tcp://127.0.0.1:PORT}. */
    public URI tcpUri() {
        return URI.create("tcp://127.0.0.1:" + tcpPort());
    }

    /** The TCP port on 127.0.0.1. */
    public int tcpPort() {
        requireSockets();
        return tcpPort;
    }

    /** {@code ws://127.0.0.1:PORT/stomp}. */
    public URI webSocketUri() {
        requireSockets();
        return URI.create("ws://127.0.0.1:" + webSocketPort + "/stomp");
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
                server = StompServer.builder().broker(started).closeBrokerOnClose(false).bind("127.0.0.1")
                        .tcp(tcpPort).webSocket(webSocketPort, "/stomp").shutdownTimeout(Duration.ofMillis(500))
                        .start();
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
