package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FileLimitTest {
    @Test
    @DisplayName("the connection cap is the open-file limit less a tenth, at least 64, kept for everything else")
    void capFollowsTheOpenFileLimit() {
        assertThat(FileLimit.connectionsAllowed(20_000)).isEqualTo(18_000);
        assertThat(FileLimit.connectionsAllowed(1_048_576)).isEqualTo(943_719);
        assertThat(FileLimit.connectionsAllowed(256)).isEqualTo(192);
        assertThat(FileLimit.connectionsAllowed(-1)).isEqualTo(FileLimit.UNKNOWN_LIMIT_CONNECTIONS);
    }

    @Test
    @DisplayName("this process's own limit leaves room for the thousands of connections the tests open")
    void thisProcess() {
        assertThat(FileLimit.connectionsAllowed()).isGreaterThan(5_000);
    }
}
