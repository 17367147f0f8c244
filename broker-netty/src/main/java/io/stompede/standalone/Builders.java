package io.stompede.standalone;

import io.stompede.Broker;
import io.stompede.BrokerBuilder;
import io.stompede.cluster.redis.RedisClusterBus;
import io.stompede.netty.StompServer;
import io.stompede.netty.StompServerBuilder;
import io.stompede.netty.admin.AdminServer;
import io.stompede.security.SecurityFiles;
import java.util.Optional;

/**
 * The builders a configuration is applied to: the broker's, the server's and, when the admin
 * endpoint is on, the endpoint's; and the cluster bus, which both the broker and the endpoint are
 * given. The server and the endpoint are given the broker only once it is built. Confined to the
 * main thread.
 */
final class Builders {
    private final BrokerBuilder broker = Broker.builder();
    private final StompServerBuilder server = StompServer.builder();
    private RedisClusterBus cluster;
    private AdminServer.Builder admin;
    private SecurityFiles securityFiles;

    /** The broker's builder. */
    BrokerBuilder broker() {
        return broker;
    }

    /** The server's builder, without its broker yet. */
    StompServerBuilder server() {
        return server;
    }

    /** Makes the broker a node of the cluster {@code bus} joins, which the admin endpoint then reports on. */
    void cluster(RedisClusterBus bus) {
        broker.clusterBus(bus);
        cluster = bus;
    }

    /** Users and rules files to follow once the broker runs. */
    void securityFiles(SecurityFiles files) {
        securityFiles = files;
    }

    /** The users and rules files to follow, when either is configured. */
    Optional<SecurityFiles> securityFiles() {
        return Optional.ofNullable(securityFiles);
    }

    /** The cluster bus, or {@code null} for a single node. */
    RedisClusterBus cluster() {
        return cluster;
    }

    /** Turns the admin endpoint on: its builder, which still needs the broker, server and cluster at start. */
    AdminServer.Builder enableAdmin() {
        if (admin == null) {
            admin = AdminServer.builder();
        }
        return admin;
    }

    /** The admin endpoint's builder, when it is on. */
    Optional<AdminServer.Builder> admin() {
        return Optional.ofNullable(admin);
    }
}
