package io.stompede.store;

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
 * Rebuilds the journal's state by reading every segment in order. This first pass decodes only
 * each record's keys, to learn which entries are live and where they lie; {@link #replay} then
 * decodes the messages of the live entries alone, segment by segment, and hands each over with
 * its location, so that its receiver may leave it on disk. Neither pass holds more than one
 * segment's bytes. At the first record that is
 * not whole and intact (a write torn by a crash, or a flipped bit) it cuts: the segment is
 * truncated there and any later segments are set aside as {@code *.corrupt} files for an operator
 * to inspect; everything before the cut is kept.
 *
 * <p>Confined to the thread that opens the journal.
 */
final class JournalRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);

    /** Live bindings by queue, in the order they were written. */
    final LinkedHashMap<String, String> bindings = new LinkedHashMap<>();
    /** The locations of the live entries, in journal order; set once recovery read every segment. */
    long[] live = new long[0];
    /** The highest segment number seen, 0 when there was none. */
    long lastSegment;
    /** How many records were read and kept. */
    long records;

    void recover(Path dir, SegmentLedger ledger) throws IOException {
        List<Long> segments = SegmentFiles.list(dir);
        for (int i = 0; i < segments.size(); i++) {
            long number = segments.get(i);
            lastSegment = number;
            ledger.open(number);
            Path file = SegmentFiles.path(dir, number);
            if (!readSegment(file, number, ledger)) {
                setAside(dir, segments.subList(i + 1, segments.size()));
                break;
            }
        }
        live = ledger.liveMessageLocations();
    }

    /**
     * Hands every live entry to {@code recovery}, in journal order: each its queue's in append
     * order. Its message is decoded only if the receiver asks for it.
     */
    static void replay(Path dir, long[] live, MessageStore.Recovery recovery) throws IOException {
        StringCache shared = new StringCache();
        int i = 0;
        while (i < live.length) {
            long segment = JournalLocation.segment(live[i]);
            ByteBuffer content = ByteBuffer.wrap(Files.readAllBytes(SegmentFiles.path(dir, segment)));
            for (; i < live.length && JournalLocation.segment(live[i]) == segment; i++) {
                int offset = JournalLocation.offset(live[i]);
                JournalRecord record = RecordCodec.read(content.position(offset));
                if (record == null) {
                    throw new IOException("journal segment " + segment + " changed under its recovery at byte " + offset);
                }
                recovery.message(record.queue(), live[i], () -> RecordCodec.message(content, offset, shared));
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
            int offset = content.position();
            JournalRecord record = RecordCodec.read(content);
            if (record == null) {
                LOG.warn("Journal segment {} is torn or corrupt at byte {} of {}; cutting it there, keeping {} records before it",
                        file, content.position(), content.limit(), records);
                cut(file, content.position());
                return false;
            }
            apply(record, JournalLocation.of(number, offset), ledger);
            records++;
        }
        return true;
    }

    private void apply(JournalRecord record, long location, SegmentLedger ledger) {
        long segment = JournalLocation.segment(location);
        switch (record.type()) {
            case RecordCodec.ADD -> ledger.added(JournalKeys.key(record.queue(), record.value()), location);
            case RecordCodec.ACK -> ledger.removed(JournalKeys.key(record.queue(), record.value()), segment);
            case RecordCodec.BIND -> {
                ledger.added(JournalKeys.bindingKey(record.queue()), location);
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
