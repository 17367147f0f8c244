package io.stompede.examples.chat;

import io.stompede.Broker;
import io.stompede.cluster.ClusterBus;
import io.stompede.cluster.redis.RedisClusterBus;
import io.stompede.netty.StaticFiles;
import io.stompede.netty.StompServer;
import io.stompede.security.PasswordHash;
import io.stompede.store.FsyncPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The chat as a web application, broker included: one port serves the page
 * ({@code http://127.0.0.1:15674/}) and its STOMP endpoint ({@code ws://127.0.0.1:15674/stomp}),
 * another plain STOMP over TCP. Users sign in with a name and password from the users file (or
 * sign up on the page); every member of room 5 subscribes to {@code /subscribe/chat/room/5} and
 * SENDs {@code {"chatRoomId":5,"type":"MESSAGE","message":"hi"}} to {@code /publish/chat}; the
 * server publishes it to the room with the sender's name as {@code writer}, and publishes ENTER
 * and LEAVE as people come and go. Rooms and each room's recent messages are kept in the data
 * directory, or in Redis when several instances share one ({@link Builder#cluster}).
 *
 * <p>This class is the composition root: it wires the pieces and owns their lifetimes. Thread-safe.
 */
public final class ChatServer implements AutoCloseable {
    /**
     * How many events each room's topic retains for a newcomer: messages, ENTERs and LEAVEs,
     * which share the topic. The page shows only the messages of it, so that it takes this many
     * comings and goings, not a third as many, before presence pushes a message out.
     */
    static final int ROOM_HISTORY = 300;
    /** Where the page's STOMP endpoint is, on the page's own port. */
    static final String STOMP_PATH = "/stomp";
    /** How many sign-ups one address may try in a minute. */
    static final int DEFAULT_SIGN_UPS_PER_MINUTE = 5;

    private final StompServer server;
    private final Presence presence;
    private final Rooms rooms;
    private final ExecutorService signUps;
    private final ChatUsers users;

    private ChatServer(StompServer server, Presence presence, Rooms rooms, ExecutorService signUps, ChatUsers users) {
        this.server = server;
        this.presence = presence;
        this.rooms = rooms;
        this.signUps = signUps;
        this.users = users;
    }

    /**
     * Starts configuring a chat; {@code builder().start()} is a chat on
     * {@code http://127.0.0.1:15674/} with its data in {@code ./chat-data}.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The port of the page and its WebSocket endpoint. */
    public int webPort() {
        return server.webSocketPort();
    }

    /** The port of STOMP over TCP. */
    public int tcpPort() {
        return server.tcpPort();
    }

    /**
     * The address to open in a browser on this machine: when listening on every address
     * ({@code --host 0.0.0.0}), the loopback one, since {@code 0.0.0.0} is no address to connect to.
     */
    public URI pageUri() {
        String host = server.listenerUris().get(0).getHost();
        if (listensOnAllAddresses()) {
            host = "127.0.0.1";
        }
        return URI.create("http://" + host + ":" + webPort() + "/");
    }

    /** Whether the chat listens on every address of this machine, as with {@code --host 0.0.0.0}. */
    boolean listensOnAllAddresses() {
        String host = server.listenerUris().get(0).getHost();
        return host.equals("0.0.0.0") || host.equals("[::]") || host.equals("::") || host.equals("[0:0:0:0:0:0:0:0]");
    }

    /** The page's address on each address of this machine that other devices may reach, for the banner. */
    private List<URI> networkPageUris() {
        List<URI> uris = new ArrayList<>();
        try {
            for (NetworkInterface face : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!face.isUp() || face.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(face.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        uris.add(URI.create("http://" + address.getHostAddress() + ":" + webPort() + "/"));
                    }
                }
            }
        } catch (SocketException e) {
            // No list of interfaces: the loopback address is printed alone.
        }
        return uris;
    }

    /** The users file that sign-in checks and sign-up writes. */
    public Path usersFile() {
        return users.file();
    }

    /** Stops presence first, so that stopping publishes no LEAVE for everyone, then the server and the broker. */
    @Override
    public void close() {
        presence.close();
        rooms.close();
        server.close();
        signUps.shutdownNow();
    }

    /** How to start the chat; every setting has a default for running it on one's own machine. Not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int tcpPort = 61613;
        private int webPort = 15674;
        private Path dataDirectory = Path.of("chat-data");
        private Path usersFile;
        private String redisUri;
        private String nodeId;
        private boolean signUp = true;
        private int passwordIterations = PasswordHash.DEFAULT_ITERATIONS;
        private Duration presenceRefresh = Presence.DEFAULT_REFRESH;
        private Clock clock = Clock.systemUTC();
        private int signUpsPerMinute = DEFAULT_SIGN_UPS_PER_MINUTE;
        private int maxUsers = ChatUsers.DEFAULT_MAX_USERS;

        private Builder() {
        }

        /** The address to listen on; default {@code 127.0.0.1}, {@code 0.0.0.0} for phones on the network. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** STOMP over TCP; default 61613, 0 for a free port. */
        public Builder tcpPort(int port) {
            this.tcpPort = port;
            return this;
        }

        /** The page and its WebSocket; default 15674, 0 for a free port. */
        public Builder webPort(int port) {
            this.webPort = port;
            return this;
        }

        /** Where rooms, history and (by default) the users file live; default {@code ./chat-data}, created if missing. */
        public Builder dataDirectory(Path dir) {
            this.dataDirectory = Objects.requireNonNull(dir);
            return this;
        }

        /** The users file; default {@code users} in the data directory, created empty if missing. */
        public Builder usersFile(Path file) {
            this.usersFile = Objects.requireNonNull(file);
            return this;
        }

        /**
         * Makes this one instance of a chat shared through the Redis at {@code redisUri}
         * ({@code redis://HOST:PORT}); {@code nodeId} must be unique among the instances, or
         * {@code null} for a random one.
         */
        public Builder cluster(String redisUri, String nodeId) {
            this.redisUri = Objects.requireNonNull(redisUri);
            this.nodeId = nodeId;
            return this;
        }

        /** Whether the page may add users (POST /signup); default yes. */
        public Builder signUp(boolean allowed) {
            this.signUp = allowed;
            return this;
        }

        /** The PBKDF2 iterations of the hashes sign-up writes; default {@link PasswordHash#DEFAULT_ITERATIONS}. */
        public Builder passwordIterations(int iterations) {
            this.passwordIterations = iterations;
            return this;
        }

        /** How often each instance tells the others who it has; default 2 s. */
        public Builder presenceRefresh(Duration refresh) {
            this.presenceRefresh = Objects.requireNonNull(refresh);
            return this;
        }

        /** The clock of the events' {@code sentAt}; default the system's. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** How many sign-ups one address may try in a minute; default {@value ChatServer#DEFAULT_SIGN_UPS_PER_MINUTE}. */
        Builder signUpsPerMinute(int perMinute) {
            this.signUpsPerMinute = perMinute;
            return this;
        }

        /** How many users the users file may hold before sign-up refuses more; default 10,000. */
        Builder maxUsers(int users) {
            this.maxUsers = users;
            return this;
        }

        /**
         * Starts the chat: opens the data directory and the users file, connects to Redis when
         * clustered, and listens on both ports.
         *
         * @return the running chat, to {@linkplain ChatServer#close close} when done
         * @throws IOException when the data directory is in use by another instance (in this
         *                     process or another), the users file cannot be read or created, or
         *                     a port is taken; whatever was started by then is stopped again
         */
        public ChatServer start() throws IOException {
            Files.createDirectories(dataDirectory);
            String node = nodeId != null ? nodeId : redisUri == null ? "local" : "chat-" + UUID.randomUUID();
            // Each instance keeps its own journal: two cannot share one; in a cluster, Redis holds the history.
            Path journal = dataDirectory.resolve(redisUri == null ? "journal" : "journal-" + node);
            ChatUsers users = new ChatUsers(usersFile != null ? usersFile : dataDirectory.resolve("users"),
                    passwordIterations, maxUsers);
            ChatEvents events = new ChatEvents(clock);
            Rooms rooms = new Rooms(events);
            // Everything started from here on is stopped again, in reverse, if a later step fails.
            Deque<AutoCloseable> started = new ArrayDeque<>();
            try {
                ClusterBus bus = redisUri == null ? ClusterBus.LOCAL : RedisClusterBus.builder(redisUri).nodeId(node).build();
                started.push(bus);
                Presence presence = new Presence(node, events, clock, presenceRefresh);
                started.push(presence);
                Broker broker = Broker.builder()
                        .clusterBus(bus)
                        .authenticator(users.authenticator())
                        .authorizer(new ChatAccess())
                        // The page does not resume sessions (it reloads the room's history), and a
                        // kept session would keep a closed tab in the presence list for the grace.
                        .noResume()
                        // A chat message lost in the last 100 ms before a power cut is an acceptable price.
                        .dataDirectory(journal, FsyncPolicy.interval(FsyncPolicy.DEFAULT_INTERVAL))
                        .history(ChatDestinations.ROOMS, Rooms.MAX_ROOMS)
                        .history(ChatDestinations.ALL_ROOMS, ROOM_HISTORY)
                        .application(ChatDestinations.PUBLISH_CHAT, new ChatHandler(rooms, events))
                        .application(ChatDestinations.PUBLISH_ROOMS, rooms)
                        .application(ChatDestinations.PUBLISH_MEMBERS, presence)
                        .build();
                // The broker closes the bus and its journal; presence stops before it.
                started.clear();
                started.push(broker);
                started.push(presence);
                rooms.start(broker);
                started.push(rooms);
                presence.start(broker);
                // One worker for sign-ups, each a slow hash on purpose; a burst beyond 16 waiting is refused.
                ExecutorService signUps = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(16));
                started.push(signUps::shutdownNow);
                StaticFiles files = StaticFiles.of(ChatServer.class, "/", PageFiles.WEB_ROOT)
                        .and(PageFiles.STOMPJS_PATH, PageFiles.stompJsBundles());
                SignUpHandler http = new SignUpHandler(users, signUps, files, signUp,
                        new SignUpLimit(signUpsPerMinute, Duration.ofMinutes(1), System::nanoTime));
                StompServer server = StompServer.builder().broker(broker).closeBrokerOnClose(true)
                        .bind(host)
                        .tcp(tcpPort)
                        .webSocket(webPort, STOMP_PATH)
                        .httpHandler(() -> http)
                        .start();
                return new ChatServer(server, presence, rooms, signUps, users);
            } catch (UncheckedIOException e) {
                // How the broker tells of a journal it cannot open, as when another instance has it.
                IOException cause = e.getCause();
                stopAll(started, cause);
                throw cause;
            } catch (IOException | RuntimeException | Error e) {
                stopAll(started, e);
                throw e;
            }
        }

        /** Stops what was started, newest first; a failure to stop is kept in {@code cause}. */
        private static void stopAll(Deque<AutoCloseable> started, Throwable cause) {
            for (AutoCloseable next : started) {
                try {
                    next.close();
                } catch (Exception | Error e) {
                    cause.addSuppressed(e);
                }
            }
        }
    }

    /**
     * {@code [--host H] [--tcp-port N] [--ws-port N] [--data DIR] [--users FILE] [--no-signup]
     * [--cluster redis://HOST:PORT [--node-id ID]]}; see {@link Builder} for the defaults.
     */
    public static void main(String[] args) throws Exception {
        Builder builder = ChatCommandLine.parse(args);
        if (builder == null) {
            System.out.println(ChatCommandLine.USAGE);
            return;
        }
        ChatServer chat = builder.start();
        chat.server.listenerUris().forEach(uri -> System.out.println("chat server listening on " + uri));
        System.out.println("chat on " + chat.pageUri() + " (users in " + chat.usersFile() + ")");
        if (chat.listensOnAllAddresses()) {
            List<URI> others = chat.networkPageUris();
            System.out.println("listening on all addresses" + (others.isEmpty() ? ""
                    : "; from another device: " + others.stream().map(URI::toString).collect(Collectors.joining(" or "))));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            chat.close();
            stopped.countDown();
        }, "chat-shutdown"));
        stopped.await();
    }
}
