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
 * <p>A LEAVE waits a short grace first ({@link #due}): a user who moves to another instance
 * (a reload that lands on the other one) is there before that instance has said so, and the
 * instance that user left would otherwise announce a LEAVE that nobody takes back, since the
 * other, still seeing the user here, announced no ENTER. Within the grace, the user heard of
 * elsewhere, or back here, has not left; meanwhile the user is still a member.
 *
 * <p>Confined to one thread (the presence thread); pure logic on a clock given by the caller.
 */
final class Membership {
    private final String nodeId;
    private final Duration expiry;
    private final Duration grace;
    private final Map<Long, Map<String, Integer>> local = new HashMap<>();
    private final Map<String, Heard> others = new HashMap<>();
    /** Per room, the users whose last subscription here ended, with when their LEAVE is due. */
    private final Map<Long, Map<String, Instant>> leaving = new HashMap<>();

    private record Heard(Map<Long, Set<String>> rooms, Instant at) {
    }

    /**
     * @param nodeId this instance's id, unique in the cluster
     * @param expiry how long another instance stays known without being heard
     * @param grace  how long a LEAVE waits for another instance to say it has the user
     */
    Membership(String nodeId, Duration expiry, Duration grace) {
        this.nodeId = nodeId;
        this.expiry = expiry;
        this.grace = grace;
    }

    /** A subscription of {@code user} to {@code room} began here; {@code true} when the user is new in the room. */
    boolean enter(long room, String user) {
        boolean returning = forgetLeaving(room, user);
        boolean elsewhere = elsewhere(room, user);
        int before = local.computeIfAbsent(room, r -> new HashMap<>()).merge(user, 1, Integer::sum) - 1;
        return before == 0 && !elsewhere && !returning;
    }

    /**
     * A subscription of {@code user} to {@code room} ended here, at {@code at}; {@code true} when
     * it was the user's last in the room on any instance: a LEAVE is then {@linkplain #due due}
     * after the grace, unless the user turns up meanwhile.
     */
    boolean leave(long room, String user, Instant at) {
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
        if (elsewhere(room, user)) {
            return false;
        }
        leaving.computeIfAbsent(room, r -> new HashMap<>()).put(user, at.plus(grace));
        return true;
    }

    /**
     * The LEAVEs to announce at {@code now}, per room: the users whose grace is over and who are
     * in the room on no instance. Each is returned once.
     */
    Map<Long, Set<String>> due(Instant now) {
        Map<Long, Set<String>> gone = new TreeMap<>();
        for (Iterator<Map.Entry<Long, Map<String, Instant>>> rooms = leaving.entrySet().iterator(); rooms.hasNext(); ) {
            Map.Entry<Long, Map<String, Instant>> room = rooms.next();
            for (Iterator<Map.Entry<String, Instant>> users = room.getValue().entrySet().iterator(); users.hasNext(); ) {
                Map.Entry<String, Instant> user = users.next();
                if (!user.getValue().isAfter(now)) {
                    users.remove();
                    if (!elsewhere(room.getKey(), user.getKey())) {
                        gone.computeIfAbsent(room.getKey(), r -> new TreeSet<>()).add(user.getKey());
                    }
                }
            }
            if (room.getValue().isEmpty()) {
                rooms.remove();
            }
        }
        return gone;
    }

    /** Whether a LEAVE waits for its grace to end. */
    boolean leavesPending() {
        return !leaving.isEmpty();
    }

    /**
     * What {@code node} says it has now, heard at {@code at}; this instance's own word is ignored.
     * A user leaving here whom {@code node} has is no longer leaving: the user moved there.
     */
    void heard(String node, Map<Long, Set<String>> rooms, Instant at) {
        if (node.equals(nodeId)) {
            return;
        }
        others.put(node, new Heard(rooms, at));
        rooms.forEach((room, users) -> users.forEach(user -> forgetLeaving(room, user)));
    }

    /** Whether {@code user} was leaving {@code room}, now no longer. */
    private boolean forgetLeaving(long room, String user) {
        Map<String, Instant> users = leaving.get(room);
        if (users == null || users.remove(user) == null) {
            return false;
        }
        if (users.isEmpty()) {
            leaving.remove(room);
        }
        return true;
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

    /** Everyone in {@code room} on any instance, those whose LEAVE waits included, sorted. */
    List<String> members(long room) {
        Set<String> members = new TreeSet<>(local.getOrDefault(room, Map.of()).keySet());
        members.addAll(leaving.getOrDefault(room, Map.of()).keySet());
        others.values().forEach(heard -> members.addAll(heard.rooms().getOrDefault(room, Set.of())));
        return List.copyOf(members);
    }

    /** Everyone in every room on any instance, those whose LEAVE waits included. */
    Map<Long, Set<String>> rooms() {
        Map<Long, Set<String>> rooms = new TreeMap<>();
        local.forEach((room, users) -> rooms.computeIfAbsent(room, r -> new TreeSet<>()).addAll(users.keySet()));
        leaving.forEach((room, users) -> rooms.computeIfAbsent(room, r -> new TreeSet<>()).addAll(users.keySet()));
        others.values().forEach(heard -> heard.rooms().forEach(
                (room, users) -> rooms.computeIfAbsent(room, r -> new TreeSet<>()).addAll(users)));
        return rooms;
    }

    private boolean elsewhere(long room, String user) {
        return others.values().stream().anyMatch(heard -> heard.rooms().getOrDefault(room, Set.of()).contains(user));
    }
}
