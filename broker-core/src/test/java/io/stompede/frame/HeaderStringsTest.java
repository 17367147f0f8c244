package io.stompede.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderStringsTest {
    private final HeaderStrings strings = new HeaderStrings(8);

    @Test
    void aRepeatedValueIsTheSameString() {
        byte[] bytes = "xx/topic/prices".getBytes(StandardCharsets.US_ASCII);
        String first = strings.get(bytes, 2, bytes.length - 2);

        assertThat(first).isEqualTo("/topic/prices");
        assertThat(strings.get(bytes, 2, bytes.length - 2)).isSameAs(first);
    }

    @Test
    void aOneOffValueIsDecodedButNotKept() {
        byte[] bytes = "alice".getBytes(StandardCharsets.US_ASCII);
        String once = strings.getOnce(bytes, 0, bytes.length);

        assertThat(once).isEqualTo("alice");
        assertThat(strings.get(bytes, 0, bytes.length)).isEqualTo("alice").isNotSameAs(once);
    }

    @Test
    void aWellKnownValueIsSharedEitherWay() {
        byte[] bytes = "1.2".getBytes(StandardCharsets.US_ASCII);

        assertThat(strings.getOnce(bytes, 0, bytes.length)).isSameAs(strings.get(bytes, 0, bytes.length)).isEqualTo("1.2");
    }
}
