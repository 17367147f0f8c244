package io.stompede.examples.chat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who is in which room across every instance of the chat: this instance's own subscribers,
 * counted per user so that two tabs of one user are one member, merged with what the other
 * instances last said about theirs. Decides when a user enters or leaves a room cluster-wide,
 * so that ENTER and LEAVE are published once, by the instance where the change happened: ENTER
 * when a user's first subscription anywhere begins, LEAVE when the last one ends. An instance
 * that stops saying who it has is forgotten after a while; the LEAVEs of its users are then
 * published by one instance only, the one with the lowest id among those still heard.
 *
 * <p>Confined to one thread (the presence thread); pure logic on a clock given by the caller.
 */
final class Membership {
    private final String nodeId;
    private final Duration expiry;
    private final Map<Long, Map<String, Integer>> local = new HashMap<>();
    private final Map<String, Heard> others = new HashMap<>();

    private record Heard(Map<Long, Set<String>> rooms, Instant at) {
    }

    /**
     * @param nodeId this instance's id, unique in the cluster
     * @param expiry how long another instance stays known without being heard
     */
    Membership(String nodeId, Duration expiry) {
        this.nodeId = nodeId;
        this.expiry = expiry;
    }

    /** A subscription of {@code user} to {@code room} began here; {@code true} when the user is new in the room. */
    boolean enter(long room, String user) {
        boolean elsewhere = elsewhere(room, user);
        int before = local.computeIfAbsent(room, r -> new HashMap<>()).merge(user, 1, Integer::sum) - 1;
        return before == 0 && !elsewhere;
    }

    /** A subscription of {@code user} to {@code room} ended here; {@code true} when the user is gone from the room. */
    boolean leave(long room, String user) {
        Map<String, Integer> users = local.get(room);
        if (users == null || !users.containsKey(user)) {
            return false;
        }
        if (users.merge(user, -1, Integer::sum) > 0) {
            return false;
        }
        users.remove(user);
        if (users.isEmpty()) {
            local.remove(room);
        }
        return !elsewhere(room, user);
    }

    /** What {@code node} says it has now, heard at {@code at}; this instance's own word is ignored. */
    void heard(String node, Map<Long, Set<String>> rooms, Instant at) {
        if (!node.equals(nodeId)) {
            others.put(node, new Heard(rooms, at));
        }
    }

    /**
     * Forgets the instances not heard since {@code expiry} before {@code now}, and returns, per
     * room, the users who left with them when this instance is the one to announce it (otherwise
     * nothing).
     */
    Map<Long, Set<String>> expire(Instant now) {
        Map<Long, Set<String>> before = rooms();
        boolean forgot = false;
        for (Iterator<Heard> heard = others.values().iterator(); heard.hasNext(); ) {
            if (heard.next().at().isBefore(now.minus(expiry))) {
                heard.remove();
                forgot = true;
            }
        }
        boolean announces = others.keySet().stream().allMatch(node -> node.compareTo(nodeId) > 0);
        if (!forgot || !announces) {
            return Map.of();
        }
        Map<Long, Set<String>> after = rooms();
        Map<Long, Set<String>> gone = new TreeMap<>();
        before.forEach((room, users) -> {
            Set<String> left = new TreeSet<>(users);
            left.removeAll(after.getOrDefault(room, Set.of()));
            if (!left.isEmpty()) {
                gone.put(room, left);
            }
        });
        return gone;
    }

    /** This instance's own members, per room: what it tells the others. */
    Map<Long, Set<String>> local() {
        Map<Long, Set<String>> rooms = new TreeMap<>();
        local.forEach((room, users) -> rooms.put(room, new TreeSet<>(users.keySet())));
        return rooms;
    }

    /** Everyone in {@code room} on any instance, sorted. */
    List<String> members(long room) {
        return List.copyOf(rooms().getOrDefault(room, Set.of()));
    }

    /** Everyone in every room on any instance. */
    Map<Long, Set<String>> rooms() {
        Map<Long, Set<String>> rooms = new TreeMap<>();
        local.forEach((room, users) -> rooms.computeIfAbsent(room, r -> new TreeSet<>()).addAll(users.keySet()));
        others.values().forEach(heard -> heard.rooms().forEach(
                (room, users) -> rooms.computeIfAbsent(room, r -> new TreeSet<>()).addAll(users)));
        return rooms;
    }

    private boolean elsewhere(long room, String user) {
        return others.values().stream().anyMatch(heard -> heard.rooms().getOrDefault(room, Set.of()).contains(user));
    }
}
