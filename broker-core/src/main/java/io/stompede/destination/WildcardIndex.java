package io.stompede.destination;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The wildcard patterns of a registry, as a trie by segment. Immutable, hence thread-safe: {@link
 * #add} and {@link #remove} return a new index that shares every node off the changed path with this
 * one, so readers walk a snapshot without a lock while a writer builds the next one. A change
 * copies only the nodes on the pattern's path, each with its map of children.
 *
 * <p>Each index carries a version, one more than the index it was derived from, which the match
 * cache uses to tell whether an entry was computed from the current wildcard set.
 */
final class WildcardIndex<S> {
    private final Node<S> root;
    private final int size;
    private final long version;

    private WildcardIndex(Node<S> root, int size, long version) {
        this.root = root;
        this.size = size;
        this.version = version;
    }

    static <S> WildcardIndex<S> empty() {
        return new WildcardIndex<>(Node.root(), 0, 0L);
    }

    boolean isEmpty() {
        return size == 0;
    }

    long version() {
        return version;
    }

    /** This index plus one registration of {@code subscriber} under the wildcard {@code pattern}. */
    WildcardIndex<S> add(DestinationPattern pattern, S subscriber) {
        Node<S> newRoot = Node.add(root, pattern, 0, new Registration<>(pattern.pattern(), subscriber));
        return new WildcardIndex<>(newRoot, size + 1, version + 1);
    }

    /**
     * This index less one registration of {@code subscriber} (by identity) under {@code pattern}, or
     * this very index when there is none.
     */
    WildcardIndex<S> remove(DestinationPattern pattern, S subscriber) {
        Node<S> newRoot = Node.remove(root, pattern, 0, subscriber);
        if (newRoot == root) {
            return this;
        }
        return new WildcardIndex<>(newRoot == null ? Node.root() : newRoot, size - 1, version + 1);
    }

    /** The subscribers of every registration whose pattern matches {@code destination}. */
    List<S> match(String destination) {
        if (size == 0) {
            return List.of();
        }
        // Runs the trie as an automaton: the set of nodes reachable after each segment. Keeping a
        // set, not a path, visits each node once per segment however many ** patterns overlap, and
        // counts each registration once even when two paths reach its node.
        List<Node<S>> current = new ArrayList<>();
        List<Node<S>> next = new ArrayList<>();
        enter(current, root);
        for (String segment : DestinationPattern.segments(destination)) {
            next.clear();
            for (Node<S> node : current) {
                enter(next, node.literals.get(segment));
                enter(next, node.one);
                if (node.loops) {
                    enter(next, node);
                }
            }
            if (next.isEmpty()) {
                return List.of();
            }
            List<Node<S>> swap = current;
            current = next;
            next = swap;
        }
        List<S> subscribers = new ArrayList<>();
        for (Node<S> node : current) {
            for (Registration<S> registration : node.registrations) {
                subscribers.add(registration.subscriber());
            }
        }
        return subscribers;
    }

    /** Adds to {@code counts} the number of registrations under each pattern, as written. */
    void countByPattern(Map<String, Integer> counts) {
        root.countByPattern(counts);
    }

    /** Adds {@code node} and what it reaches by matching zero segments, unless already there. */
    private static <S> void enter(List<Node<S>> nodes, Node<S> node) {
        while (node != null && !containsIdentical(nodes, node)) {
            nodes.add(node);
            node = node.any;
        }
    }

    private static boolean containsIdentical(List<?> list, Object element) {
        return ImmutableLists.indexOfIdentical(list, element) >= 0;
    }

    /** One subscription as registered: the pattern as written, so that remove and stats see it. */
    private record Registration<S>(String pattern, S subscriber) {
    }

    /**
     * A trie node. Immutable; the {@code with*} methods copy it. A node reached through {@code **}
     * {@linkplain #loops loops}: it also consumes any segment and stays where it is.
     */
    private static final class Node<S> {
        final Map<String, Node<S>> literals;
        final Node<S> one;
        final Node<S> any;
        final boolean loops;
        final List<Registration<S>> registrations;

        private Node(Map<String, Node<S>> literals, Node<S> one, Node<S> any, boolean loops,
                List<Registration<S>> registrations) {
            this.literals = literals;
            this.one = one;
            this.any = any;
            this.loops = loops;
            this.registrations = registrations;
        }

        static <S> Node<S> root() {
            return leaf(false);
        }

        private static <S> Node<S> leaf(boolean loops) {
            return new Node<>(Map.of(), null, null, loops, List.of());
        }

        static <S> Node<S> add(Node<S> node, DestinationPattern pattern, int index, Registration<S> registration) {
            if (index == pattern.tokenCount()) {
                return node.withRegistrations(ImmutableLists.append(node.registrations, registration));
            }
            String token = pattern.token(index);
            if (token.equals(DestinationPattern.ONE)) {
                Node<S> child = node.one != null ? node.one : leaf(false);
                return node.withOne(add(child, pattern, index + 1, registration));
            }
            if (token.equals(DestinationPattern.ANY)) {
                Node<S> child = node.any != null ? node.any : leaf(true);
                return node.withAny(add(child, pattern, index + 1, registration));
            }
            Node<S> literal = node.literals.get(token);
            Node<S> child = literal != null ? literal : leaf(false);
            return node.withLiteral(token, add(child, pattern, index + 1, registration));
        }

        /**
         * {@code node} less one registration: the same node when there was none to remove (which is
         * how callers tell), null when nothing is left under it, else a copy.
         */
        static <S> Node<S> remove(Node<S> node, DestinationPattern pattern, int index, S subscriber) {
            if (node == null) {
                return null;
            }
            if (index == pattern.tokenCount()) {
                int found = indexOf(node.registrations, pattern.pattern(), subscriber);
                if (found < 0) {
                    return node;
                }
                List<Registration<S>> rest = ImmutableLists.removeAt(node.registrations, found);
                return node.withRegistrations(rest == null ? List.of() : rest).orNullIfEmpty();
            }
            String token = pattern.token(index);
            Node<S> changed;
            if (token.equals(DestinationPattern.ONE)) {
                changed = remove(node.one, pattern, index + 1, subscriber);
                return changed == node.one ? node : node.withOne(changed).orNullIfEmpty();
            }
            if (token.equals(DestinationPattern.ANY)) {
                changed = remove(node.any, pattern, index + 1, subscriber);
                return changed == node.any ? node : node.withAny(changed).orNullIfEmpty();
            }
            Node<S> literal = node.literals.get(token);
            changed = remove(literal, pattern, index + 1, subscriber);
            return changed == literal ? node : node.withLiteral(token, changed).orNullIfEmpty();
        }

        private static <S> int indexOf(List<Registration<S>> registrations, String pattern, S subscriber) {
            for (int i = 0; i < registrations.size(); i++) {
                Registration<S> registration = registrations.get(i);
                if (registration.subscriber() == subscriber && registration.pattern().equals(pattern)) {
                    return i;
                }
            }
            return -1;
        }

        void countByPattern(Map<String, Integer> counts) {
            for (Registration<S> registration : registrations) {
                counts.merge(registration.pattern(), 1, Integer::sum);
            }
            for (Node<S> child : literals.values()) {
                child.countByPattern(counts);
            }
            if (one != null) {
                one.countByPattern(counts);
            }
            if (any != null) {
                any.countByPattern(counts);
            }
        }

        private Node<S> orNullIfEmpty() {
            boolean empty = registrations.isEmpty() && literals.isEmpty() && one == null && any == null;
            return empty ? null : this;
        }

        private Node<S> withRegistrations(List<Registration<S>> newRegistrations) {
            return new Node<>(literals, one, any, loops, newRegistrations);
        }

        private Node<S> withOne(Node<S> newOne) {
            return new Node<>(literals, newOne, any, loops, registrations);
        }

        private Node<S> withAny(Node<S> newAny) {
            return new Node<>(literals, one, newAny, loops, registrations);
        }

        /** A copy whose child for {@code segment} is {@code child}; a null child removes it. */
        private Node<S> withLiteral(String segment, Node<S> child) {
            Map<String, Node<S>> copy = new HashMap<>(literals);
            if (child == null) {
                copy.remove(segment);
            } else {
                copy.put(segment, child);
            }
            return new Node<>(Map.copyOf(copy), one, any, loops, registrations);
        }
    }
}
