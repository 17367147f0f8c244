package io.stompede.netty.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The admin endpoint's reading of Host and Origin, without any name resolved. */
class AdminHostsTest {
    @Test
    void loopbackHostsAreLocalhostAndTheLoopbackLiteralsWithAnyPort() {
        for (String host : List.of("localhost", "LOCALHOST:9090", "127.0.0.1", "127.255.0.1:1", "[::1]", "[::1]:9090",
                "[0:0:0:0:0:0:0:1]:80", " localhost ")) {
            assertThat(Hosts.isLoopback(host)).as(host).isTrue();
        }
        for (String host : List.of("", "evil.example", "localhost.", "localhost.evil.example", "127.0.0.1.nip.io",
                "128.0.0.1", "127.0.0", "127.0.0.256", "0177.0.0.1x", "127.0.0.1:", "127.0.0.1:123456",
                "127.0.0.1:80:80", "[::1", "[::1]x", "[::2]", "::1", "0x7f000001")) {
            assertThat(Hosts.isLoopback(host)).as(host).isFalse();
        }
        assertThat(Hosts.isLoopback(null)).isFalse();
    }

    @Test
    void theOwnOriginIsHttpWithTheHostAndPortOfTheRequest() {
        assertThat(Hosts.isSameOrigin("http://127.0.0.1:9090", "127.0.0.1:9090")).isTrue();
        assertThat(Hosts.isSameOrigin("HTTP://LocalHost:9090", "localhost:9090")).isTrue();
        assertThat(Hosts.isSameOrigin("http://admin.example", "admin.example:80")).isTrue();
        assertThat(Hosts.isSameOrigin("http://admin.example:80", "admin.example")).isTrue();
        assertThat(Hosts.isSameOrigin("http://[::1]:9090", "[::1]:9090")).isTrue();
        assertThat(Hosts.isSameOrigin("https://127.0.0.1:9090", "127.0.0.1:9090")).isFalse();
        assertThat(Hosts.isSameOrigin("http://127.0.0.1:9091", "127.0.0.1:9090")).isFalse();
        assertThat(Hosts.isSameOrigin("http://127.0.0.1:8080", "127.0.0.1:80")).isFalse();
        assertThat(Hosts.isSameOrigin("http://evil.example", "127.0.0.1:9090")).isFalse();
        assertThat(Hosts.isSameOrigin("null", "127.0.0.1:9090")).isFalse();
        assertThat(Hosts.isSameOrigin("http://127.0.0.1:9090/", "127.0.0.1:9090")).isFalse();
        assertThat(Hosts.isSameOrigin("http://127.0.0.1:9090", null)).isFalse();
        assertThat(Hosts.isSameOrigin(null, "127.0.0.1:9090")).isFalse();
    }
}
