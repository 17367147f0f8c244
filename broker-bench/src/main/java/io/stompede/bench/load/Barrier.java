package io.stompede.bench.load;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Reads state that loops write, after a pass through each loop, so that the reader sees all of their writes. */
final class Barrier {
    private Barrier() {
    }

    static <T> T read(List<StompClient> clients, Supplier<T> reader) throws InterruptedException {
        Set<NioLoop> loops = new HashSet<>();
        clients.forEach(c -> loops.add(c.loop()));
        CountDownLatch passed = new CountDownLatch(loops.size());
        loops.forEach(loop -> loop.execute(passed::countDown));
        passed.await(5, TimeUnit.SECONDS);
        return reader.get();
    }
}
