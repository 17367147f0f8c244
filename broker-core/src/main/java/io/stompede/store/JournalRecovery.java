package io.stompede.store;

import io.stompede.routing.Message;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the journal's state by reading every segment in order. At the first record that is
 * not whole and intact (a write torn by a crash, or a flipped bit) it cuts: the segment is
 * truncated there and any later segments are set aside as {@code *.corrupt} files for an operator
 * to inspect; everything before the cut is kept.
 *
 * <p>Confined to the thread that opens the journal.
 */
final class JournalRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);

    /** Live entries by key and live bindings by queue, each in the order they were written. */
    final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    final LinkedHashMap<String, String> bindings = new LinkedHashMap<>();
    /** The highest segment number seen, 0 when there was none. */
    long lastSegment;
    /** How many records were read and kept. */
    long records;

    record Entry(String queue, Message message) {
    }

    void recover(Path dir, SegmentLedger ledger) throws IOException {
        List<Long> segments = SegmentFiles.list(dir);
        for (int i = 0; i < segments.size(); i++) {
            long number = segments.get(i);
            lastSegment = number;
            ledger.open(number);
            Path file = SegmentFiles.path(dir, number);
            if (!readSegment(file, number, ledger)) {
                setAside(dir, segments.subList(i + 1, segments.size()));
                return;
            }
        }
    }

    /** Reads one segment; returns {@code false} when it had to be cut. */
    private boolean readSegment(Path file, long number, SegmentLedger ledger) throws IOException {
        ByteBuffer content = ByteBuffer.wrap(Files.readAllBytes(file));
        if (content.remaining() < SegmentFiles.MAGIC.length
                || !Arrays.equals(content.array(), 0, SegmentFiles.MAGIC.length, SegmentFiles.MAGIC, 0, SegmentFiles.MAGIC.length)) {
            LOG.warn("Journal segment {} has no valid header; it is emptied", file);
            cut(file, 0);
            return content.remaining() == 0;
        }
        content.position(SegmentFiles.MAGIC.length);
        while (content.hasRemaining()) {
            JournalRecord record = RecordCodec.read(content);
            if (record == null) {
                LOG.warn("Journal segment {} is torn or corrupt at byte {} of {}; cutting it there, keeping {} records before it",
                        file, content.position(), content.limit(), records);
                cut(file, content.position());
                return false;
            }
            apply(record, number, ledger);
            records++;
        }
        return true;
    }

    private void apply(JournalRecord record, long segment, SegmentLedger ledger) {
        switch (record.type()) {
            case RecordCodec.ADD -> {
                String key = JournalKeys.key(record.queue(), record.value());
                ledger.added(key, segment);
                entries.put(key, new Entry(record.queue(), record.message()));
            }
            case RecordCodec.ACK -> {
                String key = JournalKeys.key(record.queue(), record.value());
                ledger.removed(key, segment);
                entries.remove(key);
            }
            case RecordCodec.BIND -> {
                ledger.added(JournalKeys.bindingKey(record.queue()), segment);
                bindings.remove(record.queue());
                bindings.put(record.queue(), record.value());
            }
            case RecordCodec.UNBIND -> {
                ledger.removed(JournalKeys.bindingKey(record.queue()), segment);
                bindings.remove(record.queue());
            }
            default -> throw new IllegalStateException("record type " + record.type());
        }
    }

    private static void cut(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(position);
            channel.force(true);
        }
    }

    private static void setAside(Path dir, List<Long> later) throws IOException {
        for (long number : later) {
            Path file = SegmentFiles.path(dir, number);
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
            LOG.error("Journal segment {} follows a corrupt one and is set aside as {}", file, aside);
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
