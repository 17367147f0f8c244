package io.stompede.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChannelsTest {
    private final Channels channels = new Channels("c", false);

    @Test
    void anExactTopicIsOneChannel() {
        assertThat(channels.of("/topic/chat.room-5")).isEqualTo("c:topic:/topic/chat.room-5");
    }

    @Test
    void aPatternCoversEitherSeparatorAndEndsAtAManySegmentWildcard() {
        assertThat(channels.patternOf("/topic/chat/*")).isEqualTo("c:topic:?topic?chat?*");
        assertThat(channels.patternOf("/topic/chat/**")).isEqualTo("c:topic:?topic?chat*");
        assertThat(channels.patternOf("/topic/#")).isEqualTo("c:topic:?topic*");
        assertThat(channels.patternOf("/topic/*/news")).isEqualTo("c:topic:?topic?*?news");
    }

    @Test
    void globCharactersInNamesAreEscaped() {
        assertThat(channels.patternOf("/topic/a[1]?/*")).isEqualTo("c:topic:?topic?a\\[1\\]\\??*");
    }
}
