package io.stompede.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.standalone.Settings.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --print-config}: every key, set to a value other than its default through each source,
 * comes back from the printed YAML with the same value; and each source overrides the one before.
 */
class PrintConfigTest {
    @TempDir
    Path dir;

    /** A value other than the default for every key, as YAML. */
    private final Map<String, String> nonDefault = new LinkedHashMap<>();

    @BeforeEach
    void everyKeySetToAnotherValue() throws IOException {
        String cert = Files.writeString(dir.resolve("server.crt"), "-").toString();
        String key = Files.writeString(dir.resolve("server.key"), "-").toString();
        String ca = Files.writeString(dir.resolve("ca.crt"), "-").toString();
        put("server.bind", "0.0.0.0");
        put("server.io-threads", "3");
        put("server.native-transport", "false");
        put("server.write-buffer-low", "16KiB");
        put("server.write-buffer-high", "1MiB");
        put("server.close-linger", "500ms");
        put("server.shutdown-timeout", "30s");
        put("tcp.port", "1234");
        put("websocket.port", "2345");
        put("websocket.path", "/chat");
        put("websocket.message-type", "binary");
        put("websocket.framing", "batched");
        put("websocket.max-message-size", "2MiB");
        put("websocket.allowed-origins", "[https://chat.example.com, 'https://b.example.com:8443']");
        for (String tls : List.of("tcp.tls", "websocket.tls", "tls")) {
            put(tls + ".cert", cert);
            put(tls + ".key", key);
            put(tls + ".ca", ca);
            put(tls + ".client-auth", tls.equals("tls") ? "optional" : "required");
            put(tls + ".ciphers", "[TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384]");
        }
        put("proxies.trusted", "[10.0.0.0/8, '2001:db8::7']");
        put("proxies.proxy-protocol", "true");
        put("proxies.forwarded-header", "forwarded");
        put("limits.max-connections", "5000");
        put("limits.max-connections-per-address", "50");
        put("limits.connect-timeout", "5s");
        put("limits.max-frame-size", "8MiB");
        put("limits.max-body-size", "8000KiB");
        put("limits.max-header-count", "32");
        put("limits.max-header-line-length", "4KiB");
        put("limits.max-frames-per-second", "500");
        put("limits.max-throttled-seconds", "3");
        put("limits.max-subscriptions-per-session", "10");
        put("limits.max-transactions-per-session", "2");
        put("limits.max-frames-per-transaction", "100");
        put("limits.max-transaction-bytes", "2MiB");
        put("limits.max-durable-subscriptions", "500");
        put("limits.max-durable-subscriptions-per-principal", "20");
        put("limits.max-anonymous-durable-subscriptions", "3");
        put("limits.max-queues", "900");
        put("limits.max-queues-per-principal", "90");
        put("limits.idle-destination-timeout", "30s");
        put("limits.max-queue-depth", "50");
        put("limits.default-prefetch", "7");
        put("limits.slow-consumer-backlog", "99");
        put("limits.slow-consumer-policy", "disconnect");
        put("limits.max-memory", "64MiB");
        put("heartbeat.floor", "2s");
        put("heartbeat.ceiling", "2m");
        put("heartbeat.grace-factor", "1.5");
        put("stomp.versions", "[1.1, 1.2]");
        put("stomp.virtual-hosts", "[chat.example.com]");
        put("stomp.topic-prefix", "/t/");
        put("stomp.queue-prefix", "/q/");
        put("stomp.default-destination-type", "point-to-point");
        put("dead-letters.destination", "/queue/dead");
        put("dead-letters.max-deliveries", "3");
        put("durability.durable-queues", "['/queue/orders.**', /queue/audit]");
        put("durability.history", "{'/topic/chat.**': 50, /topic/news: 10}");
        put("durability.max-durable-subscription-depth", "77");
        put("journal.data-dir", dir.resolve("data").toString());
        put("journal.fsync", "interval:250");
        put("security.users", Files.writeString(dir.resolve("users"), "sensor - sensors\n").toString());
        put("security.allow-anonymous", "true");
        put("security.acl", Files.writeString(dir.resolve("acl"), "* subscribe /topic/**\n").toString());
        put("security.login-throttle-delay", "2s");
        put("security.login-throttle-max-delay", "1m");
        put("security.login-throttle-addresses", "99");
        put("security.authentication-threads", "3");
        put("security.authentication-queue", "9");
        put("security.reload-interval", "5s");
        put("security.credentials-warning", "30s");
        put("security.jwt.hmac-secret-file", Files.writeString(dir.resolve("secret"),
                "a-secret-of-at-least-thirty-two-bytes").toString());
        put("security.jwt.public-key", Files.writeString(dir.resolve("key.pem"), rsaPublicKeyPem()).toString());
        put("security.jwt.jwks-file", Files.writeString(dir.resolve("jwks.json"), "{\"keys\": []}").toString());
        put("security.jwt.issuer", "https://login.example.com/");
        put("security.jwt.audience", "stompede");
        put("security.jwt.clock-skew", "30s");
        put("security.jwt.principal-claim", "preferred_username");
        put("security.jwt.groups-claim", "roles");
        put("resume.enabled", "false");
        put("resume.grace", "30s");
        put("resume.max-messages", "50");
        put("resume.max-bytes", "64KiB");
        put("resume.max-detached-sessions", "500");
        put("resume.max-detached-sessions-per-principal", "5");
        put("cluster.redis", "redis://127.0.0.1:16379");
        put("cluster.node-id", "node-7");
        put("cluster.name", "chat");
        put("cluster.local-queues", "[/queue/local., /queue/node.]");
        put("admin.port", "9191");
        put("admin.bind", "0.0.0.0");
        put("admin.group", "operators");
    }

    private static String rsaPublicKeyPem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void put(String key, String yaml) {
        nonDefault.put(key, yaml);
    }

    @Test
    void theTestSetsEveryKeyTheParserKnows() {
        assertThat(nonDefault.keySet()).containsExactlyInAnyOrderElementsOf(ConfigKeys.names());
    }

    @Test
    void everyKeySetInAFileRoundTripsThroughPrintConfig() throws Exception {
        StringBuilder yaml = new StringBuilder();
        nonDefault.forEach((key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
        Path config = Files.writeString(dir.resolve("all.yaml"), yaml);
        Map<Key<?>, Setting> given = YamlConfigFile.read(config, "all.yaml");
        for (Key<?> key : ConfigKeys.ALL) {
            assertThat(given.get(key).value()).as(key.name()).isNotNull().isNotEqualTo(key.defaultValue());
        }

        InProcess run = InProcess.run("--config", config.toString(), "--print-config");
        assertThat(run.code()).as(run.err()).isZero();
        assertSameValues(YamlConfigFile.parse(run.out(), "printed"), given);
        assertThat(run.out()).contains("  port: 1234  # " + config + ":8\n");
    }

    @Test
    void everyKeySetByItsEnvironmentVariableOrBySetRoundTripsToo() throws Exception {
        StringBuilder yaml = new StringBuilder();
        nonDefault.forEach((key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
        Map<Key<?>, Setting> given = YamlConfigFile.parse(yaml.toString(), "given");
        Map<String, String> environment = new HashMap<>();
        String[] sets = new String[2 * given.size() + 1];
        int i = 0;
        for (Map.Entry<Key<?>, Setting> entry : given.entrySet()) {
            String text = entry.getKey().toText(entry.getValue().value());
            environment.put(entry.getKey().envName(), text);
            sets[i++] = "--set";
            sets[i++] = entry.getKey().name() + "=" + text;
        }
        sets[i] = "--print-config";

        InProcess byEnvironment = InProcess.run(environment, "--print-config");
        assertThat(byEnvironment.code()).as(byEnvironment.err()).isZero();
        assertSameValues(YamlConfigFile.parse(byEnvironment.out(), "printed"), given);
        assertThat(byEnvironment.out()).contains("  port: 1234  # environment variable STOMPEDE_TCP_PORT\n");

        InProcess bySet = InProcess.run(sets);
        assertThat(bySet.code()).as(bySet.err()).isZero();
        assertSameValues(YamlConfigFile.parse(bySet.out(), "printed"), given);
    }

    private static void assertSameValues(Map<Key<?>, Setting> printed, Map<Key<?>, Setting> given) {
        assertThat(printed.keySet()).containsExactlyInAnyOrderElementsOf(ConfigKeys.ALL);
        for (Key<?> key : ConfigKeys.ALL) {
            assertThat(printed.get(key).value()).as(key.name()).isEqualTo(given.get(key).value());
        }
    }

    @Test
    void theEnvironmentOverridesTheFileAndTheCommandLineOverridesBoth() throws Exception {
        Path config = Files.writeString(dir.resolve("stompede.yaml"), "tcp:\n  port: 1000\nwebsocket:\n  port: 1001\n"
                + "limits:\n  max-queue-depth: 5\n");
        Map<String, String> environment = Map.of("STOMPEDE_TCP_PORT", "2000", "STOMPEDE_WEBSOCKET_PORT", "2001");
        InProcess run = InProcess.run(environment, "--config", config.toString(), "--tcp-port", "3000", "--print-config");
        assertThat(run.code()).as(run.err()).isZero();
        Map<Key<?>, Setting> printed = YamlConfigFile.parse(run.out(), "printed");
        assertThat(printed.get(ServerKeys.TCP_PORT).value()).isEqualTo(3000);
        assertThat(printed.get(ServerKeys.WS_PORT).value()).isEqualTo(2001);
        assertThat(printed.get(BrokerKeys.MAX_QUEUE_DEPTH).value()).isEqualTo(5);
        assertThat(run.out()).contains("  port: 3000  # option --tcp-port\n")
                .contains("  port: 2001  # environment variable STOMPEDE_WEBSOCKET_PORT\n")
                .contains("  max-queue-depth: 5  # " + config + ":6\n");

        run = InProcess.run(environment, "--config", config.toString(), "--set", "tcp.port=4000", "--print-config");
        assertThat(YamlConfigFile.parse(run.out(), "printed").get(ServerKeys.TCP_PORT).value()).isEqualTo(4000);
    }

    @Test
    void stompedeConfigNamesTheFileWhenTheCommandLineDoesNot() throws Exception {
        Path named = Files.writeString(dir.resolve("named.yaml"), "tcp:\n  port: 1111\n");
        Path given = Files.writeString(dir.resolve("given.yml"), "tcp:\n  port: 2222\n");
        InProcess run = InProcess.run(Map.of("STOMPEDE_CONFIG", named.toString()), "--print-config");
        assertThat(YamlConfigFile.parse(run.out(), "printed").get(ServerKeys.TCP_PORT).value()).isEqualTo(1111);
        run = InProcess.run(Map.of("STOMPEDE_CONFIG", named.toString()), "--config", given.toString(), "--print-config");
        assertThat(YamlConfigFile.parse(run.out(), "printed").get(ServerKeys.TCP_PORT).value()).isEqualTo(2222);
    }

    @Test
    void theOlderPropertiesFileStillWorksAndReachesEveryKey() throws Exception {
        Path config = Files.writeString(dir.resolve("old.properties"),
                "tcp-port=1234\nallowed-origins=https://a.example.com,https://b.example.com\n"
                        + "durability.history=/topic/chat.**=50,/topic/news=10\n");
        InProcess run = InProcess.run("--config", config.toString(), "--print-config");
        assertThat(run.code()).as(run.err()).isZero();
        Map<Key<?>, Setting> printed = YamlConfigFile.parse(run.out(), "printed");
        assertThat(printed.get(ServerKeys.TCP_PORT).value()).isEqualTo(1234);
        assertThat(printed.get(ServerKeys.WS_ALLOWED_ORIGINS).value())
                .isEqualTo(List.of("https://a.example.com", "https://b.example.com"));
        assertThat(printed.get(BrokerKeys.HISTORY).value()).isEqualTo(Map.of("/topic/chat.**", 50, "/topic/news", 10));
        assertThat(run.out()).contains("  port: 1234  # " + config + ":1\n");
    }

    @Test
    void clusterRedisTakesRedisSentinelAndRedisClusterUrisWithOrWithoutTls() throws Exception {
        for (String uri : List.of("redis://127.0.0.1:6379", "rediss://redis.example.com:6380",
                "redis-sentinel://127.0.0.1:26379,127.0.0.1:26380#mymaster",
                "rediss-sentinel://s1.example.com:26379,s2.example.com:26379#mymaster",
                "redis-cluster://127.0.0.1:7000,127.0.0.1:7001", "rediss-cluster://c1.example.com:7000")) {
            InProcess run = InProcess.run("--cluster", uri, "--print-config");
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(YamlConfigFile.parse(run.out(), "printed").get(ClusterKeys.REDIS).value()).as(uri).isEqualTo(uri);
        }
    }

    @Test
    void aSecretIsNeverPrinted() {
        Key<String> password = new Key<>("tls.key-password", ValueTypes.text("text", s -> true), null, "A password.",
                (b, v) -> { }, true);
        Key<String> plain = Key.of("tls.key-name", ValueTypes.text("text", s -> true), "k", "A name.", (b, v) -> { });
        Settings settings = Settings.defaults(List.of(password, plain)).with(Map.of(
                password, new Setting("hunter2", Origin.environment("STOMPEDE_TLS_KEY_PASSWORD"))));
        String printed = ConfigPrinter.print(settings, "");
        assertThat(printed).doesNotContain("hunter2")
                .contains("key-password: null  # set by environment variable STOMPEDE_TLS_KEY_PASSWORD, not shown")
                .contains("key-name: k\n");
    }
}
