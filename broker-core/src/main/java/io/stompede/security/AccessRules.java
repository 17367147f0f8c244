package io.stompede.security;

import io.stompede.destination.DestinationPattern;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The built-in access rules file, an {@link Authorizer}: one rule per line,
 * {@code WHO RIGHTS PATTERN}, granting {@code send} and/or {@code subscribe} on the destinations a
 * pattern matches (the wildcard syntax of subscriptions: {@code *} one segment, {@code **} or
 * {@code #} any number). WHO is {@code user:NAME}, {@code group:NAME} or {@code *} (everyone,
 * anonymous clients included). Blank lines and lines starting with {@code #} are ignored:
 *
 * <pre>
 * # who          rights           destination pattern
 * group:chat     send,subscribe   /topic/chat/**
 * group:chat     send             /app/chat
 * user:billing   subscribe        /queue/invoices
 * *              subscribe        /topic/public/**
 * </pre>
 *
 * <p>Rules only grant: whatever no rule grants is denied, so the order of lines does not matter.
 * A subscription to a pattern needs a rule whose pattern matches every destination the
 * subscription's does ({@code /topic/chat/**} allows subscribing to {@code /topic/chat/*}, not to
 * {@code /topic/**}).
 *
 * <p>Immutable and thread-safe.
 */
public final class AccessRules implements Authorizer {
    private final List<Rule> rules;

    private record Rule(Kind kind, String name, Set<Permission> permissions, DestinationPattern pattern) {
        enum Kind { USER, GROUP, EVERYONE }

        boolean appliesTo(StompPrincipal principal) {
            return switch (kind) {
                case EVERYONE -> true;
                case USER -> principal.name().equals(name);
                case GROUP -> principal.groups().contains(name);
            };
        }
    }

    private AccessRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Reads a rules file (UTF-8).
     *
     * @throws IOException when it cannot be read, or a line is malformed (the message says which)
     */
    public static AccessRules load(Path file) throws IOException {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Parses the lines of a rules file; {@code source} names it in error messages. */
    public static AccessRules parse(List<String> lines, String source) {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            try {
                if (fields.length != 3) {
                    throw new IllegalArgumentException("expected WHO RIGHTS PATTERN");
                }
                rules.add(rule(fields[0], fields[1], fields[2]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new AccessRules(rules);
    }

    private static Rule rule(String who, String rights, String pattern) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (String right : rights.split(",", -1)) {
            switch (right.toLowerCase(Locale.ROOT)) {
                case "send" -> permissions.add(Permission.SEND);
                case "subscribe" -> permissions.add(Permission.SUBSCRIBE);
                default -> throw new IllegalArgumentException("unknown right '" + right + "'; use send, subscribe");
            }
        }
        DestinationPattern compiled = DestinationPattern.compile(pattern);
        if (who.equals("*")) {
            return new Rule(Rule.Kind.EVERYONE, null, permissions, compiled);
        }
        if (who.startsWith("user:")) {
            return new Rule(Rule.Kind.USER, Names.check(who.substring(5), "user name"), permissions, compiled);
        }
        if (who.startsWith("group:")) {
            return new Rule(Rule.Kind.GROUP, Names.check(who.substring(6), "group"), permissions, compiled);
        }
        throw new IllegalArgumentException("WHO is user:NAME, group:NAME or *, not '" + who + "'");
    }

    @Override
    public boolean allows(StompPrincipal principal, Permission permission, String destination) {
        DestinationPattern subscription = permission == Permission.SUBSCRIBE && DestinationPattern.isWildcard(destination)
                ? DestinationPattern.compile(destination)
                : null;
        for (Rule rule : rules) {
            if (rule.permissions().contains(permission) && rule.appliesTo(principal)
                    && (subscription == null ? rule.pattern().matches(destination) : rule.pattern().covers(subscription))) {
                return true;
            }
        }
        return false;
    }

    /** The number of rules; for the start-up log. */
    public int size() {
        return rules.size();
    }

    @Override
    public String toString() {
        return "AccessRules[" + rules.size() + " rules]";
    }
}
