package io.stompede.destination;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DestinationPatternCoversTest {
    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({
        "/topic/**,        /topic/a/b,         true",
        "/topic/**,        /topic/**,          true",
        "/topic/**,        /topic/*/x,         true",
        "/topic/**,        /queue/**,          false",
        "/topic/*,         /topic/*,           true",
        "/topic/*,         /topic/**,          false",
        "/topic/a/**,      /topic/**,          false",
        "/topic/*/x,       /topic/a/x,         true",
        "/topic/*/x,       /topic/**/x,        false",
        "/a/**/z,          /a/b/**/z,          true",
        "/topic/a,         /topic/a,           true",
        "/topic/a,         /topic/*,           false",
        "/topic/chat.**,   /topic/chat/*,      true",
        "**,               /anything/**,       true",
    })
    void coversWhatItMatchesAndNoMore(String rule, String subscription, boolean covers) {
        assertThat(DestinationPattern.compile(rule).covers(DestinationPattern.compile(subscription))).isEqualTo(covers);
    }
}
