package io.stompede.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's one writer: a thread that takes encoded records from a queue, writes whatever
 * has accumulated as one batch, forces it to disk once if the policy says so, and only then
 * completes the batch's futures. Concurrent appends thus share one fsync (group commit), and the
 * order of records on disk is the order of {@link #submit} calls. It also rolls segments and
 * deletes those the {@link SegmentLedger} says are reclaimable.
 *
 * <p>Threading: {@link #submit} and {@link #close} from any thread; everything else, the ledger
 * included, on the writer thread only.
 */
final class JournalWriter {
    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
    private static final int MAX_BATCH = 4096;

    /** A record to write, the ledger change it makes, and who waits for it. */
    record Entry(byte[] bytes, byte type, String key, CompletableFuture<Long> done) {
    }

    private static final Entry STOP = new Entry(new byte[0], (byte) 0, null, null);

    private final Path dir;
    private final long segmentSize;
    private final FsyncPolicy policy;
    private final SegmentLedger ledger;
    private final SegmentReaders readers;
    private final LinkedBlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopped;
    /** Set once the writer thread has left its loop: what is queued after that is failed by its submitter. */
    private volatile boolean finished;
    // Written by the writer thread only, read by monitors from any thread.
    private volatile long recordsWritten;
    private volatile long bytesWritten;
    private volatile long fsyncs;
    private volatile long fsyncNanos;
    private volatile int segments;
    private volatile long liveEntries;

    // Writer thread only.
    private final List<Entry> batch = new ArrayList<>();
    private final long[] locations = new long[MAX_BATCH];
    private final List<ByteBuffer> pendingWrites = new ArrayList<>();
    private FileChannel channel;
    private long segment;
    private long size;
    private boolean dirty;
    private long lastForceNanos = System.nanoTime();
    // Volatile because stats() reads it too.
    private volatile IOException failure;

    JournalWriter(Path dir, long firstSegment, long segmentSize, FsyncPolicy policy, SegmentLedger ledger,
                  SegmentReaders readers) throws IOException {
        this.dir = dir;
        this.readers = readers;
        this.segmentSize = segmentSize;
        this.policy = policy;
        this.ledger = ledger;
        openSegment(firstSegment);
        reclaim();
        liveEntries = ledger.liveEntries();
        this.thread = new Thread(this::run, "stompede-journal-" + dir.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues a record; {@code done}, if any, completes with the record's {@link JournalLocation}
     * once it is as durable as the policy promises.
     */
    void submit(Entry entry) {
        if (stopped) {
            if (entry.done() != null) {
                entry.done().completeExceptionally(new IOException("the journal is closed"));
            }
            return;
        }
        queue.add(entry);
        if (finished) {
            // The writer ended between the check and the add: nothing else will take the entry.
            failQueued();
        }
    }

    /** What the writer has done since it started. */
    StoreStats stats() {
        return new StoreStats(recordsWritten, bytesWritten, fsyncs, fsyncNanos, segments, liveEntries, failure != null);
    }

    /** Writes and forces what was submitted, then stops the thread and closes the segment. */
    void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        queue.add(STOP);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        boolean running = true;
        while (running) {
            try {
                Entry first = policy.mode() == FsyncPolicy.Mode.INTERVAL && dirty
                        ? queue.poll(untilNextForceNanos(), TimeUnit.NANOSECONDS)
                        : queue.take();
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                }
                running = writeBatch();
                if (policy.mode() == FsyncPolicy.Mode.INTERVAL && dirty && untilNextForceNanos() <= 0) {
                    force();
                }
            } catch (InterruptedException e) {
                running = false;
            } catch (IOException e) {
                LOG.error("The journal in {} cannot be written; persistent messages are refused from now on", dir, e);
                failure = e;
            } catch (RuntimeException | Error e) {
                // The writer's state cannot be trusted any more (out of memory, a bug): stop it so
                // that every waiting and later append fails at once instead of waiting forever.
                LOG.error("The journal writer for {} failed; persistent messages are refused from now on", dir, e);
                failure = new IOException("the journal writer failed", e);
                stopped = true;
                running = false;
            } finally {
                fail(batch, failure);
                batch.clear();
                pendingWrites.clear();
            }
        }
        finished = true;
        closeSegment();
    }

    /** Writes the batch; returns {@code false} once it met {@link #STOP}. */
    private boolean writeBatch() throws IOException {
        boolean stop = false;
        boolean settled = false;
        for (int i = 0; i < batch.size(); i++) {
            Entry entry = batch.get(i);
            if (entry == STOP) {
                stop = true;
                continue;
            }
            if (failure != null) {
                continue;
            }
            if (size + entry.bytes().length > segmentSize && size > SegmentFiles.MAGIC.length) {
                roll();
            }
            locations[i] = JournalLocation.of(segment, size);
            if (!account(entry, locations[i])) {
                continue;
            }
            settled |= entry.type() == RecordCodec.ACK || entry.type() == RecordCodec.UNBIND;
            pendingWrites.add(ByteBuffer.wrap(entry.bytes()));
            size += entry.bytes().length;
            recordsWritten++;
            bytesWritten += entry.bytes().length;
        }
        if (failure != null) {
            return !stop;
        }
        flushWrites();
        if (policy.mode() == FsyncPolicy.Mode.ALWAYS || stop) {
            force();
        }
        // Before the futures complete, so that whoever waited on one reads figures that include it.
        liveEntries = ledger.liveEntries();
        for (int i = 0; i < batch.size(); i++) {
            Entry entry = batch.get(i);
            if (entry.done() != null) {
                entry.done().complete(locations[i]);
            }
        }
        batch.clear();
        if (settled) {
            reclaim();
        }
        return !stop;
    }

    /**
     * Updates the ledger for an entry about to land in the current segment; returns whether its
     * record must be written at all (an ACK of an entry that is not live need not be).
     */
    private boolean account(Entry entry, long location) {
        return switch (entry.type()) {
            case RecordCodec.ADD, RecordCodec.BIND -> {
                ledger.added(entry.key(), location);
                yield true;
            }
            case RecordCodec.ACK, RecordCodec.UNBIND -> ledger.removed(entry.key(), segment);
            default -> throw new IllegalStateException("record type " + entry.type());
        };
    }

    private void flushWrites() throws IOException {
        if (pendingWrites.isEmpty()) {
            return;
        }
        ByteBuffer[] buffers = pendingWrites.toArray(new ByteBuffer[0]);
        long remaining = 0;
        for (ByteBuffer buffer : buffers) {
            remaining += buffer.remaining();
        }
        while (remaining > 0) {
            remaining -= channel.write(buffers);
        }
        pendingWrites.clear();
        dirty = true;
    }

    private void force() throws IOException {
        if (dirty) {
            long started = System.nanoTime();
            channel.force(false);
            fsyncNanos += System.nanoTime() - started;
            fsyncs++;
            dirty = false;
        }
        lastForceNanos = System.nanoTime();
    }

    private long untilNextForceNanos() {
        return lastForceNanos + policy.interval().toNanos() - System.nanoTime();
    }

    private void roll() throws IOException {
        flushWrites();
        if (policy.mode() != FsyncPolicy.Mode.NEVER) {
            force();
        }
        channel.close();
        openSegment(segment + 1);
    }

    private void openSegment(long number) throws IOException {
        Path file = SegmentFiles.path(dir, number);
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        channel.write(ByteBuffer.wrap(SegmentFiles.MAGIC));
        channel.force(true);
        forceDirectory();
        segment = number;
        size = SegmentFiles.MAGIC.length;
        ledger.open(number);
        segments = ledger.segmentCount();
    }

    /** Makes a created or deleted file's directory entry durable too; not every platform can. */
    private void forceDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot force directory {}: {}", dir, e.toString());
        }
    }

    private void reclaim() {
        for (long number : ledger.reclaim(segment)) {
            try {
                readers.forget(number);
                Files.deleteIfExists(SegmentFiles.path(dir, number));
                LOG.debug("Reclaimed journal segment {}", number);
            } catch (IOException e) {
                LOG.warn("Cannot delete journal segment {} in {}", number, dir, e);
            }
        }
        segments = ledger.segmentCount();
    }

    private void closeSegment() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("Cannot close the journal segment in {}", dir, e);
        }
        failQueued();
    }

    private void failQueued() {
        Entry left;
        while ((left = queue.poll()) != null) {
            if (left.done() != null) {
                left.done().completeExceptionally(new IOException("the journal is closed"));
            }
        }
    }

    private static void fail(List<Entry> entries, IOException cause) {
        for (Entry entry : entries) {
            if (entry.done() != null && !entry.done().isDone()) {
                entry.done().completeExceptionally(cause != null ? cause : new IOException("the journal write failed"));
            }
        }
    }
}
