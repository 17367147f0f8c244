package io.stompede.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sign-ups each address may try, on a clock of the test's. */
@Timeout(10)
class ChatSignUpLimitTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final SignUpLimit limit = new SignUpLimit(3, Duration.ofMinutes(1), now::get);

    @Test
    void anAddressMayTryThreeTimesInAnyMinute() throws Exception {
        InetAddress one = InetAddress.getByName("192.0.2.1");
        for (int i = 0; i < 3; i++) {
            assertThat(limit.tryAcquire(one)).isZero();
            advance(10);
        }

        assertThat(limit.tryAcquire(one)).as("30 s until the first try is a minute old").isEqualTo(30);
        assertThat(limit.tryAcquire(InetAddress.getByName("192.0.2.2"))).as("another address").isZero();
        advance(30);
        assertThat(limit.tryAcquire(one)).isZero();
        assertThat(limit.tryAcquire(one)).isEqualTo(10);
    }

    @Test
    void anIpv6AddressCountsByItsSlash64() throws Exception {
        for (int i = 1; i <= 3; i++) {
            assertThat(limit.tryAcquire(InetAddress.getByName("2001:db8:1:2::" + i))).isZero();
        }

        assertThat(limit.tryAcquire(InetAddress.getByName("2001:db8:1:2:ffff::9"))).isPositive();
        assertThat(limit.tryAcquire(InetAddress.getByName("2001:db8:1:3::1"))).isZero();
    }

    @Test
    void theAddressesRememberedAreBoundedAndForgottenAfterTheWindow() throws Exception {
        for (int i = 0; i < SignUpLimit.MAX_ADDRESSES; i++) {
            assertThat(limit.tryAcquire(InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i})))
                    .isZero();
        }

        InetAddress late = InetAddress.getByName("192.0.2.1");
        assertThat(limit.tryAcquire(late)).as("too many addresses at once").isPositive();
        advance(60);
        assertThat(limit.tryAcquire(late)).as("the others' tries are a minute old").isZero();
    }

    private void advance(long seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }
}
