package io.stompede.store;

import io.stompede.message.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads paged-out entries back from the journal's segment files, keeping one read channel open
 * per segment read from, until the segment is reclaimed or the journal closed.
 *
 * <p>Thread-safe: positional reads on a shared channel do not interfere, and the channels are
 * opened through a concurrent map. A segment is only forgotten once none of its entries is live,
 * so no reader still needs it.
 */
final class SegmentReaders {
    private final Path dir;
    private final ConcurrentHashMap<Long, FileChannel> channels = new ConcurrentHashMap<>();

    SegmentReaders(Path dir) {
        this.dir = dir;
    }

    Message read(long location) {
        long segment = JournalLocation.segment(location);
        try {
            return RecordCodec.readAt(channel(segment), JournalLocation.offset(location));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal segment " + segment + " in " + dir, e);
        }
    }

    /** The segment was deleted: closes its channel, if one was opened. */
    void forget(long segment) {
        FileChannel channel = channels.remove(segment);
        if (channel != null) {
            closeQuietly(channel);
        }
    }

    void close() {
        channels.values().forEach(SegmentReaders::closeQuietly);
        channels.clear();
    }

    private FileChannel channel(long segment) throws IOException {
        try {
            return channels.computeIfAbsent(segment, number -> {
                try {
                    return FileChannel.open(SegmentFiles.path(dir, number), StandardOpenOption.READ);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Only read from: nothing is lost by a failed close.
        }
    }
}
