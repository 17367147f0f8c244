package io.stompede.cluster.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script that Redis runs by its SHA-1 (EVALSHA), so that each call sends the 40-character
 * digest instead of the script's text. Where Redis does not have the script cached (its first
 * call, a Redis restarted or failed over, a {@code SCRIPT FLUSH}, each shard of a Redis Cluster
 * for itself) the answer is NOSCRIPT, the script did not run, and the call goes again with the
 * text (EVAL), which caches it for the calls after.
 *
 * <p>That second send can let a later call of the script overtake the one sent again, so a caller
 * that needs its calls run in order keeps one in flight at a time, as {@link HistoryStreams} does
 * per topic and {@link SharedQueues} per queue.
 *
 * <p>Thread-safe: it only sends commands.
 */
final class Script {
    private final RedisClusterAsyncCommands<String, byte[]> commands;
    private final String text;
    private final String sha;

    Script(RedisClusterAsyncCommands<String, byte[]> commands, String text) {
        this.commands = commands;
        this.text = text;
        this.sha = commands.digest(text);
    }

    /** Runs the script on {@code keys} with {@code args}; its answer read as {@code type}. */
    <T> CompletionStage<T> run(ScriptOutputType type, String[] keys, byte[]... args) {
        CompletionStage<T> bySha = commands.evalsha(sha, type, keys, args);
        return bySha.exceptionallyCompose(failure -> notCached(failure)
                ? commands.<T>eval(text, type, keys, args)
                : CompletableFuture.failedStage(failure));
    }

    private static boolean notCached(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof RedisNoScriptException;
    }
}
