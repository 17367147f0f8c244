package io.stompede.store;

import io.stompede.message.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message store on disk: an append-only journal of records (ADD an entry to a queue, ACK it,
 * BIND or UNBIND a durable subscription) in segment files of a data directory, each record with
 * a CRC32C checksum. Opening it replays the segments, cutting off a torn or corrupt tail (see
 * {@link JournalRecovery}); segments whose entries are all settled are deleted as the broker
 * runs. When the RECEIPT of a persistent message goes out depends on the {@link FsyncPolicy};
 * with {@code always}, concurrent appends share one fsync.
 *
 * <pre>{@code
 * Broker broker = Broker.builder()
 *         .messageStore(JournalMessageStore.open(Path.of("data"), FsyncPolicy.always()))
 *         .build();
 * }</pre>
 *
 * <p>One process at a time may open a data directory (a lock file guards it). Thread-safe:
 * callers encode their records on their own thread; one writer thread writes them in call order.
 */
public final class JournalMessageStore implements MessageStore {
    /** The default size at which the journal starts a new segment: 32 MiB. */
    public static final long DEFAULT_SEGMENT_SIZE = 32L << 20;

    // Record offsets must fit a JournalLocation.
    private static final long MAX_SEGMENT_SIZE = 1L << 30;

    private static final Logger LOG = LoggerFactory.getLogger(JournalMessageStore.class);

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final JournalWriter writer;
    private final SegmentReaders readers;
    private JournalRecovery recovered;

    private JournalMessageStore(Path dir, FileChannel lockChannel, FileLock lock, JournalRecovery recovered,
                                JournalWriter writer, SegmentReaders readers) {
        this.dir = dir;
        this.readers = readers;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.recovered = recovered;
        this.writer = writer;
    }

    /** Opens (creating if needed) the journal in {@code dir} with 32 MiB segments. */
    public static JournalMessageStore open(Path dir, FsyncPolicy policy) throws IOException {
        return open(dir, policy, DEFAULT_SEGMENT_SIZE);
    }

    /**
     * Opens (creating if needed) the journal in {@code dir}, replaying what it holds.
     *
     * @param segmentSize the size past which a new segment is started, at most 1 GiB; a record
     *                    larger than it gets a segment of its own
     * @throws IOException when the directory cannot be read or written, or another process holds it
     */
    public static JournalMessageStore open(Path dir, FsyncPolicy policy, long segmentSize) throws IOException {
        Objects.requireNonNull(policy, "policy");
        if (segmentSize < 1024 || segmentSize > MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("segmentSize must be from 1 KiB to 1 GiB, was " + segmentSize);
        }
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lockChannel.close();
            throw new IOException("the data directory " + dir + " is in use by another store of this process", e);
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("the data directory " + dir + " is in use by another process");
        }
        try {
            long started = System.nanoTime();
            SegmentLedger ledger = new SegmentLedger();
            JournalRecovery recovery = new JournalRecovery();
            recovery.recover(dir, ledger);
            LOG.info("Journal {}: replayed {} records in {} ms; {} live entries, {} durable subscriptions",
                    dir, recovery.records, (System.nanoTime() - started) / 1_000_000, recovery.live.length,
                    recovery.bindings.size());
            SegmentReaders readers = new SegmentReaders(dir);
            JournalWriter writer = new JournalWriter(dir, recovery.lastSegment + 1, segmentSize, policy, ledger, readers);
            return new JournalMessageStore(dir, lockChannel, lock, recovery, writer, readers);
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    @Override
    public CompletionStage<Long> append(String queue, Message message) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        writer.submit(new JournalWriter.Entry(RecordCodec.add(queue, message), RecordCodec.ADD,
                JournalKeys.key(queue, message.id()), done));
        return done;
    }

    @Override
    public void ack(String queue, String messageId) {
        writer.submit(new JournalWriter.Entry(RecordCodec.ack(queue, messageId), RecordCodec.ACK,
                JournalKeys.key(queue, messageId), null));
    }

    @Override
    public CompletionStage<Void> bind(String queue, String topicPattern) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        writer.submit(new JournalWriter.Entry(RecordCodec.bind(queue, topicPattern), RecordCodec.BIND,
                JournalKeys.bindingKey(queue), done));
        return done.thenApply(location -> null);
    }

    @Override
    public boolean readsBack() {
        return true;
    }

    @Override
    public Optional<StoreStats> stats() {
        return Optional.of(writer.stats());
    }

    @Override
    public Message read(long location) {
        return readers.read(location);
    }

    @Override
    public void unbind(String queue) {
        writer.submit(new JournalWriter.Entry(RecordCodec.unbind(queue), RecordCodec.UNBIND,
                JournalKeys.bindingKey(queue), null));
    }

    /** Hands over what was recovered at open, once; the recovered state is then released. */
    @Override
    public synchronized void replay(Recovery recovery) {
        JournalRecovery state = recovered;
        recovered = null;
        if (state == null) {
            return;
        }
        for (Map.Entry<String, String> binding : state.bindings.entrySet()) {
            recovery.binding(binding.getKey(), binding.getValue());
        }
        try {
            JournalRecovery.replay(dir, state.live, recovery);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes and forces what was appended, then releases the files and the directory. Idempotent. */
    @Override
    public synchronized void close() {
        writer.close();
        readers.close();
        try {
            if (lock.isValid()) {
                lock.release();
            }
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "JournalMessageStore[" + dir + "]";
    }
}
