package io.stompede.cluster.redis;

import io.lettuce.core.ScriptOutputType;
import io.stompede.cluster.ClusterBus;
import io.stompede.message.Message;
import io.stompede.message.Position;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Topic history in Redis, with the positions of its messages: per topic a stream
 * ({@code CLUSTER:history:DEST}) whose entry ids are the messages' offsets ({@code 0-OFFSET}),
 * trimmed to the topic's length, and beside it a hash ({@code CLUSTER:position:DEST}) of the
 * epoch and the last offset given. One script gives a batch of messages their offsets, appends
 * them and publishes them, positioned, on the topic's channel, in one step, so that every node
 * hears each message with the one position it has in the history, in the order of the offsets.
 * The scripts run by their digest ({@link Script}); the batches of a topic keep their order
 * because the caller has at most one in flight per topic ({@link TopicPublisher}).
 * A Redis that lost the hash (restarted without persistence, say) has lost the history with it:
 * the next append starts a new epoch, from offset 1, dropping what is left of the stream.
 * On a Redis Cluster the hash, the stream and the channel carry the topic as their hash tag
 * ({@link Channels}), so the script's keys and channel live on one shard.
 *
 * <p>Thread-safe: it only sends commands.
 */
final class HistoryStreams {
    // KEYS: the position hash, the stream. ARGV: the channel, the length kept, a fresh epoch in case
    // there is none, PUBLISH or SPUBLISH, then the envelopes. Answers the epoch and the first offset.
    private static final String APPEND = """
            local epoch = redis.call('HGET', KEYS[1], 'epoch')
            if not epoch then
              epoch = ARGV[3]
              redis.call('DEL', KEYS[2])
              redis.call('HSET', KEYS[1], 'epoch', epoch, 'offset', 0)
            end
            local count = #ARGV - 4
            local offset = redis.call('HINCRBY', KEYS[1], 'offset', count) - count
            local first = offset + 1
            for i = 5, #ARGV do
              offset = offset + 1
              redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[2], '0-' .. offset, 'm', ARGV[i])
              redis.call(ARGV[4], ARGV[1], '\\3' .. epoch .. ':' .. offset .. '\\n' .. ARGV[i])
            end
            return {epoch, tostring(first)}
            """;
    // KEYS: the position hash, the stream. ARGV: 'since' with an offset and an epoch, or 'last' with
    // a count. Answers the epoch and the last offset given (none when there is no history), then
    // each entry's id and envelope. A position past the last offset given (the history lost its
    // latest writes) gets every entry, as one of another epoch does.
    private static final String READ = """
            local epoch = redis.call('HGET', KEYS[1], 'epoch')
            if not epoch then
              return {}
            end
            local last = redis.call('HGET', KEYS[1], 'offset')
            local entries
            if ARGV[1] == 'since' and ARGV[3] == epoch and tonumber(ARGV[2]) <= tonumber(last) then
              entries = redis.call('XRANGE', KEYS[2], '(0-' .. ARGV[2], '+')
            elseif ARGV[1] == 'since' then
              entries = redis.call('XRANGE', KEYS[2], '-', '+')
            else
              entries = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', ARGV[2])
            end
            local out = {epoch, last}
            for _, entry in ipairs(entries) do
              out[#out + 1] = entry[1]
              out[#out + 1] = entry[2][2]
            end
            return out
            """;

    private final RedisLink link;
    private final Channels channels;
    private final Script append;
    private final Script read;

    HistoryStreams(RedisLink link, Channels channels) {
        this.link = link;
        this.channels = channels;
        this.append = new Script(link.commands(), APPEND);
        this.read = new Script(link.commands(), READ);
    }

    /** Where an appended batch starts: the history's epoch and the first message's offset. */
    record Appended(String epoch, long firstOffset) {
    }

    /**
     * Gives {@code envelopes} (oldest first) the next offsets of {@code topic}'s history, keeps
     * them, trimmed to {@code length}, and publishes each, positioned, on the topic's channel.
     */
    CompletionStage<Appended> append(String topic, int length, List<byte[]> envelopes) {
        byte[][] args = new byte[4 + envelopes.size()][];
        args[0] = utf8(channels.of(topic));
        args[1] = utf8(Integer.toString(length));
        args[2] = utf8(Position.newEpoch());
        args[3] = utf8(link.sharded() ? "SPUBLISH" : "PUBLISH");
        for (int i = 0; i < envelopes.size(); i++) {
            args[4 + i] = envelopes.get(i);
        }
        CompletionStage<List<Object>> answer = append.run(ScriptOutputType.MULTI, keys(topic), args);
        return answer.thenApply(values -> new Appended(text(values.get(0)), Long.parseLong(text(values.get(1)))));
    }

    /**
     * {@code topic}'s history as {@link ClusterBus#history} describes it, each message carrying
     * its position, oldest first.
     */
    CompletionStage<ClusterBus.History> read(String topic, int count, Position since) {
        byte[][] args = since == null
                ? new byte[][] {utf8("last"), utf8(Integer.toString(count))}
                : new byte[][] {utf8("since"), utf8(Long.toString(since.offset())), utf8(since.epoch())};
        CompletionStage<List<Object>> answer = read.run(ScriptOutputType.MULTI, keys(topic), args);
        return answer.thenApply(values -> history(values, since == null));
    }

    private static ClusterBus.History history(List<Object> values, boolean newestFirst) {
        if (values.isEmpty()) {
            return new ClusterBus.History(null, 0, List.of());
        }
        String epoch = text(values.get(0));
        long lastOffset = Long.parseLong(text(values.get(1)));
        List<Message> messages = new ArrayList<>(values.size() / 2);
        for (int i = 2; i + 1 < values.size(); i += 2) {
            String id = text(values.get(i));
            long offset = Long.parseLong(id.substring(id.indexOf('-') + 1));
            Message message = Envelope.decode((byte[]) values.get(i + 1)).message();
            messages.add(new Position(epoch, offset).stamp(message));
        }
        if (newestFirst) {
            Collections.reverse(messages);
        }
        return new ClusterBus.History(epoch, lastOffset, messages);
    }

    private String[] keys(String topic) {
        return new String[] {channels.positionOf(topic), channels.historyOf(topic)};
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Object value) {
        return new String((byte[]) value, StandardCharsets.UTF_8);
    }
}
