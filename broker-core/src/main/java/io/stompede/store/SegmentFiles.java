package io.stompede.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Names and lists the journal's segment files: {@code segment-NNNNNNNNNNNNNNNNNNNN.journal},
 * numbered from 1, each starting with the 8 bytes {@link #MAGIC}. Stateless.
 */
final class SegmentFiles {
    static final byte[] MAGIC = "STMPJNL1".getBytes(StandardCharsets.US_ASCII);
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".journal";

    private SegmentFiles() {
    }

    static Path path(Path dir, long number) {
        return dir.resolve(PREFIX + String.format("%020d", number) + SUFFIX);
    }

    /** The segment numbers in {@code dir}, in ascending order. */
    static List<Long> list(Path dir) throws IOException {
        List<Long> numbers = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                try {
                    numbers.add(Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length())));
                } catch (NumberFormatException e) {
                    // Not one of ours; left alone.
                }
            }
        }
        numbers.sort(null);
        return numbers;
    }
}
