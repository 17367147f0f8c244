package io.stompede.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What every scenario does around its measurement: start the loops, open clients and wait for
 * them (with deadlines, so that a broker that does not answer ends the run instead of hanging it),
 * print the result line, and close everything.
 */
abstract class Scenario implements Callable<Integer> {
    @Mixin
    Target target;

    @Option(names = "--duration", defaultValue = "10", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--warmup", defaultValue = "3", description = "Seconds of load before measuring (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--size", defaultValue = "128", description = "Message body bytes (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--drain-timeout", defaultValue = "10", description = "Seconds to wait for the last messages after sending stops (default: ${DEFAULT-VALUE}).")
    int drainTimeoutSeconds;

    @Option(names = "--setup-timeout", defaultValue = "120", description = "Seconds allowed to connect and subscribe (default: ${DEFAULT-VALUE}).")
    int setupTimeoutSeconds;

    @Option(names = "--broker-pid", description = "The broker's process id (Linux): fanout and queue add the broker's "
            + "CPU time per message in the measured window, which a machine shared with other work blurs less "
            + "than a rate; connections adds its memory.")
    Long brokerPid;

    private final List<NioLoop> loops = new ArrayList<>();
    private final List<StompClient> clients = new ArrayList<>();

    @Override
    public final Integer call() throws Exception {
        size = Math.max(size, Payload.MIN_SIZE);
        for (int i = 0; i < Math.max(1, target.loops); i++) {
            NioLoop loop = new NioLoop(i);
            loop.start();
            loops.add(loop);
        }
        try {
            return run();
        } catch (SetupFailure e) {
            System.out.println("RESULT scenario=" + name() + " target=" + target.label + " transport=" + target.transport
                    + " error=\"" + e.getMessage() + "\"");
            return 1;
        } finally {
            for (NioLoop loop : loops) {
                loop.stop();
            }
            for (NioLoop loop : loops) {
                loop.join(5_000);
            }
        }
    }

    abstract String name();

    abstract int run() throws Exception;

    /** Creates a client of {@code --port} on the next loop, round robin, and starts connecting it. */
    StompClient open(StompClient.Listener listener) {
        return open(target.port, listener);
    }

    /** Creates a client of the broker at {@code port} on the next loop, round robin, and starts connecting it. */
    StompClient open(int port, StompClient.Listener listener) {
        NioLoop loop = loops.get(clients.size() % loops.size());
        StompClient client = new StompClient(loop, target, port, listener);
        clients.add(client);
        loop.execute(client::open);
        return client;
    }

    /** Runs {@code action} on the client's loop. */
    static void on(StompClient client, Runnable action) {
        client.loop().execute(action);
    }

    void awaitConnected(List<StompClient> group) throws InterruptedException {
        await("connect", () -> group.stream().allMatch(c -> c.connected), group);
    }

    /** Waits for the RECEIPT of each client's SUBSCRIBE, or for {@code --subscribed-after} when the target answers none. */
    void awaitSubscribed(List<StompClient> group) throws InterruptedException {
        if (target.subscribedAfterMillis == null) {
            await("subscribe", () -> group.stream().allMatch(c -> c.receipts >= 1), group);
            return;
        }
        long made = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(target.subscribedAfterMillis);
        await("subscribe", () -> System.nanoTime() >= made, group);
    }

    private void await(String what, BooleanSupplier done, List<StompClient> group) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(setupTimeoutSeconds);
        while (!done.getAsBoolean()) {
            for (StompClient client : group) {
                if (client.closed) {
                    throw new SetupFailure(what + " failed: " + client.error);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new SetupFailure(what + " timed out after " + setupTimeoutSeconds + " s");
            }
            Thread.sleep(5);
        }
    }

    /** Waits until {@code count} reaches {@code expected} or the drain timeout passes. */
    void awaitCount(AtomicLong count, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainTimeoutSeconds);
        while (count.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** How many clients closed during the run, with the first reason. */
    String failures() {
        long failed = clients.stream().filter(c -> c.closed).count();
        if (failed == 0) {
            return "";
        }
        String reason = clients.stream().filter(c -> c.error != null).map(c -> c.error).findFirst().orElse("?");
        return " closed=" + failed + " first_error=\"" + reason.replace('"', '\'') + "\"";
    }

    void result(String fields) {
        System.out.println("RESULT scenario=" + name() + " target=" + target.label + " transport=" + target.transport
                + " " + fields + failures());
    }

    /** The broker's CPU time so far, in nanoseconds, or -1 without {@code --broker-pid}. */
    long brokerCpuNanos() throws java.io.IOException {
        return brokerPid == null ? -1 : new BrokerProcess(brokerPid).cpuNanos();
    }

    /**
     * The result field {@code broker_cpu_us_per_UNIT}: the broker's CPU microseconds since
     * {@code cpuBefore} per one of {@code count}; "" without {@code --broker-pid}.
     */
    String brokerCpuPer(String unit, long cpuBefore, long count) throws java.io.IOException {
        if (cpuBefore < 0 || count == 0) {
            return "";
        }
        return " broker_cpu_us_per_" + unit + "=" + String.format(Locale.ROOT, "%.3f", (brokerCpuNanos() - cpuBefore) / 1e3 / count);
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static void sleepUntil(long deadlineNanos) throws InterruptedException {
        long left;
        while ((left = deadlineNanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, 100_000_000L));
        }
    }

    /** Setup that did not complete: reported as the scenario's result instead of a number. */
    static final class SetupFailure extends RuntimeException {
        SetupFailure(String message) {
            super(message);
        }
    }
}
