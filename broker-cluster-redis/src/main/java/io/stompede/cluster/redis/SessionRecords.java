package io.stompede.cluster.redis;

import io.stompede.cluster.ClusterBus.SessionRefusedException;
import io.stompede.cluster.SessionRecord;
import io.stompede.message.Message;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Resumable sessions across nodes: each session's {@link SessionRecord} in a key of its own
 * ({@code CLUSTER:session:KEY}, KEY the hash of its resume token, never the token), with the node
 * that holds it and that node's incarnation (its start), expiring a while after its grace.
 *
 * <p>A node asked for a token it does not hold claims the record: reads it, checks the principal
 * and the grace, and deletes it (the one whose {@code DEL} removed it wins). What the holder kept
 * is asked for in a second step ({@link #askHandOver}), once the claimant listens to the
 * session's topics itself, so that every message published meanwhile reaches one of the two:
 * <ul>
 *   <li>A live holder of the same incarnation ends its session and answers with what it kept
 *       ({@code CLUSTER:handover:KEY}), or, when it no longer holds the session (resumed there, or
 *       ended), that it does not hold it: the token then resumes nothing, so no token ever gives
 *       two sessions.</li>
 *   <li>A holder that restarted since (another incarnation) answers that the session is lost, as
 *       a dead one (killed, its heartbeat gone) would if it could: the claimant restores the
 *       subscriptions from the record alone, what the holder kept is lost, and its shared queues'
 *       messages come back through the usual claims of a dead node's pending entries.</li>
 * </ul>
 * Answers are announced on the claims channel, and read once more when the wait of
 * {@link #HAND_OVER_WAIT_MILLIS} ends, in case the announcement was lost with a reconnect.
 * Thread-safe.
 */
final class SessionRecords {
    static final long HAND_OVER_WAIT_MILLIS = 2_000;
    private static final long HAND_OVER_TTL_SECONDS = 60;
    private static final int FORMAT = 2;
    // The first byte of a hand-over: what the holder answered.
    private static final byte HANDED_OVER = 0;
    private static final byte NOT_HELD = 1;
    private static final byte LOST = 2;

    private final String prefix;
    private final String handOverPrefix;
    private final String claimsChannel;
    private final String nodeId;
    private final String incarnation;
    private final RedisLink link;
    private final Supplier<Set<String>> aliveNodes;
    private volatile Consumer<String> claimed = key -> { };
    // Claims of sessions this node holds, by key: the claimant to tell of the answer.
    private final ConcurrentHashMap<String, String> claimants = new ConcurrentHashMap<>();
    // This node's claims whose answers it waits for, by key.
    private final ConcurrentHashMap<String, CompletableFuture<SessionRecord.HandedOver>> awaited =
            new ConcurrentHashMap<>();

    /** {@code incarnation} names this start of node {@code nodeId}: a restarted node holds none of the sessions of its last start. */
    SessionRecords(String clusterName, String nodeId, String incarnation, RedisLink link,
                   Supplier<Set<String>> aliveNodes) {
        this.prefix = clusterName + ":session:";
        this.handOverPrefix = clusterName + ":handover:";
        this.claimsChannel = clusterName + ":sessions-claimed";
        this.nodeId = nodeId;
        this.incarnation = incarnation;
        this.link = link;
        this.aliveNodes = aliveNodes;
    }

    String claimsChannel() {
        return claimsChannel;
    }

    void onClaimed(Consumer<String> handler) {
        this.claimed = handler;
    }

    /**
     * Whether {@code channel} is the claims channel, in which case a notice for this node is acted
     * on: {@code claim HOLDER INCARNATION KEY CLAIMANT} (end the session and answer) or
     * {@code answer CLAIMANT KEY} (read the holder's answer).
     */
    boolean noticed(String channel, byte[] message) {
        if (!claimsChannel.equals(channel)) {
            return false;
        }
        String[] notice = new String(message, StandardCharsets.UTF_8).split(" ");
        if (notice.length == 5 && notice[0].equals("claim") && notice[1].equals(nodeId)) {
            claimants.put(notice[3], notice[4]);
            if (notice[2].equals(incarnation)) {
                claimed.accept(notice[3]);
            } else {
                answer(notice[3], new byte[] {LOST});
            }
        } else if (notice.length == 3 && notice[0].equals("answer") && notice[1].equals(nodeId)) {
            CompletableFuture<SessionRecord.HandedOver> answer = awaited.get(notice[2]);
            if (answer != null) {
                readAnswer(notice[2], answer, false);
            }
        }
        return true;
    }

    void keep(String key, SessionRecord record, long ttlMillis) {
        link.commands().psetex(prefix + key, ttlMillis, encode(nodeId, incarnation, record));
    }

    void forget(String key) {
        link.commands().del(prefix + key);
    }

    /** This node's answer to a claim of a session it held: what the session kept. */
    void handOver(String key, Map<String, List<Message>> kept, long missed) {
        answer(key, encodeKept(kept, missed));
    }

    /** This node's answer to a claim of a session it no longer holds. */
    void notHeld(String key) {
        answer(key, new byte[] {NOT_HELD});
    }

    private void answer(String key, byte[] value) {
        String claimant = claimants.remove(key);
        link.commands().setex(handOverPrefix + key, HAND_OVER_TTL_SECONDS, value).thenRun(() -> {
            if (claimant != null) {
                link.publish(claimsChannel, ("answer " + claimant + " " + key).getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    CompletionStage<SessionRecord.Claimed> claim(String key, String principal) {
        String recordKey = prefix + key;
        return link.commands().get(recordKey).toCompletableFuture().thenCompose(value -> {
            if (value == null) {
                throw new SessionRefusedException("unknown");
            }
            Stored stored = decode(value);
            if (!stored.record.principal().equals(principal)) {
                throw new SessionRefusedException("principal");
            }
            boolean holderAlive = aliveNodes.get().contains(stored.node);
            long deadline = stored.record.deadline();
            if (deadline != 0 && System.currentTimeMillis() > deadline) {
                throw new SessionRefusedException("expired");
            }
            return link.commands().del(recordKey).toCompletableFuture().thenApply(deleted -> {
                if (deleted == null || deleted == 0) {
                    throw new SessionRefusedException("unknown");     // another claim won
                }
                boolean here = stored.node.equals(nodeId);
                if (here && stored.incarnation.equals(incarnation)) {
                    // This very start held it, and holds it no more: resumed here already, or ended.
                    throw new SessionRefusedException("unknown");
                }
                String holder = holderAlive && !here ? stored.node + " " + stored.incarnation : null;
                return new SessionRecord.Claimed(key, stored.record, holder);
            });
        });
    }

    /**
     * Asks the holder of a claimed session for what it kept, once {@code hearing} completes (this
     * node hears the session's topics). Completes with what it handed over, or {@code null} when
     * the session was lost with a restart or no answer came in time; fails with a
     * {@link SessionRefusedException} when the holder no longer holds it.
     */
    CompletionStage<SessionRecord.HandedOver> askHandOver(SessionRecord.Claimed claimed, CompletionStage<Void> hearing) {
        String key = claimed.key();
        CompletableFuture<SessionRecord.HandedOver> answer = new CompletableFuture<>();
        awaited.put(key, answer);
        answer.whenComplete((handedOver, failure) -> awaited.remove(key, answer));
        hearing.exceptionally(failure -> null).thenCompose(ignored -> link.commands().del(handOverPrefix + key))
                .thenRun(() -> {
                    link.publish(claimsChannel, ("claim " + claimed.holder() + " " + key + " " + nodeId)
                            .getBytes(StandardCharsets.UTF_8));
                    link.timer().schedule(() -> readAnswer(key, answer, true), HAND_OVER_WAIT_MILLIS,
                            TimeUnit.MILLISECONDS);
                });
        return answer;
    }

    /** Reads the holder's answer; with {@code last}, none there means none is coming. */
    private void readAnswer(String key, CompletableFuture<SessionRecord.HandedOver> answer, boolean last) {
        if (answer.isDone()) {
            return;
        }
        link.commands().get(handOverPrefix + key).whenComplete((value, failure) -> {
            if (value == null || value.length == 0) {
                if (last) {
                    answer.complete(null);
                }
                return;
            }
            link.commands().del(handOverPrefix + key);
            try {
                switch (value[0]) {
                    case HANDED_OVER -> answer.complete(decodeKept(value));
                    case NOT_HELD -> answer.completeExceptionally(new SessionRefusedException("unknown"));
                    default -> answer.complete(null);
                }
            } catch (RuntimeException unreadable) {
                answer.complete(null);     // what the holder kept is lost, not the session
            }
        });
    }

    /** A record as kept, with the node and the start of it that hold its session. */
    record Stored(String node, String incarnation, SessionRecord record) {
    }

    static byte[] encode(String node, String incarnation, SessionRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(node);
            out.writeUTF(incarnation);
            out.writeUTF(record.principal());
            out.writeLong(record.deadline());
            writeNullable(out, record.clientId());
            out.writeInt(record.subscriptions().size());
            for (SessionRecord.Subscription subscription : record.subscriptions()) {
                out.writeUTF(subscription.id());
                out.writeUTF(subscription.destination());
                out.writeUTF(subscription.ack());
                writeNullable(out, subscription.durableName());
                out.writeInt(subscription.prefetch());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode in memory", e);
        }
        return bytes.toByteArray();
    }

    static Stored decode(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            if (in.readByte() != FORMAT) {
                throw new SessionRefusedException("unknown");
            }
            String node = in.readUTF();
            String incarnation = in.readUTF();
            String principal = in.readUTF();
            long deadline = in.readLong();
            String clientId = readNullable(in);
            int count = in.readInt();
            List<SessionRecord.Subscription> subscriptions = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                subscriptions.add(new SessionRecord.Subscription(in.readUTF(), in.readUTF(), in.readUTF(),
                        readNullable(in), in.readInt()));
            }
            return new Stored(node, incarnation, new SessionRecord(principal, deadline, clientId, subscriptions));
        } catch (IOException e) {
            throw new SessionRefusedException("unknown");
        }
    }

    private byte[] encodeKept(Map<String, List<Message>> kept, long missed) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(HANDED_OVER);
            out.writeLong(missed);
            out.writeInt(kept.size());
            for (Map.Entry<String, List<Message>> subscription : kept.entrySet()) {
                out.writeUTF(subscription.getKey());
                out.writeInt(subscription.getValue().size());
                for (Message message : subscription.getValue()) {
                    byte[] envelope = new Envelope(nodeId, message).encode();
                    out.writeInt(envelope.length);
                    out.write(envelope);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode in memory", e);
        }
        return bytes.toByteArray();
    }

    private static SessionRecord.HandedOver decodeKept(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value, 1, value.length - 1))) {
            long missed = in.readLong();
            int subscriptions = in.readInt();
            Map<String, List<Message>> kept = new HashMap<>();
            for (int i = 0; i < subscriptions; i++) {
                String id = in.readUTF();
                int count = in.readInt();
                List<Message> messages = new ArrayList<>(count);
                for (int j = 0; j < count; j++) {
                    byte[] envelope = new byte[in.readInt()];
                    in.readFully(envelope);
                    messages.add(Envelope.decode(envelope).message());
                }
                kept.put(id, messages);
            }
            return new SessionRecord.HandedOver(kept, missed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode in memory", e);
        }
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
