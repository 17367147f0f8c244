package io.stompede.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHashTest {
    @Test
    void aHashMatchesItsPasswordOnlyAndIsSaltedEachTime() {
        String first = PasswordHash.hash("correct horse".toCharArray(), 1_000);
        String second = PasswordHash.hash("correct horse".toCharArray(), 1_000);

        assertThat(first).startsWith("$pbkdf2-sha256$i=1000$").isNotEqualTo(second);
        assertThat(PasswordHash.parse(first).matches("correct horse".toCharArray())).isTrue();
        assertThat(PasswordHash.parse(first).matches("correct horsf".toCharArray())).isFalse();
        assertThat(PasswordHash.parse(first).matches(new char[0])).isFalse();
        assertThat(PasswordHash.parse(first).encoded()).isEqualTo(first);
    }

    @Test
    void theDefaultIterationCountIsStrong() {
        assertThat(PasswordHash.DEFAULT_ITERATIONS).isGreaterThanOrEqualTo(600_000);
    }

    @Test
    void malformedOrWeakHashesAndEmptyPasswordsAreRefused() {
        assertThatThrownBy(() -> PasswordHash.parse("plain-text")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordHash.parse("$pbkdf2-sha256$i=10$AAAAAAAAAAA$AAAA"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordHash.hash(new char[0], 1_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordHash.hash("x".toCharArray(), 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
