package io.stompede.netty.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.stompede.Broker;
import io.stompede.cluster.redis.RedisClusterBus;
import io.stompede.netty.StaticFiles;
import io.stompede.netty.StompServer;
import io.stompede.security.UsersFile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's admin endpoint, an HTTP server of its own beside the STOMP listeners: probes
 * ({@code /health}, {@code /ready}) for load balancers and orchestrators, {@code /metrics} for
 * Prometheus, a JSON API to list and close sessions, list destinations with their depths and
 * rates, purge queues, delete durable subscriptions and see the cluster's nodes, and a status page
 * at {@code /} that charts the last ten minutes:
 * <ul>
 *   <li>{@code GET /health}, {@code GET /ready}: open to all, 200 or 503;
 *   <li>{@code GET /metrics}: Prometheus text 0.0.4, or OpenMetrics when the {@code Accept} header asks;
 *   <li>{@code GET /api/overview}, {@code /api/series}, {@code /api/destinations?limit=N},
 *       {@code /api/cluster}, {@code /api/sessions?limit=N}, {@code /api/principals?limit=N}: JSON;
 *   <li>{@code DELETE /api/sessions/ID?reason=TEXT}, {@code DELETE /api/queues/messages?name=QUEUE} (purge),
 *       {@code DELETE /api/durable-subscriptions?name=NAME}, each with {@code X-Stompede-Admin: 1};
 *   <li>{@code GET /}: the status page's files, from class-path folder {@code io/stompede/netty/admin/status}.
 * </ul>
 * {@code HEAD} is answered wherever {@code GET} is.
 *
 * <pre>{@code
 * AdminServer admin = AdminServer.builder()
 *         .broker(broker).server(stompServer).cluster(redisClusterBus)   // server and cluster optional
 *         .bind("127.0.0.1").port(9090)
 *         .users(Path.of("users")).adminGroup("admin")
 *         .start();
 * admin.uri();   // http://127.0.0.1:9090/
 * }</pre>
 *
 * <p>Everything but the probes needs the HTTP Basic credentials of a user of the users file who is
 * in the admin group, and wrong passwords are throttled per address as STOMP logins are. Without a
 * users file it is open to whoever reaches it, so it then refuses to listen on anything but a
 * loopback address, and answers only requests that name a loopback host (DNS rebinding). A request
 * that changes something must carry {@code X-Stompede-Admin: 1} and, from a browser, come from the
 * endpoint's own origin; every response forbids framing and foreign scripts. It runs on one event
 * loop thread of its own, so that admin traffic never competes with STOMP traffic, two small
 * worker threads for password checks and one of its own for operations that may touch the
 * journal or Redis. It keeps at most {@value #DEFAULT_MAX_CONNECTIONS} connections open (one more
 * gets 503) and closes those idle for a minute. It attaches an observer to the broker
 * for the figures the broker does not keep itself, from its start on, and takes it off at close.
 *
 * <p>Thread-safe.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    /** Largest request accepted: the API takes no bodies. */
    private static final int MAX_REQUEST_BYTES = 16 * 1024;
    private static final int LOGIN_WORKERS = 2;
    private static final int LOGIN_QUEUE = 64;
    private static final int OPERATION_WORKERS = 1;
    private static final int OPERATION_QUEUE = 16;
    /** Admin connections open at once; one more is answered 503 and closed. */
    static final int DEFAULT_MAX_CONNECTIONS = 64;
    /** A connection that sends nothing for this long is closed. */
    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** How long a connection past the cap may take to send the request that gets its 503. */
    private static final Duration OVERLOADED_TIMEOUT = Duration.ofSeconds(5);
    private static final String STATUS_PAGE = "io/stompede/netty/admin/status";

    private final Broker broker;
    private final BrokerCounts counts;
    private final EventLoopGroup group;
    private final ThreadPoolExecutor loginWorkers;
    private final ThreadPoolExecutor operationWorkers;
    private final Channel channel;
    private final ScheduledFuture<?> sampling;
    private final URI uri;
    private boolean closed;

    private AdminServer(Broker broker, BrokerCounts counts, EventLoopGroup group, ThreadPoolExecutor loginWorkers,
                        ThreadPoolExecutor operationWorkers, Channel channel, ScheduledFuture<?> sampling) {
        this.broker = broker;
        this.counts = counts;
        this.group = group;
        this.loginWorkers = loginWorkers;
        this.operationWorkers = operationWorkers;
        this.channel = channel;
        this.sampling = sampling;
        InetSocketAddress address = (InetSocketAddress) channel.localAddress();
        try {
            this.uri = new URI("http", null, address.getAddress().getHostAddress(), address.getPort(), "/", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the admin endpoint's address is not a URI: " + address, e);
        }
    }

    /** Starts configuring an admin endpoint; it needs at least its {@link Builder#broker broker}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The port it listens on, as bound: the way to learn it when the builder asked for port 0. */
    public int port() {
        return uri.getPort();
    }

    /** Its address, {@code http://127.0.0.1:9090/}: the status page, and the root of the API. */
    public URI uri() {
        return uri;
    }

    /**
     * Stops listening, closes the admin connections and takes its observer off the broker, which
     * goes on running. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        broker.removeObserver(counts);
        sampling.cancel(false);
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        loginWorkers.shutdownNow();
        operationWorkers.shutdownNow();
        LOG.info("Admin endpoint at {} stopped", uri);
    }

    /** Configures an {@link AdminServer}. Confined to the thread that configures it. */
    public static final class Builder {
        /** The address it binds unless told otherwise: this machine only. */
        public static final String DEFAULT_BIND = "127.0.0.1";
        /** The group whose users may use it unless told otherwise. */
        public static final String DEFAULT_ADMIN_GROUP = "admin";

        private Broker broker;
        private StompServer server;
        private RedisClusterBus cluster;
        private String bind = DEFAULT_BIND;
        private int port;
        private UsersFile users;
        private String adminGroup = DEFAULT_ADMIN_GROUP;
        private AdminAccess.Throttle throttle = AdminAccess.Throttle.standard();
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;

        private Builder() {
        }

        /** The login throttle's delays; for tests, which cannot wait the standard ones. */
        Builder loginThrottle(Duration initialDelay, Duration maxDelay) {
            this.throttle = AdminAccess.Throttle.of(initialDelay, maxDelay);
            return this;
        }

        /** The cap on admin connections open at once; {@value #DEFAULT_MAX_CONNECTIONS} by default. For tests. */
        Builder maxConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("at least one connection, was " + max);
            }
            this.maxConnections = max;
            return this;
        }

        /** How long a connection may send nothing before it is closed; 60 s by default. For tests. */
        Builder idleTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the idle timeout must be positive, was " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /** The broker it reports on and acts on. Required. */
        public Builder broker(Broker broker) {
            this.broker = Objects.requireNonNull(broker, "broker");
            return this;
        }

        /** The STOMP server in front of the broker, for {@code /ready} and the listeners it shows. Optional. */
        public Builder server(StompServer server) {
            this.server = server;
            return this;
        }

        /** The broker's cluster bus, for {@code /ready}, the cluster's nodes and the Redis metrics. Optional. */
        public Builder cluster(RedisClusterBus cluster) {
            this.cluster = cluster;
            return this;
        }

        /** The address to listen on; {@value #DEFAULT_BIND} by default. Another than loopback needs {@link #users}. */
        public Builder bind(String host) {
            this.bind = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port to listen on; 0 (the default) picks a free one, which {@link AdminServer#port()} tells. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("a port is 0 to 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** The users who may log in, of whom those in the {@link #adminGroup} are let in; none: everyone. */
        public Builder users(UsersFile users) {
            this.users = users;
            return this;
        }

        /** The same, read from a users file (see {@code stompede user add}). */
        public Builder users(Path file) throws IOException {
            return users(UsersFile.load(file));
        }

        /** The group of the users file whose users are let in; {@value #DEFAULT_ADMIN_GROUP} by default. */
        public Builder adminGroup(String group) {
            if (group == null || group.isBlank()) {
                throw new IllegalArgumentException("the admin group needs a name");
            }
            this.adminGroup = group;
            return this;
        }

        /**
         * Binds the port and starts answering.
         *
         * @throws IOException           when the address cannot be resolved or bound
         * @throws IllegalStateException when no broker was given, or without users on an address
         *                               other than loopback
         */
        public AdminServer start() throws IOException {
            if (broker == null) {
                throw new IllegalStateException("the admin endpoint needs the broker it reports on");
            }
            InetAddress host = InetAddress.getByName(bind);
            if (users == null && !host.isLoopbackAddress()) {
                throw new IllegalStateException("the admin endpoint has no users file, so it would be open to anyone: "
                        + "it listens only on a loopback address without one, not on " + bind);
            }
            String version = version();
            Clock clock = Clock.systemUTC();
            BrokerCounts counts = new BrokerCounts(broker.config());
            Sampler sampler = new Sampler(broker, counts, clock);
            ThreadPoolExecutor loginWorkers = workers("stompede-admin-login", LOGIN_WORKERS, LOGIN_QUEUE);
            ThreadPoolExecutor operationWorkers = workers("stompede-admin-operation", OPERATION_WORKERS,
                    OPERATION_QUEUE);
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("stompede-admin"),
                    NioIoHandler.newFactory());
            AdminAccess access = AdminAccess.of(users, adminGroup, loginWorkers, throttle, group);
            AdminApi api = new AdminApi(broker, server, cluster, counts, sampler,
                    new BrokerMetrics(broker, counts, cluster, version), operationWorkers, clock, version);
            StaticFiles files = StaticFiles.of(AdminServer.class, "/", STATUS_PAGE);
            AdminHandler.NotFound notFound = new AdminHandler.NotFound();
            AdminHandler.Overloaded overloaded = new AdminHandler.Overloaded();
            SecurityHeaders securityHeaders = new SecurityHeaders();
            AtomicInteger open = new AtomicInteger();
            int maxOpen = maxConnections;
            long idleMillis = idleTimeout.toMillis();
            ScheduledFuture<?> sampling = null;
            try {
                broker.addObserver(counts);
                // The sampler is confined to the event loop that also answers the requests that read it.
                group.submit(sampler::start).syncUninterruptibly();
                sampling = group.next().scheduleAtFixedRate(sampler::tick, 1, 1, TimeUnit.SECONDS);
                ServerBootstrap bootstrap = new ServerBootstrap()
                        .group(group)
                        .channel(NioServerSocketChannel.class)
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel channel) {
                                // The security headers just after the codec: every response passes them.
                                channel.pipeline().addLast(new HttpServerCodec(), securityHeaders);
                                if (open.incrementAndGet() > maxOpen) {
                                    open.decrementAndGet();
                                    channel.pipeline().addLast(new IdleStateHandler(0, 0,
                                                    OVERLOADED_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                                            new HttpObjectAggregator(MAX_REQUEST_BYTES), overloaded);
                                    return;
                                }
                                channel.closeFuture().addListener(closed -> open.decrementAndGet());
                                channel.pipeline().addLast(
                                        new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS),
                                        new HttpObjectAggregator(MAX_REQUEST_BYTES),
                                        new AdminHandler(access, api), files, notFound);
                            }
                        });
                InetSocketAddress address = new InetSocketAddress(host, port);
                ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
                if (!bound.isSuccess()) {
                    throw new IOException("cannot listen on " + address + ": " + bound.cause().getMessage(),
                            bound.cause());
                }
                AdminServer admin = new AdminServer(broker, counts, group, loginWorkers, operationWorkers,
                        bound.channel(), sampling);
                if (access.isOpen()) {
                    LOG.warn("Admin endpoint at {} has no users file: anyone on this machine may use it", admin.uri());
                } else {
                    LOG.info("Admin endpoint at {}, for the users of group {}", admin.uri(), adminGroup);
                }
                return admin;
            } catch (IOException | RuntimeException e) {
                broker.removeObserver(counts);
                if (sampling != null) {
                    sampling.cancel(false);
                }
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
                loginWorkers.shutdownNow();
                operationWorkers.shutdownNow();
                throw e;
            }
        }

        private static ThreadPoolExecutor workers(String name, int threads, int queue) {
            ThreadPoolExecutor workers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(queue), new DefaultThreadFactory(name, true));
            workers.allowCoreThreadTimeOut(true);
            return workers;
        }

        /** The jar's version, or the broker's own when run from classes (in development). */
        private static String version() {
            String version = AdminServer.class.getPackage().getImplementationVersion();
            return version != null ? version : Broker.SERVER_NAME.substring(Broker.SERVER_NAME.indexOf('/') + 1);
        }
    }
}
