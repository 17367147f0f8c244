package io.stompede.spring;

import io.stompede.BrokerBuilder;
import io.stompede.cluster.redis.RedisClusterBus;
import io.stompede.config.BrokerConfig;
import io.stompede.config.ResumeConfig;
import io.stompede.frame.FrameLimits;
import io.stompede.security.AccessRules;
import io.stompede.store.FsyncPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.util.unit.DataSize;

/**
 * Applies the {@code stompede.*} properties to a broker builder: each set property becomes its
 * builder call, and a call that takes several values (frame limits, transaction limits...) keeps
 * the builder's current value for those left unset. Stateless.
 */
final class BrokerSettings {
    private BrokerSettings() {
    }

    static void apply(StompedeProperties properties, BrokerBuilder builder) {
        journal(properties.getJournal(), builder);
        durability(properties.getDurability(), builder);
        limits(properties.getLimits(), builder);
        heartbeat(properties.getHeartbeat(), builder);
        stomp(properties.getStomp(), builder);
        StompedeProperties.DeadLetters deadLetters = properties.getDeadLetters();
        set(deadLetters.getDestination(), builder::deadLetterDestination);
        set(deadLetters.getMaxDeliveries(), builder::maxDeliveries);
        resume(properties.getResume(), builder);
        cluster(properties.getCluster(), builder);
        if (properties.getSecurity().getAcl() != null) {
            try {
                builder.authorizer(AccessRules.load(properties.getSecurity().getAcl()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read stompede.security.acl " + properties.getSecurity().getAcl(), e);
            }
        }
    }

    private static void journal(StompedeProperties.Journal journal, BrokerBuilder builder) {
        if (journal.getDataDir() != null) {
            builder.dataDirectory(journal.getDataDir(), FsyncPolicy.parse(journal.getFsync()));
        }
    }

    private static void durability(StompedeProperties.Durability durability, BrokerBuilder builder) {
        builder.durableQueues(durability.getDurableQueues().toArray(String[]::new));
        durability.getHistory().forEach(builder::history);
        set(durability.getMaxDurableSubscriptionDepth(), builder::maxDurableSubscriptionDepth);
    }

    private static void limits(StompedeProperties.Limits limits, BrokerBuilder builder) {
        BrokerConfig current = builder.config();
        FrameLimits frames = current.frameLimits();
        builder.frameLimits(new FrameLimits(
                or(limits.getMaxFrameSize(), BrokerSettings::bytes, frames.maxFrameSize()),
                or(limits.getMaxHeaderCount(), Function.identity(), frames.maxHeaderCount()),
                or(limits.getMaxHeaderLineLength(), BrokerSettings::bytes, frames.maxHeaderLineLength()),
                or(limits.getMaxBodySize(), BrokerSettings::bytes, frames.maxBodySize())));
        set(limits.getConnectTimeout(), builder::connectTimeout);
        builder.inboundFrameRate(or(limits.getMaxFramesPerSecond(), Function.identity(), current.maxFramesPerSecond()),
                or(limits.getMaxThrottledSeconds(), Function.identity(), current.maxThrottledSeconds()));
        set(limits.getMaxSubscriptionsPerSession(), builder::maxSubscriptionsPerSession);
        builder.transactionLimits(
                or(limits.getMaxTransactionsPerSession(), Function.identity(), current.maxTransactionsPerSession()),
                or(limits.getMaxFramesPerTransaction(), Function.identity(), current.maxFramesPerTransaction()));
        set(limits.getMaxTransactionBytes(), size -> builder.maxTransactionBytes(size.toBytes()));
        builder.durableSubscriptionLimits(
                or(limits.getMaxDurableSubscriptions(), Function.identity(), current.maxDurableSubscriptions()),
                or(limits.getMaxDurableSubscriptionsPerPrincipal(), Function.identity(),
                        current.maxDurableSubscriptionsPerPrincipal()),
                or(limits.getMaxAnonymousDurableSubscriptions(), Function.identity(),
                        current.maxAnonymousDurableSubscriptions()));
        builder.queueLimits(or(limits.getMaxQueues(), Function.identity(), current.maxQueues()),
                or(limits.getMaxQueuesPerPrincipal(), Function.identity(), current.maxQueuesPerPrincipal()));
        set(limits.getIdleDestinationTimeout(), builder::idleDestinationTimeout);
        set(limits.getMaxQueueDepth(), builder::maxQueueDepth);
        set(limits.getDefaultPrefetch(), builder::defaultPrefetch);
        builder.slowConsumers(or(limits.getSlowConsumerBacklog(), Function.identity(), current.maxPendingTopicMessages()),
                or(limits.getSlowConsumerPolicy(), Function.identity(), current.slowConsumerPolicy()));
        set(limits.getMaxMemory(), size -> builder.maxMemory(size.toBytes()));
    }

    private static void heartbeat(StompedeProperties.Heartbeat heartbeat, BrokerBuilder builder) {
        BrokerConfig current = builder.config();
        builder.heartbeatBounds(or(heartbeat.getFloor(), Function.identity(), current.heartbeatFloor()),
                or(heartbeat.getCeiling(), Function.identity(), current.heartbeatCeiling()));
        set(heartbeat.getGraceFactor(), builder::heartbeatGraceFactor);
    }

    private static void stomp(StompedeProperties.Stomp stomp, BrokerBuilder builder) {
        set(stomp.getTopicPrefix(), builder::topicPrefix);
        set(stomp.getQueuePrefix(), builder::queuePrefix);
        set(stomp.getDefaultDestinationType(), builder::defaultDestinationType);
        if (!stomp.getVirtualHosts().isEmpty()) {
            builder.virtualHosts(stomp.getVirtualHosts().toArray(String[]::new));
        }
    }

    private static void resume(StompedeProperties.Resume resume, BrokerBuilder builder) {
        ResumeConfig current = builder.resumeConfig();
        builder.resume(or(resume.getGrace(), Function.identity(), current.grace()),
                        or(resume.getMaxMessages(), Function.identity(), current.maxMessages()),
                        or(resume.getMaxBytes(), DataSize::toBytes, current.maxBytes()))
                .detachedSessionLimits(
                        or(resume.getMaxDetachedSessions(), Function.identity(), current.maxDetachedSessions()),
                        or(resume.getMaxDetachedSessionsPerPrincipal(), Function.identity(),
                                current.maxDetachedPerOwner()));
        if (!resume.isEnabled()) {
            builder.noResume();
        }
    }

    private static void cluster(StompedeProperties.Cluster cluster, BrokerBuilder builder) {
        if (cluster.getRedis() == null) {
            return;
        }
        RedisClusterBus.Builder bus = RedisClusterBus.builder(cluster.getRedis()).clusterName(cluster.getName())
                .localQueues(cluster.getLocalQueues().toArray(String[]::new));
        if (cluster.getNodeId() != null) {
            bus.nodeId(cluster.getNodeId());
        }
        builder.clusterBus(bus.build());
    }

    private static int bytes(DataSize size) {
        return Math.toIntExact(size.toBytes());
    }

    private static <T> void set(T value, Consumer<T> call) {
        if (value != null) {
            call.accept(value);
        }
    }

    private static <T, R> R or(T value, Function<T, R> convert, R fallback) {
        return value == null ? fallback : convert.apply(value);
    }
}
