package io.stompede.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A users file and an access rules file that a running broker follows: give the broker
 * {@link #authenticator()} and {@link #authorizer()}, then {@link #start} watching. Each file is
 * looked at every poll interval (its modification time, size and identity, so that a file
 * replaced by a rename counts); one that changed is read again and, once it parses, replaces the
 * one before, and the broker's sessions are checked against it
 * ({@link io.stompede.Broker#recheckSessions}): a session of a user who was removed from the users file, or
 * whose entry changed (password or groups), gets ERROR {@code credentials revoked} and is closed,
 * as is one holding a subscription the new rules no longer allow. A file that does not parse
 * changes nothing and is logged; the next change is tried again.
 *
 * <pre>{@code
 * SecurityFiles files = SecurityFiles.builder().users(usersPath, false).accessRules(rulesPath).build();
 * Broker broker = Broker.builder().authenticator(files.authenticator()).authorizer(files.authorizer()).build();
 * files.start(broker::recheckSessions);   // polls on a thread of its own; close() stops it
 * }</pre>
 *
 * <p>The revocation is by name: a principal that another authenticator named like a removed user
 * (a token's subject) is revoked too. Polling runs on a daemon thread of its own, never on a
 * transport thread. Thread-safe.
 */
public final class SecurityFiles implements AutoCloseable {
    /** See {@link Builder#pollInterval}. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(SecurityFiles.class);

    private final Path usersPath;
    private final boolean allowAnonymous;
    private final Path rulesPath;
    private final Duration pollInterval;
    private final AsyncAuthenticator authenticator = this::authenticate;
    private final Authorizer authorizer = this::allows;
    private volatile UsersFile users;
    private volatile AsyncAuthenticator usersAuthenticator;
    private volatile Authorizer rules = Authorizer.ALLOW_ALL;
    private Stamp usersStamp;
    private Stamp rulesStamp;
    private ScheduledExecutorService poller;
    private Consumer<Predicate<StompPrincipal>> recheckSessions;

    /** What identifies one version of a file without reading it. */
    private record Stamp(FileTime modified, long size, Object fileKey) {
        static Stamp of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        }
    }

    private SecurityFiles(Builder builder) throws IOException {
        this.usersPath = builder.users;
        this.allowAnonymous = builder.allowAnonymous;
        this.rulesPath = builder.rules;
        this.pollInterval = builder.pollInterval;
        if (usersPath != null) {
            usersStamp = Stamp.of(usersPath);
            setUsers(UsersFile.load(usersPath));
        }
        if (rulesPath != null) {
            rulesStamp = Stamp.of(rulesPath);
            rules = AccessRules.load(rulesPath);
        }
    }

    /** Starts configuring: a users file, a rules file, or both. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Who may connect: the users file's authenticator as it stands (see
     * {@link UsersFile#authenticator}); with no users file, {@link Authenticator#ALLOW_ALL}.
     */
    public AsyncAuthenticator authenticator() {
        return authenticator;
    }

    /** What clients may do: the rules file as it stands; with none, everything. */
    public Authorizer authorizer() {
        return authorizer;
    }

    /** The users file as last read, if one is configured. */
    public Optional<UsersFile> users() {
        return Optional.ofNullable(users);
    }

    /**
     * Starts polling the files; when one changes, {@code recheckSessions} is told whom it revokes
     * ({@code broker::recheckSessions}). A callback rather than the broker, so that security does
     * not depend on the package that composes it.
     */
    public synchronized void start(Consumer<Predicate<StompPrincipal>> recheckSessions) {
        if (poller != null) {
            throw new IllegalStateException("already started");
        }
        this.recheckSessions = Objects.requireNonNull(recheckSessions);
        poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "stompede-security-files");
            thread.setDaemon(true);
            return thread;
        });
        long millis = pollInterval.toMillis();
        poller.scheduleWithFixedDelay(this::reloadQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Looks at the files now and reloads what changed, as the poller does; {@code true} when
     * something was reloaded. For tests, and for an operator's "reload now".
     */
    public synchronized boolean reload() {
        boolean usersChanged = reloadUsers();
        boolean rulesChanged = reloadRules();
        return usersChanged || rulesChanged;
    }

    private boolean reloadUsers() {
        if (usersPath == null) {
            return false;
        }
        try {
            Stamp now = Stamp.of(usersPath);
            if (now.equals(usersStamp)) {
                return false;
            }
            // Marked seen first: a version that does not parse is reported once, not at every poll.
            usersStamp = now;
            UsersFile before = users;
            UsersFile after = UsersFile.load(usersPath);
            setUsers(after);
            LOG.info("Reloaded {}: {} users", usersPath, after.users().size());
            recheck(principal -> revoked(before, after, principal.name()));
            return true;
        } catch (IOException e) {
            LOG.warn("Cannot reload {} ({}); keeping the users read before", usersPath, e.getMessage());
            return false;
        }
    }

    private boolean reloadRules() {
        if (rulesPath == null) {
            return false;
        }
        try {
            Stamp now = Stamp.of(rulesPath);
            if (now.equals(rulesStamp)) {
                return false;
            }
            rulesStamp = now;
            AccessRules after = AccessRules.load(rulesPath);
            rules = after;
            LOG.info("Reloaded {}: {} rules", rulesPath, after.size());
            recheck(principal -> false);
            return true;
        } catch (IOException e) {
            LOG.warn("Cannot reload {} ({}); keeping the rules read before", rulesPath, e.getMessage());
            return false;
        }
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: keep watching.
            LOG.error("Reloading the security files failed", e);
        }
    }

    private void recheck(Predicate<StompPrincipal> revoked) {
        if (recheckSessions != null) {
            recheckSessions.accept(revoked);
        }
    }

    /** Whether the user {@code name} of {@code before} is gone from {@code after}, or its entry changed. */
    private static boolean revoked(UsersFile before, UsersFile after, String name) {
        Optional<UsersFile.User> was = before.user(name);
        if (was.isEmpty()) {
            return false;
        }
        Optional<UsersFile.User> is = after.user(name);
        return is.isEmpty() || !encoded(was.get()).equals(encoded(is.get()))
                || !was.get().groups().equals(is.get().groups());
    }

    private static String encoded(UsersFile.User user) {
        return user.password() == null ? "-" : user.password().encoded();
    }

    private void setUsers(UsersFile file) {
        users = file;
        usersAuthenticator = Authenticator.async(file.authenticator(allowAnonymous));
    }

    private CompletionStage<Optional<StompPrincipal>> authenticate(AuthenticationRequest request, Executor workers) {
        AsyncAuthenticator current = usersAuthenticator;
        return current != null ? current.authenticate(request, workers)
                : Authenticator.async(Authenticator.ALLOW_ALL).authenticate(request, workers);
    }

    private boolean allows(StompPrincipal principal, Permission permission, String destination) {
        return rules.allows(principal, permission, destination);
    }

    /** Stops polling. Idempotent. */
    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "SecurityFiles[users=" + usersPath + ", rules=" + rulesPath + "]";
    }

    /** Configures {@link SecurityFiles}. Confined to the thread that configures it. */
    public static final class Builder {
        private Path users;
        private boolean allowAnonymous;
        private Path rules;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;

        private Builder() {
        }

        /** The users file; {@code allowAnonymous} as in {@link UsersFile#authenticator}. */
        public Builder users(Path file, boolean allowAnonymous) {
            this.users = Objects.requireNonNull(file);
            this.allowAnonymous = allowAnonymous;
            return this;
        }

        /** The access rules file (see {@link AccessRules}). */
        public Builder accessRules(Path file) {
            this.rules = Objects.requireNonNull(file);
            return this;
        }

        /** How often the files are looked at; default 2 s. */
        public Builder pollInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("the poll interval must be positive, was " + interval);
            }
            this.pollInterval = interval;
            return this;
        }

        /**
         * Reads the files.
         *
         * @throws IOException when one cannot be read or does not parse
         */
        public SecurityFiles build() throws IOException {
            return new SecurityFiles(this);
        }
    }
}
