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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat's users, in a Stompede users file: the authenticator that checks each CONNECT's login
 * and passcode against it, and sign-up, which adds a user to it. The file is read again whenever
 * it changed, so a user added by the other instance on this machine, or with
 * {@code stompede user add}, can sign in at once. Sign-ups from both instances take a lock file
 * beside the users file, so neither loses the other's user.
 *
 * <p>Thread-safe.
 */
final class ChatUsers {
    /** Letters, digits and {@code . _ -}, 2 to 24 of them, starting with a letter or digit. */
    static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._-]{1,23}");
    static final int MIN_PASSWORD_LENGTH = 8;
    static final int MAX_PASSWORD_LENGTH = 128;
    static final String GROUP = "chat";
    private static final Logger LOG = LoggerFactory.getLogger(ChatUsers.class);

    private final Path file;
    private final int iterations;
    private volatile Loaded loaded;

    /** The file as last read, and how to tell that it changed since. */
    private record Loaded(FileTime modified, long size, Object key, Authenticator authenticator) {
        boolean isCurrent(BasicFileAttributes now) {
            return now.lastModifiedTime().equals(modified) && now.size() == size && Objects.equals(now.fileKey(), key);
        }
    }

    /** Why a sign-up was refused, in words for the person signing up. */
    static final class SignUpRefused extends Exception {
        private final boolean taken;

        SignUpRefused(String message, boolean taken) {
            super(message, null, false, false);
            this.taken = taken;
        }

        /** Whether the name is someone else's, rather than not a valid name or password. */
        boolean taken() {
            return taken;
        }
    }

    /**
     * @param file       the users file, created empty if missing
     * @param iterations the PBKDF2 iterations of the hashes sign-up writes
     */
    ChatUsers(Path file, int iterations) throws IOException {
        this.file = file.toAbsolutePath();
        this.iterations = iterations;
        if (Files.notExists(this.file)) {
            Files.createDirectories(this.file.getParent());
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

    /** Checks a login and passcode against the file as it is now; anonymous clients are refused. */
    AsyncAuthenticator authenticator() {
        return (AuthenticationRequest request, Executor workers) -> CompletableFuture
                .supplyAsync(this::current, workers)
                .thenCompose(authenticator -> authenticate(authenticator, request, workers));
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
    void signUp(String name, char[] password) throws SignUpRefused, IOException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new SignUpRefused("a name is 2 to 24 letters, digits, '.', '_' or '-', starting with a letter or digit", false);
        }
        if (password == null || password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
            throw new SignUpRefused("a password is " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH + " characters", false);
        }
        // Hashed before taking the lock: it takes a large fraction of a second on purpose.
        String hash = PasswordHash.hash(password, iterations);
        boolean[] taken = {false};
        withLock(() -> {
            UsersFile users = UsersFile.load(file);
            if (users.user(name).isPresent()) {
                taken[0] = true;
                return;
            }
            users.withUser(name, hash, Set.of(GROUP)).save(file);
        });
        if (taken[0]) {
            throw new SignUpRefused("the name " + name + " is taken", true);
        }
        LOG.info("{} signed up", name);
    }

    /** The authenticator of the file as it is now, read again if it changed. */
    private Authenticator current() {
        try {
            BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class);
            Loaded last = loaded;
            if (last != null && last.isCurrent(now)) {
                return last.authenticator();
            }
            UsersFile users = UsersFile.load(file);
            Loaded fresh = new Loaded(now.lastModifiedTime(), now.size(), now.fileKey(), users.authenticator(false));
            loaded = fresh;
            LOG.info("Read {} users from {}", users.users().size(), file);
            return fresh.authenticator();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the users file " + file, e);
        }
    }

    private interface FileWork {
        void run() throws IOException;
    }

    /** Runs {@code work} holding the lock file, against this JVM's other threads and other processes. */
    private synchronized void withLock(FileWork work) throws IOException {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            work.run();
        }
    }
}
