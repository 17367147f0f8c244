package io.stompede.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in users file: one user per line, {@code NAME HASH [GROUP,GROUP...]}, where HASH is a
 * {@link PasswordHash} ({@code $pbkdf2-sha256$i=...}) or {@code -} for a user who may only
 * authenticate with a client certificate whose CN is NAME. Blank lines and lines starting with
 * {@code #} are ignored:
 *
 * <pre>
 * # name   password hash                                   groups
 * alice    $pbkdf2-sha256$i=600000$3q2+7w...$Yk1...       chat,admins
 * sensor-7 -                                               sensors
 * </pre>
 *
 * Immutable and thread-safe; {@link #withUser} returns a changed copy, which {@link #save} writes.
 */
public final class UsersFile {
    private final Map<String, User> users;

    /**
     * One user of the file.
     *
     * @param name     the login, and the principal's name
     * @param password the password hash, or {@code null} for a certificate-only user
     * @param groups   the groups that access rules may grant rights to
     */
    public record User(String name, PasswordHash password, Set<String> groups) {
        public User {
            groups = Collections.unmodifiableSet(new LinkedHashSet<>(groups));
        }

        StompPrincipal principal() {
            return new StompPrincipal(name, groups);
        }
    }

    private UsersFile(Map<String, User> users) {
        this.users = Collections.unmodifiableMap(users);
    }

    /** A file with no users, to add some to. */
    public static UsersFile empty() {
        return new UsersFile(new LinkedHashMap<>());
    }

    /**
     * Reads a users file (UTF-8).
     *
     * @throws IOException when it cannot be read, or a line is malformed (the message says which)
     */
    public static UsersFile load(Path file) throws IOException {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Parses the lines of a users file; {@code source} names it in error messages. */
    static UsersFile parse(List<String> lines, String source) {
        Map<String, User> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + ":" + (i + 1) + ": ";
            String[] fields = line.split("\\s+");
            if (fields.length < 2 || fields.length > 3) {
                throw new IllegalArgumentException(where + "expected NAME HASH [GROUPS]");
            }
            try {
                String name = Names.check(fields[0], "user name");
                PasswordHash password = fields[1].equals("-") ? null : PasswordHash.parse(fields[1]);
                Set<String> groups = fields.length == 3 ? Names.list(fields[2], "group") : Set.of();
                if (users.putIfAbsent(name, new User(name, password, groups)) != null) {
                    throw new IllegalArgumentException("user '" + name + "' appears twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
        return new UsersFile(users);
    }

    /** The user called {@code name}, if listed. */
    public Optional<User> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    /** Every user, in file order. */
    public Collection<User> users() {
        return users.values();
    }

    /**
     * A copy with {@code name} added, or replaced if already there (keeping its place).
     *
     * @param encodedHash a {@link PasswordHash} in encoded form, or {@code null} for certificate only
     */
    public UsersFile withUser(String name, String encodedHash, Collection<String> groups) {
        Names.check(name, "user name");
        groups.forEach(group -> Names.check(group, "group"));
        Map<String, User> copy = new LinkedHashMap<>(users);
        copy.put(name, new User(name, encodedHash == null ? null : PasswordHash.parse(encodedHash),
                new LinkedHashSet<>(groups)));
        return new UsersFile(copy);
    }

    /**
     * Writes the file: to a temporary file beside it, readable by its owner only where the file
     * system has POSIX permissions, then moved over the old one, so a reader never sees half a file.
     */
    public void save(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temporary);
        }
        Files.write(temporary, lines(), StandardCharsets.UTF_8);
        try {
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("# Stompede users: NAME PASSWORD-HASH [GROUP,GROUP...]; '-' as hash: client certificate only.");
        lines.add("# Add or change a user with: stompede user add NAME --users FILE --groups a,b");
        for (User user : users.values()) {
            String hash = user.password() == null ? "-" : user.password().encoded();
            lines.add(user.name() + " " + hash + (user.groups().isEmpty() ? "" : " " + String.join(",", user.groups())));
        }
        return lines;
    }

    /**
     * The authenticator for this file: a login must name a user and its passcode match the hash;
     * a client with no login is identified by its verified certificate's CN, which must name a
     * user; a client with neither is refused unless {@code allowAnonymous}, when it connects as
     * {@link StompPrincipal#ANONYMOUS}.
     */
    public Authenticator authenticator(boolean allowAnonymous) {
        return new UsersFileAuthenticator(this, allowAnonymous);
    }
}
