package io.stompede.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.netty.StompServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of unusable configuration stops the start with exit code 2 and one message on
 * standard error that names the place (file and line, variable or option), the key and the reason.
 */
class BadConfigurationTest {
    @TempDir
    Path dir;

    private String file;

    /** Runs {@code --print-config} on a file holding {@code yaml}, and expects it refused with {@code message}. */
    private void refused(String yaml, String message) throws IOException {
        refused(Map.of(), yaml, message);
    }

    private void refused(Map<String, String> environment, String yaml, String message, String... args)
            throws IOException {
        Path config = dir.resolve("stompede.yaml");
        Files.writeString(config, yaml);
        file = config.toString();
        String[] all = new String[args.length + 3];
        all[0] = "--config";
        all[1] = file;
        all[2] = "--print-config";
        System.arraycopy(args, 0, all, 3, args.length);
        InProcess run = InProcess.run(environment, all);
        assertThat(run.code()).as(run.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).isEqualTo(message.replace("FILE", file));
    }

    @Test
    void anUnknownKeyIsNamedWithItsLineAndTheKeyMeant() throws IOException {
        refused("tcp:\n  port: 61613\nlimits:\n  max-conections: 5\n",
                "FILE:4: limits.max-conections: unknown key; did you mean limits.max-connections?");
        refused("colour: blue\n", "FILE:1: colour: unknown key");
    }

    @Test
    void aValueOfTheWrongKind() throws IOException {
        refused("tcp:\n  port: 61613\nlimits:\n  max-connections: lots\n",
                "FILE:4: limits.max-connections: expected a whole number, got \"lots\"");
        refused("heartbeat:\n  floor: soon\n",
                "FILE:2: heartbeat.floor: expected a duration such as 10s or 500ms, got \"soon\"");
        refused("security:\n  allow-anonymous: yes\n",
                "FILE:2: security.allow-anonymous: expected true or false, got \"yes\"");
        refused("stomp:\n  topic-prefix: [a, b]\n",
                "FILE:2: stomp.topic-prefix: expected a non-empty name, got a list");
        refused("limits:\n  max-body-size: big\n",
                "FILE:2: limits.max-body-size: expected a size in bytes (such as 65536 or 64KiB), got \"big\"");
    }

    @Test
    void aValueOutOfRange() throws IOException {
        refused("tcp:\n  port: 70000\n", "FILE:2: tcp.port: expected a whole number from -1 to 65535, got 70000");
        refused("limits:\n  default-prefetch: 0\n",
                "FILE:2: limits.default-prefetch: expected a whole number of at least 1, got 0");
        refused("heartbeat:\n  grace-factor: 0.5\n",
                "FILE:2: heartbeat.grace-factor: expected a number of at least 1.0, got 0.5");
    }

    @Test
    void aChoiceThatIsNotOneOfTheChoices() throws IOException {
        refused("websocket:\n  message-type: json\n",
                "FILE:2: websocket.message-type: expected one of auto, text, binary, got \"json\"");
    }

    @Test
    void aClusterRedisThatIsNoRedisSentinelOrRedisClusterUri() throws IOException {
        refused("cluster:\n  redis: http://127.0.0.1:6379\n",
                "FILE:2: cluster.redis: expected a Redis URI such as redis://127.0.0.1:6379 (rediss:// for TLS), the "
                        + "Sentinels that know it and the master's name: "
                        + "redis-sentinel://127.0.0.1:26379,127.0.0.1:26380#mymaster (rediss-sentinel:// for TLS), "
                        + "or nodes of a Redis Cluster: redis-cluster://127.0.0.1:7000,127.0.0.1:7001 (rediss-cluster:// "
                        + "for TLS), got \"http://127.0.0.1:6379\"");
    }

    @Test
    void aFileThatIsNotThere() throws IOException {
        Path missing = dir.resolve("no-such-users");
        refused("security:\n  acl: null\n  users: " + missing + "\n", "FILE:3: security.users: no such file: " + missing);
    }

    @Test
    void yamlThatDoesNotParse() throws IOException {
        refused("tcp:\n  port: 61613\n  path: [unclosed\nlimits: {}\n",
                "FILE:4: not valid YAML: expected ',' or ']', but got :");
        refused("tcp:\n  port: 1\n\tpath: /x\n",
                "FILE:3: not valid YAML: found character '\\t(TAB)' that cannot start any token. "
                        + "(Do not use \\t(TAB) for indentation)");
    }

    @Test
    void aKeyGivenTwiceOrAsASection() throws IOException {
        refused("tcp:\n  port: 1\n  port: 2\n", "FILE:3: tcp.port: given twice");
        refused("tcp:\n  port: 1\ntcp.port: 2\n", "FILE:3: tcp.port: given twice");
        refused("limits: 5\n", "FILE:1: limits: expected a section of keys, got \"5\"");
        refused("- tcp\n", "FILE:1: expected sections of keys such as 'tcp:' and 'limits:', got a list");
    }

    @Test
    void aBadItemOfAListOrMappingIsReportedAtItsOwnLine() throws IOException {
        refused("durability:\n  history:\n    /topic/chat.**: 50\n    /topic/news: 0\n",
                "FILE:4: durability.history: expected a whole number of at least 1, got 0");
        refused("websocket:\n  allowed-origins:\n    - https://a.example.com\n    - {}\n",
                "FILE:4: websocket.allowed-origins: expected an origin such as https://chat.example.com, "
                        + "got a mapping of keys");
    }

    @Test
    void keysThatOnlyWorkTogether() throws IOException {
        Path cert = Files.writeString(dir.resolve("server.crt"), "not read before the start");
        refused("tls:\n  cert: " + cert + "\n", "FILE:2: tls.cert: tls.key is not set: tls.cert needs it");
        refused("tcp:\n  tls:\n    client-auth: required\n",
                "FILE:3: tcp.tls.client-auth: tcp.tls.cert is not set, and the other keys of tcp.tls need it");
        refused("tcp:\n  port: -1\nwebsocket:\n  port: -1\n",
                "FILE:2: tcp.port: both listeners are off (port -1): nothing to serve");
        refused("proxies:\n  trusted: [10.0.0.5/8]\n",
                "FILE:2: proxies.trusted: " + builderRefusal(List.of("10.0.0.5/8")));
        refused("limits:\n  max-body-size: 8MiB\n",
                "FILE:2: limits.max-body-size: maxBodySize 8388608 exceeds maxFrameSize 4259840");
    }

    /** What the server builder says about trusting {@code proxies}. */
    private static String builderRefusal(List<String> proxies) {
        try {
            StompServer.builder().trustedProxies(proxies);
            throw new AssertionError("accepted " + proxies);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @Test
    void anUnknownOrBadEnvironmentVariable() throws IOException {
        refused(Map.of("STOMPEDE_TCP_PROT", "1"), "",
                "environment variable STOMPEDE_TCP_PROT: no configuration key has this variable; "
                        + "did you mean STOMPEDE_TCP_PORT?");
        refused(Map.of("STOMPEDE_LIMIT_MAX_CONNECTIONS", "1", "STOMPEDE_INTEROP_REQUIRED", "true"), "",
                "environment variable STOMPEDE_LIMIT_MAX_CONNECTIONS: no configuration key has this variable; "
                        + "did you mean STOMPEDE_LIMITS_MAX_CONNECTIONS?");
        refused(Map.of("STOMPEDE_LIMITS_MAX_CONNECTIONS", "lots"), "",
                "environment variable STOMPEDE_LIMITS_MAX_CONNECTIONS: limits.max-connections: "
                        + "expected a whole number, got \"lots\"");
    }

    @Test
    void variablesOutsideTheConfigurationAreLeftToTheirOwners() {
        InProcess run = InProcess.run(Map.of("STOMPEDE_INTEROP_REQUIRED", "true", "STOMPEDE_JAVA_OPTS", "-Xmx1g"),
                "--print-config");
        assertThat(run.code()).as(run.err()).isZero();
    }

    @Test
    void anUnknownOrBadOption() throws IOException {
        refused(Map.of(), "", "option --set limits.max-conections: unknown key; did you mean limits.max-connections?",
                "--set", "limits.max-conections=5");
        refused(Map.of(), "", "option --tcp-port: tcp.port: expected a whole number, got \"http\"", "--tcp-port", "http");
    }

    @Test
    void aConfigurationFileThatCannotBeRead() {
        Path missing = dir.resolve("missing.yaml");
        InProcess run = InProcess.run("--config", missing.toString(), "--print-config");
        assertThat(run.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err().strip()).isEqualTo(missing + ": no such configuration file");

        Path conf = dir.resolve("stompede.conf");
        run = InProcess.run("--config", conf.toString(), "--print-config");
        assertThat(run.err().strip())
                .isEqualTo(conf + ": the name of a configuration file ends in .yaml, .yml or .properties");
    }

    @Test
    void thePropertiesFileNamesItsLinesToo() throws IOException {
        Path config = Files.writeString(dir.resolve("old.properties"), "# old style\ntcp-port=0\n\ntcp-prot=1234\n");
        InProcess run = InProcess.run("--config", config.toString(), "--print-config");
        assertThat(run.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err().strip()).isEqualTo(config + ":4: tcp-prot: unknown key; did you mean tcp-port?");

        Files.writeString(config, "ws-port=0\nlimits.max-queue-depth=deep\n");
        run = InProcess.run("--config", config.toString(), "--print-config");
        assertThat(run.err().strip()).isEqualTo(config + ":2: limits.max-queue-depth: expected a whole number, got \"deep\"");
    }
}
