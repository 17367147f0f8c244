package io.stompede.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.frame.Headers;
import io.stompede.message.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The shares of memory queues get, and when their paused producers resume. */
class MemoryGaugeTest {
    private static final Message MESSAGE = new Message("m", "/queue/q", Headers.of(), new byte[1000]);
    private static final long SIZE = MESSAGE.sizeEstimate();
    private static final long CAP = 100 * SIZE;

    private static List<Message> fill(MemoryGauge.Account account, int messages) {
        List<Message> added = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            account.add(MESSAGE);
            added.add(MESSAGE);
        }
        return added;
    }

    private static void drain(MemoryGauge.Account account, List<Message> messages) {
        messages.forEach(account::remove);
    }

    @Test
    @DisplayName("a producer paused over its share resumes when other queues empty and its share grows, though its own queue never moves")
    void resumesWhenTheShareGrows() {
        MemoryGauge gauge = new MemoryGauge(CAP);
        MemoryGauge.Account a = gauge.account();
        MemoryGauge.Account junk = gauge.account();
        MemoryGauge.Account b = gauge.account();
        MemoryGauge.Account c = gauge.account();
        fill(a, 21);
        fill(junk, 40);
        List<Message> inB = fill(b, 15);
        List<Message> inC = fill(c, 15);
        // Four queues hold memory: a share is a fifth of the cap, 20 messages; a holds 21.
        assertThat(gauge.isUnderPressure()).isTrue();
        assertThat(a.isOverShare()).isTrue();
        AtomicInteger resumed = new AtomicInteger();
        a.resumeWhenBelowShare(resumed::incrementAndGet);
        assertThat(resumed).hasValue(0);

        drain(b, inB);
        assertThat(resumed).as("three queues: a share of 25, three quarters of it 18").hasValue(0);
        drain(c, inC);
        assertThat(resumed).as("two queues: a share of 33, and a holds 21 of it").hasValue(1);
        assertThat(gauge.bytes()).as("the junk still holds memory").isEqualTo(61 * SIZE);
    }

    @Test
    @DisplayName("a cancelled resumption never runs: a producer that left is not kept by a queue nobody drains")
    void cancelledResumptionIsForgotten() {
        MemoryGauge gauge = new MemoryGauge(CAP);
        MemoryGauge.Account queue = gauge.account();
        List<Message> held = fill(queue, 60);
        assertThat(queue.isOverShare()).isTrue();
        AtomicInteger resumed = new AtomicInteger();
        Runnable resume = resumed::incrementAndGet;
        queue.resumeWhenBelowShare(resume);
        queue.cancel(resume);

        drain(queue, held);
        assertThat(resumed).hasValue(0);
        assertThat(gauge.bytes()).isZero();
    }

    @Test
    @DisplayName("past the cap a queue over its share refuses; one under its share still takes messages up to the ceiling")
    void refusesOverShareAndAtTheCeiling() {
        MemoryGauge gauge = new MemoryGauge(CAP);
        MemoryGauge.Account big = gauge.account();
        fill(big, 100);
        MemoryGauge.Account small = gauge.account();
        assertThat(big.refuses(SIZE, false)).isTrue();
        assertThat(small.refuses(SIZE, false)).as("under its share").isFalse();
        fill(small, 34);
        assertThat(small.refuses(SIZE, true)).as("over its share of a third, past the cap").isTrue();
        MemoryGauge.Account drained = gauge.account();
        fill(drained, 16);
        assertThat(gauge.bytes()).isEqualTo(150 * SIZE);
        assertThat(drained.refuses(SIZE, false)).as("the ceiling, 150, for a queue nobody drains").isTrue();
        assertThat(drained.refuses(SIZE, true)).as("one being drained, under its share of 25").isFalse();
    }
}
