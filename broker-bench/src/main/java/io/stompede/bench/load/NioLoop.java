package io.stompede.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One selector thread that owns a set of client connections: it reads and parses what arrives,
 * runs tasks handed to it by other threads, and writes what its clients queued once per round, so
 * that a burst of sends costs one system call per connection rather than one per frame.
 *
 * <p>Threading: everything but {@link #execute}, {@link #wakeup} and {@link #stop} runs on the
 * loop's own thread.
 */
final class NioLoop implements Runnable {
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<StompClient> dirty = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    NioLoop(int index) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this, "load-loop-" + index);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    /** Runs {@code task} on the loop's thread soon. Any thread. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Queues {@code task} without waking the loop; a later {@link #wakeup()} must follow. Any thread. */
    void executeLater(Runnable task) {
        tasks.add(task);
    }

    void wakeup() {
        selector.wakeup();
    }

    /** Asks for {@code client}'s queued bytes to be written at the end of this round. Loop thread. */
    void markDirty(StompClient client) {
        dirty.add(client);
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    @Override
    public void run() {
        try {
            while (running) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    ((StompClient) key.attachment()).handle(key);
                }
                selector.selectedKeys().clear();
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                for (int i = 0; i < dirty.size(); i++) {
                    dirty.get(i).flush();
                }
                dirty.clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (SelectionKey key : selector.keys()) {
                ((StompClient) key.attachment()).close();
            }
            try {
                selector.close();
            } catch (IOException e) {
                // Nothing is left to release: the process is finishing the scenario.
            }
        }
    }
}
