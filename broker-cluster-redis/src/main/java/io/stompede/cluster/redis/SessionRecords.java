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
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Resumable sessions across nodes: each session's {@link SessionRecord} in a key of its own
 * ({@code CLUSTER:session:KEY}, KEY the hash of its resume token, never the token), with the node
 * that holds it, expiring a while after its grace. A node that is asked for a token it does not
 * hold claims the record: reads it, checks the principal and the grace, and deletes it (the one
 * whose {@code DEL} removed it wins). If the holder is alive, it is told on the claims channel; it
 * ends its session and answers with what the session kept ({@code CLUSTER:handover:KEY}, read by
 * the claimant until it comes or {@link #HAND_OVER_WAIT_MILLIS} pass). A dead holder (killed,
 * its heartbeat gone) answers nothing: the claimant restores the subscriptions from the record
 * alone, what the dead node kept is lost, and its shared queues' messages come back through the
 * usual claims of a dead node's pending entries. Thread-safe.
 */
final class SessionRecords {
    static final long HAND_OVER_WAIT_MILLIS = 2_000;
    private static final long POLL_MILLIS = 20;
    private static final long HAND_OVER_TTL_SECONDS = 60;
    private static final int FORMAT = 1;

    private final String prefix;
    private final String handOverPrefix;
    private final String claimsChannel;
    private final String nodeId;
    private final RedisLink link;
    private final Supplier<Set<String>> aliveNodes;
    private volatile Consumer<String> claimed = key -> { };

    SessionRecords(String clusterName, String nodeId, RedisLink link, Supplier<Set<String>> aliveNodes) {
        this.prefix = clusterName + ":session:";
        this.handOverPrefix = clusterName + ":handover:";
        this.claimsChannel = clusterName + ":sessions-claimed";
        this.nodeId = nodeId;
        this.link = link;
        this.aliveNodes = aliveNodes;
    }

    String claimsChannel() {
        return claimsChannel;
    }

    void onClaimed(Consumer<String> handler) {
        this.claimed = handler;
    }

    /** Whether {@code channel} is the claims channel, in which case the claim for this node is passed on. */
    boolean noticed(String channel, byte[] message) {
        if (!claimsChannel.equals(channel)) {
            return false;
        }
        String notice = new String(message, StandardCharsets.UTF_8);
        int space = notice.indexOf(' ');
        if (space > 0 && notice.substring(0, space).equals(nodeId)) {
            claimed.accept(notice.substring(space + 1));
        }
        return true;
    }

    void keep(String key, SessionRecord record, long ttlMillis) {
        link.commands().psetex(prefix + key, ttlMillis, encode(nodeId, record));
    }

    void forget(String key) {
        link.commands().del(prefix + key);
    }

    void handOver(String key, Map<String, List<Message>> kept, long missed) {
        link.commands().setex(handOverPrefix + key, HAND_OVER_TTL_SECONDS, encodeKept(kept, missed));
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
            return link.commands().del(recordKey).toCompletableFuture().thenCompose(deleted -> {
                if (deleted == null || deleted == 0) {
                    throw new SessionRefusedException("unknown");     // another claim won
                }
                if (!holderAlive || stored.node.equals(nodeId)) {
                    return CompletableFuture.completedFuture(new SessionRecord.Claimed(stored.record, null, null));
                }
                link.commands().del(handOverPrefix + key);
                link.publish(claimsChannel, (stored.node + " " + key).getBytes(StandardCharsets.UTF_8));
                CompletableFuture<SessionRecord.Claimed> answer = new CompletableFuture<>();
                awaitHandOver(key, stored.record, System.nanoTime()
                        + TimeUnit.MILLISECONDS.toNanos(HAND_OVER_WAIT_MILLIS), answer);
                return answer;
            });
        });
    }

    private void awaitHandOver(String key, SessionRecord record, long deadline,
                               CompletableFuture<SessionRecord.Claimed> answer) {
        link.commands().get(handOverPrefix + key).whenComplete((value, failure) -> {
            if (value != null) {
                link.commands().del(handOverPrefix + key);
                Kept kept = decodeKept(value);
                answer.complete(new SessionRecord.Claimed(record, kept.messages, kept.missed));
            } else if (System.nanoTime() - deadline > 0) {
                answer.complete(new SessionRecord.Claimed(record, null, null));
            } else {
                link.timer().schedule(() -> awaitHandOver(key, record, deadline, answer), POLL_MILLIS,
                        TimeUnit.MILLISECONDS);
            }
        });
    }

    private record Stored(String node, SessionRecord record) {
    }

    private record Kept(Map<String, List<Message>> messages, long missed) {
    }

    static byte[] encode(String node, SessionRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(node);
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
            String principal = in.readUTF();
            long deadline = in.readLong();
            String clientId = readNullable(in);
            int count = in.readInt();
            List<SessionRecord.Subscription> subscriptions = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                subscriptions.add(new SessionRecord.Subscription(in.readUTF(), in.readUTF(), in.readUTF(),
                        readNullable(in), in.readInt()));
            }
            return new Stored(node, new SessionRecord(principal, deadline, clientId, subscriptions));
        } catch (IOException e) {
            throw new SessionRefusedException("unknown");
        }
    }

    private byte[] encodeKept(Map<String, List<Message>> kept, long missed) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
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

    private static Kept decodeKept(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
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
            return new Kept(kept, missed);
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
