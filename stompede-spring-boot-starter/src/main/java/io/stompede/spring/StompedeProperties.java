package io.stompede.spring;

import io.stompede.config.BrokerConfig.DestinationType;
import io.stompede.config.BrokerConfig.SlowConsumerPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code stompede.*} properties: the broker that takes the simple broker's place, its journal,
 * limits and cluster, and the TCP listener it may open beside the application. They follow the
 * standalone broker's configuration file ({@code stompede.yaml}) key for key where both have a key.
 * A property left unset keeps the broker's own default ({@code io.stompede.BrokerBuilder} documents
 * each), so the defaults live in one place. Bound once at start by Spring Boot.
 */
@ConfigurationProperties("stompede")
public class StompedeProperties {
    /** Whether Stompede takes the place of Spring's simple broker; false leaves the simple broker. */
    private boolean enabled = true;

    private final Journal journal = new Journal();
    private final Durability durability = new Durability();
    private final Limits limits = new Limits();
    private final Heartbeat heartbeat = new Heartbeat();
    private final Stomp stomp = new Stomp();
    private final DeadLetters deadLetters = new DeadLetters();
    private final Resume resume = new Resume();
    private final Cluster cluster = new Cluster();
    private final Security security = new Security();
    private final Tcp tcp = new Tcp();
    private final Bridge bridge = new Bridge();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Journal getJournal() {
        return journal;
    }

    public Durability getDurability() {
        return durability;
    }

    public Limits getLimits() {
        return limits;
    }

    public Heartbeat getHeartbeat() {
        return heartbeat;
    }

    public Stomp getStomp() {
        return stomp;
    }

    public DeadLetters getDeadLetters() {
        return deadLetters;
    }

    public Resume getResume() {
        return resume;
    }

    public Cluster getCluster() {
        return cluster;
    }

    public Security getSecurity() {
        return security;
    }

    public Tcp getTcp() {
        return tcp;
    }

    public Bridge getBridge() {
        return bridge;
    }

    /** Where persistent messages, durable subscriptions and history are kept. */
    public static class Journal {
        /** Directory of the journal; unset keeps everything in memory, gone when the application stops. */
        private Path dataDir;
        /** When the journal forces writes to disk: always (before each RECEIPT), interval, interval:MILLIS or never. */
        private String fsync = "always";

        public Path getDataDir() {
            return dataDir;
        }

        public void setDataDir(Path dataDir) {
            this.dataDir = dataDir;
        }

        public String getFsync() {
            return fsync;
        }

        public void setFsync(String fsync) {
            this.fsync = fsync;
        }
    }

    /** What the broker stores and retains. */
    public static class Durability {
        /** Queues (patterns such as /queue/orders.**) whose every message is stored, as if sent with persistent:true. */
        private List<String> durableQueues = new ArrayList<>();
        /** Topics (patterns) that retain their last N messages for a SUBSCRIBE with x-history; the first match wins. */
        private Map<String, Integer> history = new LinkedHashMap<>();
        /** Messages a durable subscription keeps while its subscriber is away; unset: 10,000. */
        private Integer maxDurableSubscriptionDepth;

        public List<String> getDurableQueues() {
            return durableQueues;
        }

        public void setDurableQueues(List<String> durableQueues) {
            this.durableQueues = durableQueues;
        }

        public Map<String, Integer> getHistory() {
            return history;
        }

        public void setHistory(Map<String, Integer> history) {
            this.history = history;
        }

        public Integer getMaxDurableSubscriptionDepth() {
            return maxDurableSubscriptionDepth;
        }

        public void setMaxDurableSubscriptionDepth(Integer maxDurableSubscriptionDepth) {
            this.maxDurableSubscriptionDepth = maxDurableSubscriptionDepth;
        }
    }

    /** Protocol and resource limits; each unset one keeps the broker's default. */
    public static class Limits {
        /** Time a client has between opening its WebSocket session and sending CONNECT; unset: 10s. */
        private Duration connectTimeout;
        /** Largest frame, command to NUL; unset: 4160KB. */
        private DataSize maxFrameSize;
        /** Largest frame body, at most max-frame-size; unset: 4MB. */
        private DataSize maxBodySize;
        /** Most header lines in a frame; unset: 64. */
        private Integer maxHeaderCount;
        /** Longest command or header line; unset: 8KB. */
        private DataSize maxHeaderLineLength;
        /** Inbound frames per second and session, past which reading pauses for the second; unset: 0, no rate. */
        private Integer maxFramesPerSecond;
        /** Seconds in a row over the frame rate after which a client gets an ERROR; unset: 0, never. */
        private Integer maxThrottledSeconds;
        /** Subscriptions one session may hold; unset: 1000. */
        private Integer maxSubscriptionsPerSession;
        /** Transactions one session may have open; unset: 16. */
        private Integer maxTransactionsPerSession;
        /** Frames one transaction may hold; unset: 10,000. */
        private Integer maxFramesPerTransaction;
        /** Bytes one session may hold in its open transactions together; unset: 16MB. */
        private DataSize maxTransactionBytes;
        /** Durable subscriptions on the broker; unset: 10,000. */
        private Integer maxDurableSubscriptions;
        /** Durable subscriptions one principal may create; unset: 100. */
        private Integer maxDurableSubscriptionsPerPrincipal;
        /** Durable subscriptions clients with no principal may create, per address; unset: 10. */
        private Integer maxAnonymousDurableSubscriptions;
        /** Queues on the broker; unset: 100,000. */
        private Integer maxQueues;
        /** Queues one principal may create; unset: 10,000. */
        private Integer maxQueuesPerPrincipal;
        /** Time an empty queue with no consumer is kept before it is forgotten; 0 keeps it forever; unset: 1m. */
        private Duration idleDestinationTimeout;
        /** Messages a queue keeps waiting, past which a SEND gets an ERROR; unset: 0, no count (max-memory holds). */
        private Integer maxQueueDepth;
        /** Unsettled messages per subscription whose SUBSCRIBE names no prefetch-count; unset: 1000. */
        private Integer defaultPrefetch;
        /** Topic messages that may wait for one subscription before the slow-consumer policy acts; unset: 10,000. */
        private Integer slowConsumerBacklog;
        /** What happens past the backlog: drop-oldest (messages) or disconnect (the subscriber); unset: drop-oldest. */
        private SlowConsumerPolicy slowConsumerPolicy;
        /** Queue message bytes held in memory, shared among queues; unset: a quarter of the heap. */
        private DataSize maxMemory;

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public DataSize getMaxFrameSize() {
            return maxFrameSize;
        }

        public void setMaxFrameSize(DataSize maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
        }

        public DataSize getMaxBodySize() {
            return maxBodySize;
        }

        public void setMaxBodySize(DataSize maxBodySize) {
            this.maxBodySize = maxBodySize;
        }

        public Integer getMaxHeaderCount() {
            return maxHeaderCount;
        }

        public void setMaxHeaderCount(Integer maxHeaderCount) {
            this.maxHeaderCount = maxHeaderCount;
        }

        public DataSize getMaxHeaderLineLength() {
            return maxHeaderLineLength;
        }

        public void setMaxHeaderLineLength(DataSize maxHeaderLineLength) {
            this.maxHeaderLineLength = maxHeaderLineLength;
        }

        public Integer getMaxFramesPerSecond() {
            return maxFramesPerSecond;
        }

        public void setMaxFramesPerSecond(Integer maxFramesPerSecond) {
            this.maxFramesPerSecond = maxFramesPerSecond;
        }

        public Integer getMaxThrottledSeconds() {
            return maxThrottledSeconds;
        }

        public void setMaxThrottledSeconds(Integer maxThrottledSeconds) {
            this.maxThrottledSeconds = maxThrottledSeconds;
        }

        public Integer getMaxSubscriptionsPerSession() {
            return maxSubscriptionsPerSession;
        }

        public void setMaxSubscriptionsPerSession(Integer maxSubscriptionsPerSession) {
            this.maxSubscriptionsPerSession = maxSubscriptionsPerSession;
        }

        public Integer getMaxTransactionsPerSession() {
            return maxTransactionsPerSession;
        }

        public void setMaxTransactionsPerSession(Integer maxTransactionsPerSession) {
            this.maxTransactionsPerSession = maxTransactionsPerSession;
        }

        public Integer getMaxFramesPerTransaction() {
            return maxFramesPerTransaction;
        }

        public void setMaxFramesPerTransaction(Integer maxFramesPerTransaction) {
            this.maxFramesPerTransaction = maxFramesPerTransaction;
        }

        public DataSize getMaxTransactionBytes() {
            return maxTransactionBytes;
        }

        public void setMaxTransactionBytes(DataSize maxTransactionBytes) {
            this.maxTransactionBytes = maxTransactionBytes;
        }

        public Integer getMaxDurableSubscriptions() {
            return maxDurableSubscriptions;
        }

        public void setMaxDurableSubscriptions(Integer maxDurableSubscriptions) {
            this.maxDurableSubscriptions = maxDurableSubscriptions;
        }

        public Integer getMaxDurableSubscriptionsPerPrincipal() {
            return maxDurableSubscriptionsPerPrincipal;
        }

        public void setMaxDurableSubscriptionsPerPrincipal(Integer maxDurableSubscriptionsPerPrincipal) {
            this.maxDurableSubscriptionsPerPrincipal = maxDurableSubscriptionsPerPrincipal;
        }

        public Integer getMaxAnonymousDurableSubscriptions() {
            return maxAnonymousDurableSubscriptions;
        }

        public void setMaxAnonymousDurableSubscriptions(Integer maxAnonymousDurableSubscriptions) {
            this.maxAnonymousDurableSubscriptions = maxAnonymousDurableSubscriptions;
        }

        public Integer getMaxQueues() {
            return maxQueues;
        }

        public void setMaxQueues(Integer maxQueues) {
            this.maxQueues = maxQueues;
        }

        public Integer getMaxQueuesPerPrincipal() {
            return maxQueuesPerPrincipal;
        }

        public void setMaxQueuesPerPrincipal(Integer maxQueuesPerPrincipal) {
            this.maxQueuesPerPrincipal = maxQueuesPerPrincipal;
        }

        public Duration getIdleDestinationTimeout() {
            return idleDestinationTimeout;
        }

        public void setIdleDestinationTimeout(Duration idleDestinationTimeout) {
            this.idleDestinationTimeout = idleDestinationTimeout;
        }

        public Integer getMaxQueueDepth() {
            return maxQueueDepth;
        }

        public void setMaxQueueDepth(Integer maxQueueDepth) {
            this.maxQueueDepth = maxQueueDepth;
        }

        public Integer getDefaultPrefetch() {
            return defaultPrefetch;
        }

        public void setDefaultPrefetch(Integer defaultPrefetch) {
            this.defaultPrefetch = defaultPrefetch;
        }

        public Integer getSlowConsumerBacklog() {
            return slowConsumerBacklog;
        }

        public void setSlowConsumerBacklog(Integer slowConsumerBacklog) {
            this.slowConsumerBacklog = slowConsumerBacklog;
        }

        public SlowConsumerPolicy getSlowConsumerPolicy() {
            return slowConsumerPolicy;
        }

        public void setSlowConsumerPolicy(SlowConsumerPolicy slowConsumerPolicy) {
            this.slowConsumerPolicy = slowConsumerPolicy;
        }

        public DataSize getMaxMemory() {
            return maxMemory;
        }

        public void setMaxMemory(DataSize maxMemory) {
            this.maxMemory = maxMemory;
        }
    }

    /** The heart-beats the broker agrees to; the broker, not Spring, sends and checks them. */
    public static class Heartbeat {
        /** Shortest heart-beat interval the broker agrees to, either way; unset: 1s. */
        private Duration floor;
        /** Longest interval between the broker's heart-beats; 0 turns heart-beats off; unset: 1m. */
        private Duration ceiling;
        /** How much longer than its interval a client may stay silent; unset: 2.0. */
        private Double graceFactor;

        public Duration getFloor() {
            return floor;
        }

        public void setFloor(Duration floor) {
            this.floor = floor;
        }

        public Duration getCeiling() {
            return ceiling;
        }

        public void setCeiling(Duration ceiling) {
            this.ceiling = ceiling;
        }

        public Double getGraceFactor() {
            return graceFactor;
        }

        public void setGraceFactor(Double graceFactor) {
            this.graceFactor = graceFactor;
        }
    }

    /** How destinations route. */
    public static class Stomp {
        /** Prefix of publish-subscribe destinations; unset: /topic/. */
        private String topicPrefix;
        /** Prefix of point-to-point destinations; unset: /queue/. */
        private String queuePrefix;
        /** How destinations with neither prefix route; unset: publish-subscribe. */
        private DestinationType defaultDestinationType;
        /** CONNECT host values accepted; empty accepts any. */
        private List<String> virtualHosts = new ArrayList<>();

        public String getTopicPrefix() {
            return topicPrefix;
        }

        public void setTopicPrefix(String topicPrefix) {
            this.topicPrefix = topicPrefix;
        }

        public String getQueuePrefix() {
            return queuePrefix;
        }

        public void setQueuePrefix(String queuePrefix) {
            this.queuePrefix = queuePrefix;
        }

        public DestinationType getDefaultDestinationType() {
            return defaultDestinationType;
        }

        public void setDefaultDestinationType(DestinationType defaultDestinationType) {
            this.defaultDestinationType = defaultDestinationType;
        }

        public List<String> getVirtualHosts() {
            return virtualHosts;
        }

        public void setVirtualHosts(List<String> virtualHosts) {
            this.virtualHosts = virtualHosts;
        }
    }

    /** Where queue messages that were never acknowledged end up. */
    public static class DeadLetters {
        /** Where dead-lettered queue messages go; unset: /queue/DLQ. */
        private String destination;
        /** Deliveries without an ACK after which a queue message is dead-lettered; unset: 10. */
        private Integer maxDeliveries;

        public String getDestination() {
            return destination;
        }

        public void setDestination(String destination) {
            this.destination = destination;
        }

        public Integer getMaxDeliveries() {
            return maxDeliveries;
        }

        public void setMaxDeliveries(Integer maxDeliveries) {
            this.maxDeliveries = maxDeliveries;
        }
    }

    /** Session resume: a client whose connection dropped gets its session back with the token of its CONNECTED. */
    public static class Resume {
        /** Hand out resume tokens on CONNECTED (x-resume-token); false ends every session with its connection. */
        private boolean enabled = true;
        /** How long a session whose connection dropped waits for its client; unset: 2m. */
        private Duration grace;
        /** Topic messages a detached session keeps for its client; unset: 1000. */
        private Integer maxMessages;
        /** The same bound in bytes; unset: 1MB. */
        private DataSize maxBytes;
        /** Detached sessions kept at once; unset: 10,000. */
        private Integer maxDetachedSessions;
        /** Detached sessions kept at once per principal (per address for anonymous clients); unset: 1000. */
        private Integer maxDetachedSessionsPerPrincipal;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getGrace() {
            return grace;
        }

        public void setGrace(Duration grace) {
            this.grace = grace;
        }

        public Integer getMaxMessages() {
            return maxMessages;
        }

        public void setMaxMessages(Integer maxMessages) {
            this.maxMessages = maxMessages;
        }

        public DataSize getMaxBytes() {
            return maxBytes;
        }

        public void setMaxBytes(DataSize maxBytes) {
            this.maxBytes = maxBytes;
        }

        public Integer getMaxDetachedSessions() {
            return maxDetachedSessions;
        }

        public void setMaxDetachedSessions(Integer maxDetachedSessions) {
            this.maxDetachedSessions = maxDetachedSessions;
        }

        public Integer getMaxDetachedSessionsPerPrincipal() {
            return maxDetachedSessionsPerPrincipal;
        }

        public void setMaxDetachedSessionsPerPrincipal(Integer maxDetachedSessionsPerPrincipal) {
            this.maxDetachedSessionsPerPrincipal = maxDetachedSessionsPerPrincipal;
        }
    }

    /** Several application instances acting as one broker through Redis. */
    public static class Cluster {
        /**
         * Redis through which this instance joins a cluster, sharing its topics and queues: redis://HOST:PORT,
         * redis-sentinel://HOST:PORT,HOST:PORT#MASTER or redis-cluster://HOST:PORT,HOST:PORT (rediss:// and so
         * on for TLS); unset: a single instance.
         */
        private String redis;
        /** This instance's id as the others see it; unset: a random one at each start. */
        private String nodeId;
        /** Prefix of the cluster's Redis keys and channels: two clusters on one Redis need two. */
        private String name = "stompede";
        /** Queues whose names start with one of these stay on the instance that received the SEND. */
        private List<String> localQueues = new ArrayList<>();

        public String getRedis() {
            return redis;
        }

        public void setRedis(String redis) {
            this.redis = redis;
        }

        public String getNodeId() {
            return nodeId;
        }

        public void setNodeId(String nodeId) {
            this.nodeId = nodeId;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public List<String> getLocalQueues() {
            return localQueues;
        }

        public void setLocalQueues(List<String> localQueues) {
            this.localQueues = localQueues;
        }
    }

    /** Who may do what: the session's principal comes from Spring (Spring Security or the handshake). */
    public static class Security {
        /**
         * Access rules file (the standalone broker's format): who may send and subscribe where, by principal
         * name and group (a Spring Security authority); unset allows everything, unless the application
         * supplies an io.stompede.security.Authorizer bean.
         */
        private Path acl;

        public Path getAcl() {
            return acl;
        }

        public void setAcl(Path acl) {
            this.acl = acl;
        }
    }

    /** Stompede's own STOMP-over-TCP listener beside the application, for clients that are not browsers. */
    public static class Tcp {
        /** Port of the listener; 0 picks a free port; unset: no listener. */
        private Integer port;
        /** Address the listener binds; 0.0.0.0 for every interface. */
        private String bind = "127.0.0.1";

        public Integer getPort() {
            return port;
        }

        public void setPort(Integer port) {
            this.port = port;
        }

        public String getBind() {
            return bind;
        }

        public void setBind(String bind) {
            this.bind = bind;
        }
    }

    /** How Spring's WebSocket sessions are carried to the broker in-process. */
    public static class Bridge {
        /** Threads the bridged sessions run on, each session on one of them; 0 for one per core. */
        private int threads;
        /** Bytes queued for a WebSocket session above which the broker holds back its messages (see slow-consumer-policy). */
        private DataSize writeBufferHigh = DataSize.ofKilobytes(128);
        /** Queued bytes below which it takes messages again. */
        private DataSize writeBufferLow = DataSize.ofKilobytes(32);
        /**
         * Bytes a session may send while the broker has paused it (a queue over its memory share, the frame
         * rate) before it is closed: a WebSocket cannot be told to stop reading, so what arrives is held.
         */
        private DataSize maxPausedInput = DataSize.ofMegabytes(1);

        public int getThreads() {
            return threads;
        }

        public void setThreads(int threads) {
            this.threads = threads;
        }

        public DataSize getWriteBufferHigh() {
            return writeBufferHigh;
        }

        public void setWriteBufferHigh(DataSize writeBufferHigh) {
            this.writeBufferHigh = writeBufferHigh;
        }

        public DataSize getWriteBufferLow() {
            return writeBufferLow;
        }

        public void setWriteBufferLow(DataSize writeBufferLow) {
            this.writeBufferLow = writeBufferLow;
        }

        public DataSize getMaxPausedInput() {
            return maxPausedInput;
        }

        public void setMaxPausedInput(DataSize maxPausedInput) {
            this.maxPausedInput = maxPausedInput;
        }
    }
}
