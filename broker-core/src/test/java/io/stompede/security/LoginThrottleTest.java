package io.stompede.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LoginThrottle throttle =
            new LoginThrottle(Duration.ofSeconds(1), Duration.ofSeconds(8), 100, now::get);
    private final InetSocketAddress guesser = new InetSocketAddress("10.0.0.1", 5000);
    private final InetSocketAddress sameHostOtherPort = new InetSocketAddress("10.0.0.1", 5001);
    private final InetSocketAddress someoneElse = new InetSocketAddress("10.0.0.2", 5000);

    @Test
    void oneFailureIsFreeThenTheWaitDoublesUpToTheMaximum() {
        throttle.failed(guesser);
        assertThat(throttle.reserve(sameHostOtherPort)).isZero();
        throttle.failed(guesser);
        assertThat(throttle.reserve(sameHostOtherPort)).isEqualTo(1_000);
        assertThat(throttle.reserve(someoneElse)).isZero();

        for (int i = 0; i < 10; i++) {
            throttle.failed(guesser);
        }
        assertThat(throttle.reserve(guesser)).isEqualTo(8_000);
    }

    @Test
    void parallelAttemptsQueueAndThoseBeyondTheMaximumAreRefused() {
        throttle.failed(guesser);
        throttle.failed(guesser);
        throttle.failed(guesser);   // 2 s between attempts
        assertThat(throttle.reserve(guesser)).isEqualTo(2_000);
        assertThat(throttle.reserve(guesser)).isEqualTo(4_000);
        assertThat(throttle.reserve(guesser)).isEqualTo(6_000);
        assertThat(throttle.reserve(guesser)).isEqualTo(8_000);
        assertThat(throttle.reserve(guesser)).isEqualTo(LoginThrottle.REFUSE);
    }

    @Test
    void aQuietAddressIsForgottenAndTheTableStaysBounded() {
        throttle.failed(guesser);
        throttle.failed(guesser);
        now.addAndGet(LoginThrottle.FORGET_AFTER.toNanos() + 1);
        assertThat(throttle.reserve(guesser)).isZero();

        for (int i = 0; i < 1_000; i++) {
            throttle.failed(new InetSocketAddress("10.1." + (i / 250) + "." + (i % 250), 1));
        }
        assertThat(throttle.size()).isEqualTo(100);
    }
}
