package io.stompede.netty;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Sends a client heart-beat (one EOL) at a fixed rate until closed. */
final class Heartbeater implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    Heartbeater(TestClient client, Duration interval) {
        timer.scheduleAtFixedRate(() -> {
            try {
                client.sendRaw(new byte[] {'\n'});
            } catch (IOException e) {
                timer.shutdown();
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
