package io.stompede.examples.chat;

import io.stompede.security.AsyncAuthenticator;
import io.stompede.security.AuthenticationRequest;
import io.stompede.security.Authenticator;
import io.stompede.security.PasswordHash;
import io.stompede.security.StompPrincipal;
import io.stompede.security.UsersFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat's users, in a Stompede users file: the authenticator that checks each CONNECT's login
 * and passcode against it, and sign-up, which adds a user to it. The file is read again whenever
 * it changed, so a user added by the other instance on this machine, or with
 * {@code stompede user add}, can sign in at once. Sign-ups from both instances take a lock file
 * beside the users file, so neither loses the other's user; two instances in one JVM also share
 * a lock per file, since a file lock is the whole JVM's.
 *
 * <p>Names are compared without case: sign-up keeps a name in lower case, and a login is looked
 * up in lower case, so {@code Alice} signs in as {@code alice} and nobody can sign up as
 * {@code Alice} beside her. Sign-up takes only ASCII letters, digits and {@code . _ -}, so no
 * look-alike letter of another script makes a second {@code alice} on a page that shows only names.
 *
 * <p>Thread-safe.
 */
final class ChatUsers {
    /** ASCII letters, digits and {@code . _ -}, 2 to 32 of them, starting with a letter or digit; kept in lower case. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,31}");
    static final int MIN_PASSWORD_LENGTH = 8;
    static final int MAX_PASSWORD_LENGTH = 128;
    /** The most users sign-up adds up to: the file is rewritten, and read again, whole on every sign-up. */
    static final int DEFAULT_MAX_USERS = 10_000;
    static final String GROUP = "chat";
    private static final Logger LOG = LoggerFactory.getLogger(ChatUsers.class);
    /** A file lock belongs to the whole JVM (a second lock() of it throws): one lock per lock file, for every instance in it. */
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final int iterations;
    private final int maxUsers;
    private volatile Loaded loaded;

    /** The file as last read, how to tell that it changed since, and its names by {@link #key}. */
    private record Loaded(FileTime modified, long size, Object key, Authenticator authenticator,
                          Map<String, String> names) {
        boolean isCurrent(BasicFileAttributes now) {
            return now.lastModifiedTime().equals(modified) && now.size() == size && Objects.equals(now.fileKey(), key);
        }
    }

    /** Why a sign-up was refused. */
    enum Refusal {
        /** Not a valid name or password. */
        INVALID,
        /** The name is someone else's. */
        TAKEN,
        /** The chat has its most users. */
        FULL
    }

    /** Why a sign-up was refused, in words for the person signing up. */
    static final class SignUpRefused extends Exception {
        private final Refusal reason;

        SignUpRefused(String message, Refusal reason) {
            super(message, null, false, false);
            this.reason = reason;
        }

        Refusal reason() {
            return reason;
        }
    }

    /**
     * @param file       the users file, created empty if missing
     * @param iterations the PBKDF2 iterations of the hashes sign-up writes
     * @param maxUsers   how many users the file may hold before sign-up refuses more
     */
    ChatUsers(Path file, int iterations, int maxUsers) throws IOException {
        this.iterations = iterations;
        this.maxUsers = maxUsers;
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        // The real path, so that two names of one file (a link, "a/../users") share their locks.
        this.file = Files.exists(absolute) ? absolute.toRealPath()
                : absolute.getParent().toRealPath().resolve(absolute.getFileName());
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        if (Files.notExists(this.file)) {
            withLock(() -> {
                if (Files.notExists(this.file)) {
                    UsersFile.empty().save(this.file);
                }
            });
        }
        current();
    }

    Path file() {
        return file;
    }

    /**
     * Checks a login and passcode against the file as it is now, the login in any case;
     * anonymous clients are refused.
     */
    AsyncAuthenticator authenticator() {
        return (AuthenticationRequest request, Executor workers) -> CompletableFuture
                .supplyAsync(this::current, workers)
                .thenCompose(current -> authenticate(current.authenticator(), asListed(request, current), workers));
    }

    /** The request with its login as the file spells it, when the file has it in another case. */
    private static AuthenticationRequest asListed(AuthenticationRequest request, Loaded current) {
        if (request.login() == null) {
            return request;
        }
        String listed = current.names().get(key(request.login()));
        return listed == null || listed.equals(request.login()) ? request
                : new AuthenticationRequest(listed, request.passcode(), request.host(), request.connection());
    }

    /** How names are compared: without case. */
    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static CompletionStage<Optional<StompPrincipal>> authenticate(Authenticator authenticator,
                                                                          AuthenticationRequest request,
                                                                          Executor workers) {
        return Authenticator.async(authenticator).authenticate(request, workers);
    }

    /**
     * Adds {@code name} with this password.
     *
     * @throws SignUpRefused when the name or password is not acceptable or the name is taken
     */
    /**
     * Adds {@code name}, in lower case, with this password.
     *
     * @return the name as kept, in lower case
     * @throws SignUpRefused when the name or password is not acceptable, the name is taken in
     *                       any case, or the file has its most users
     */
    String signUp(String name, char[] password) throws SignUpRefused, IOException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new SignUpRefused("a name is 2 to 32 letters a-z, digits, '.', '_' or '-', starting with a letter or digit",
                    Refusal.INVALID);
        }
        if (password == null || password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
            throw new SignUpRefused("a password is " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH + " characters",
                    Refusal.INVALID);
        }
        String kept = key(name);
        // Refused before the hash when the file as last read tells already.
        Loaded before = current();
        refuseIfTakenOrFull(before.names(), kept);
        // Hashed before taking the lock: it takes a large fraction of a second on purpose.
        String hash = PasswordHash.hash(password, iterations);
        SignUpRefused[] refused = {null};
        withLock(() -> {
            UsersFile users = UsersFile.load(file);
            try {
                refuseIfTakenOrFull(names(users), kept);
            } catch (SignUpRefused e) {
                refused[0] = e;
                return;
            }
            users.withUser(kept, hash, Set.of(GROUP)).save(file);
        });
        if (refused[0] != null) {
            throw refused[0];
        }
        LOG.info("{} signed up", kept);
        return kept;
    }

    private void refuseIfTakenOrFull(Map<String, String> names, String kept) throws SignUpRefused {
        if (names.containsKey(kept)) {
            throw new SignUpRefused("the name " + kept + " is taken", Refusal.TAKEN);
        }
        if (names.size() >= maxUsers) {
            throw new SignUpRefused("this chat has its " + maxUsers + " users, the most it takes; ask for an account",
                    Refusal.FULL);
        }
    }

    /** The file's names by {@link #key}; of two that differ only in case, the first in the file. */
    private static Map<String, String> names(UsersFile users) {
        Map<String, String> names = new HashMap<>();
        users.users().forEach(user -> names.putIfAbsent(key(user.name()), user.name()));
        return names;
    }

    /** The file as it is now, read again if it changed. */
    private Loaded current() {
        try {
            BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class);
            Loaded last = loaded;
            if (last != null && last.isCurrent(now)) {
                return last;
            }
            UsersFile users = UsersFile.load(file);
            Map<String, String> names = names(users);
            if (names.size() < users.users().size()) {
                LOG.warn("{} has names that differ only in case; each signs in as the first of them", file);
            }
            Loaded fresh = new Loaded(now.lastModifiedTime(), now.size(), now.fileKey(), users.authenticator(false),
                    Map.copyOf(names));
            loaded = fresh;
            LOG.info("Read {} users from {}", users.users().size(), file);
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the users file " + file, e);
        }
    }

    private interface FileWork {
        void run() throws IOException;
    }

    /**
     * Runs {@code work} holding this JVM's lock of the file, against its other threads and
     * instances, and the lock file, against other processes.
     */
    private void withLock(FileWork work) throws IOException {
        ReentrantLock inThisJvm = JVM_LOCKS.computeIfAbsent(lockFile, path -> new ReentrantLock());
        inThisJvm.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            work.run();
        } finally {
            inThisJvm.unlock();
        }
    }
}
