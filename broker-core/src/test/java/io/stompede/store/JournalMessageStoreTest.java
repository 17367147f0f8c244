package io.stompede.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stompede.frame.Headers;
import io.stompede.message.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal on its own: replay, cutting damaged tails, segments and their reclamation. */
class JournalMessageStoreTest {
    private static final long SMALL_SEGMENT = 1024;

    @TempDir
    Path dir;

    @Test
    @DisplayName("a reopened journal replays exactly the unacknowledged entries, in append order, per queue")
    void replaysUnacknowledgedInOrder() throws IOException {
        try (JournalMessageStore store = JournalMessageStore.open(dir, FsyncPolicy.always(), SMALL_SEGMENT)) {
            for (int i = 0; i < 40; i++) {
                join(store.append(i % 2 == 0 ? "/queue/a" : "/queue/b", message("m" + i)));
            }
            for (int i = 0; i < 40; i += 3) {
                store.ack(i % 2 == 0 ? "/queue/a" : "/queue/b", "m" + i);
            }
            store.ack("/queue/a", "never-stored");
        }
        Replayed replayed = replay();
        List<String> expectedA = new ArrayList<>();
        List<String> expectedB = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            if (i % 3 != 0) {
                (i % 2 == 0 ? expectedA : expectedB).add("m" + i);
            }
        }
        assertThat(replayed.ids("/queue/a")).containsExactlyElementsOf(expectedA);
        assertThat(replayed.ids("/queue/b")).containsExactlyElementsOf(expectedB);
        assertThat(SegmentFiles.list(dir).size()).as("1 KiB segments rolled").isGreaterThan(2);
    }

    @Test
    @DisplayName("headers and body come back byte for byte; the same message may be stored on two queues")
    void entriesRoundTrip() throws IOException {
        byte[] body = new byte[300];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        Message original = new Message("id-1", "/topic/x", Headers.of("persistent", "true", "k", "v:é\nw", "k", "again"), body);
        try (JournalMessageStore store = JournalMessageStore.open(dir, FsyncPolicy.never())) {
            join(store.append("/queue/one", original));
            join(store.append("/queue/two", original));
            store.ack("/queue/one", "id-1");
        }
        Replayed replayed = replay();
        assertThat(replayed.messages.keySet()).containsExactly("/queue/two");
        Message back = replayed.messages.get("/queue/two").get(0);
        assertThat(back.id()).isEqualTo("id-1");
        assertThat(back.destination()).isEqualTo("/topic/x");
        assertThat(back.headers()).isEqualTo(original.headers());
        assertThat(back.sharedBody()).isEqualTo(body);
        assertThat(back.isPersistent()).isTrue();
    }

    @Test
    @DisplayName("a write torn at any byte of the last record loses that record only")
    void tornWriteAtEveryByte() throws IOException {
        try (JournalMessageStore store = JournalMessageStore.open(dir, FsyncPolicy.always())) {
            for (int i = 0; i < 5; i++) {
                join(store.append("/queue/a", message("m" + i)));
            }
        }
        Path segment = lastSegment();
        byte[] whole = Files.readAllBytes(segment);
        int lastRecord = RecordCodec.add("/queue/a", message("m4")).length;
        for (int cut = 1; cut < lastRecord; cut++) {
            Files.write(segment, java.util.Arrays.copyOf(whole, whole.length - cut));
            deleteAllBut(segment);
            assertThat(replay().ids("/queue/a")).as("torn %d bytes before the end", cut)
                    .containsExactly("m0", "m1", "m2", "m3");
            assertThat(Files.size(segment)).isEqualTo(whole.length - lastRecord);
        }
    }

    @Test
    @DisplayName("a flipped bit cuts the journal at its record: what precedes is kept, later segments are set aside")
    void bitFlipCutsThere() throws IOException {
        try (JournalMessageStore store = JournalMessageStore.open(dir, FsyncPolicy.always(), SMALL_SEGMENT)) {
            for (int i = 0; i < 30; i++) {
                join(store.append("/queue/a", message("m" + i)));
            }
        }
        List<Long> segments = SegmentFiles.list(dir);
        Path second = SegmentFiles.path(dir, segments.get(1));
        Replayed before = replay();
        int inFirst = countRecords(SegmentFiles.path(dir, segments.get(0)));
        byte[] bytes = Files.readAllBytes(second);
        int recordLength = RecordCodec.add("/queue/a", message("m10")).length;
        // Flip one bit in the body of the second record of the second segment.
        bytes[SegmentFiles.MAGIC.length + recordLength + recordLength - 3] ^= 0x10;
        Files.write(second, bytes);
        long later = SegmentFiles.list(dir).stream().filter(n -> n > segments.get(1)).count();

        Replayed after = replay();
        assertThat(after.ids("/queue/a")).containsExactlyElementsOf(before.ids("/queue/a").subList(0, inFirst + 1));
        assertThat(Files.size(second)).isEqualTo(SegmentFiles.MAGIC.length + recordLength);
        try (var files = Files.list(dir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".corrupt")).count())
                    .isEqualTo(later);
        }
    }

    @Test
    @DisplayName("empty and header-only segments, as a crash while creating one leaves, are harmless")
    void emptySegments() throws IOException {
        try (JournalMessageStore store = JournalMessageStore.open(dir, FsyncPolicy.always())) {
            join(store.append("/queue/a", message("m0")));
        }
        long last = SegmentFiles.list(dir).get(SegmentFiles.list(dir).size() - 1);
        Files.createFile(SegmentFiles.path(dir, last + 1));
        Files.write(SegmentFiles.path(dir, last + 2), SegmentFiles.MAGIC);
        Files.write(SegmentFiles.path(dir, last + 3), java.util.Arrays.copyOf(SegmentFiles.MAGIC, 3));
        assertThat(replay().ids("/queue/a")).containsExactly("m0");
        try (JournalMessageStore store = JournalMessageStore.open(dir, FsyncPolicy.always())) {
            join(store.append("/queue/a", message("m1")));
        }
        assertThat(replay().ids("/queue/a")).containsExactly("m0", "m1");
    }

    @Test
    @DisplayName("a full segment rolls over; a record bigger than a segment gets one of its own")
    void fullSegments() throws IOException {
        byte[] big = new byte[3000];
        try (JournalMessageStore store = JournalMessageStore.open(dir, FsyncPolicy.always(), SMALL_SEGMENT)) {
            join(store.append("/queue/a", message("small")));
            join(store.append("/queue/a", new Message("big", "/queue/a", Headers.EMPTY, big)));
            join(store.append("/queue/a", message("after")));
        }
        assertThat(SegmentFiles.list(dir)).hasSize(3);
        for (long number : SegmentFiles.list(dir)) {
            assertThat(countRecords(SegmentFiles.path(dir, number))).isEqualTo(1);
        }
        assertThat(replay().ids("/queue/a")).containsExactly("small", "big", "after");
    }

    @Test
    @DisplayName("segments whose entries are all settled are deleted, but never one whose ACKs still hide a live segment's entries")
    void reclamation() throws IOException {
        try (JournalMessageStore store = JournalMessageStore.open(dir, FsyncPolicy.always(), SMALL_SEGMENT)) {
            join(store.append("/queue/a", message("pinned")));
            join(store.append("/queue/a", message("settled-later")));
            for (int i = 0; i < 30; i++) {
                join(store.append("/queue/b", message("m" + i)));
            }
            store.ack("/queue/a", "settled-later");
            for (int i = 0; i < 30; i++) {
                store.ack("/queue/b", "m" + i);
            }
            join(store.append("/queue/c", message("marker")));
        }
        // The first segment holds "pinned"; the one holding the ACK of "settled-later" must stay too.
        assertThat(replay().ids("/queue/a")).containsExactly("pinned");
        List<Long> kept = SegmentFiles.list(dir);
        try (JournalMessageStore store = JournalMessageStore.open(dir, FsyncPolicy.always(), SMALL_SEGMENT)) {
            store.replay(ignoring());
            store.ack("/queue/a", "pinned");
            store.ack("/queue/c", "marker");
            join(store.append("/queue/d", message("last")));
        }
        assertThat(replay().messages).containsOnlyKeys("/queue/d");
        List<Long> after = SegmentFiles.list(dir);
        assertThat(after).doesNotContainAnyElementsOf(kept).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    @DisplayName("its figures count the records and bytes written, the fsyncs, the segments kept and the live entries")
    void stats() throws IOException {
        try (JournalMessageStore store = JournalMessageStore.open(dir, FsyncPolicy.always(), SMALL_SEGMENT)) {
            StoreStats empty = store.stats().orElseThrow();
            assertThat(empty.recordsWritten()).isZero();
            assertThat(empty.segments()).isEqualTo(1);

            for (int i = 0; i < 30; i++) {
                join(store.append("/queue/b", message("m" + i)));
            }
            StoreStats written = store.stats().orElseThrow();
            assertThat(written.recordsWritten()).isEqualTo(30);
            assertThat(written.bytesWritten()).isGreaterThan(30L * "m0".length());
            assertThat(written.fsyncs()).as("one per awaited append, at least").isGreaterThanOrEqualTo(30);
            assertThat(written.fsyncNanos()).isPositive();
            assertThat(written.segments()).as("1 KiB segments roll").isGreaterThan(1);
            assertThat(written.liveEntries()).isEqualTo(30);
            assertThat(written.failed()).isFalse();

            for (int i = 0; i < 29; i++) {
                store.ack("/queue/b", "m" + i);
            }
            join(store.append("/queue/c", message("marker")));
            StoreStats settled = store.stats().orElseThrow();
            assertThat(settled.liveEntries()).isEqualTo(2);
            assertThat(settled.recordsWritten()).isEqualTo(30 + 29 + 1);
            assertThat(settled.segments()).as("settled segments are reclaimed").isLessThan(written.segments() + 2);
        }
        assertThat(new InMemoryMessageStore().stats()).isEmpty();
    }

    @Test
    @DisplayName("many threads appending with fsync always all complete, each once stored")
    void groupCommit() throws Exception {
        ExecutorService producers = Executors.newFixedThreadPool(8);
        try (JournalMessageStore store = JournalMessageStore.open(dir, FsyncPolicy.always())) {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                all.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 250; i++) {
                        join(store.append("/queue/t" + thread, message("m" + i)));
                    }
                }, producers));
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(20, TimeUnit.SECONDS);
        } finally {
            producers.shutdown();
        }
        Replayed replayed = replay();
        for (int t = 0; t < 8; t++) {
            assertThat(replayed.ids("/queue/t" + t)).hasSize(250).startsWith("m0").endsWith("m249");
        }
    }

    @Test
    @DisplayName("bindings survive a restart until unbound, and the latest binding of a queue wins")
    void bindings() throws IOException {
        try (JournalMessageStore store = JournalMessageStore.open(dir, FsyncPolicy.always())) {
            join(store.bind("sub-1", "/topic/a"));
            join(store.bind("sub-2", "/topic/b"));
            join(store.bind("sub-1", "/topic/c"));
        }
        assertThat(replay().bindings).containsExactlyInAnyOrderEntriesOf(Map.of("sub-1", "/topic/c", "sub-2", "/topic/b"));
        try (JournalMessageStore store = JournalMessageStore.open(dir, FsyncPolicy.always())) {
            store.replay(ignoring());
            store.unbind("sub-2");
        }
        assertThat(replay().bindings).containsOnlyKeys("sub-1");
    }

    @Test
    @DisplayName("a data directory is opened by one store at a time; appends after close fail")
    void exclusiveAndClosed() throws IOException {
        JournalMessageStore store = JournalMessageStore.open(dir, FsyncPolicy.interval(java.time.Duration.ofMillis(5)));
        assertThatThrownBy(() -> JournalMessageStore.open(dir, FsyncPolicy.always())).isInstanceOf(IOException.class);
        join(store.append("/queue/a", message("m0")));
        store.close();
        assertThat(store.append("/queue/a", message("m1")).toCompletableFuture()).isCompletedExceptionally();
        assertThat(replay().ids("/queue/a")).containsExactly("m0");
    }

    // ---- helpers

    static Message message(String id) {
        return new Message(id, "/queue/a", Headers.of("persistent", "true"), ("body of " + id).getBytes(StandardCharsets.UTF_8));
    }

    private static void join(java.util.concurrent.CompletionStage<?> stage) {
        stage.toCompletableFuture().join();
    }

    private Replayed replay() throws IOException {
        Replayed replayed = new Replayed();
        try (JournalMessageStore store = JournalMessageStore.open(dir, FsyncPolicy.never())) {
            store.replay(replayed);
        }
        return replayed;
    }

    private static MessageStore.Recovery ignoring() {
        return new Replayed();
    }

    private Path lastSegment() throws IOException {
        List<Long> segments = SegmentFiles.list(dir);
        return SegmentFiles.path(dir, segments.get(segments.size() - 1));
    }

    /** Removes segments that replays created after {@code keep}, so that it is the last again. */
    private void deleteAllBut(Path keep) throws IOException {
        for (long number : SegmentFiles.list(dir)) {
            Path file = SegmentFiles.path(dir, number);
            if (file.compareTo(keep) > 0) {
                Files.delete(file);
            }
        }
    }

    private static int countRecords(Path segment) throws IOException {
        java.nio.ByteBuffer content = java.nio.ByteBuffer.wrap(Files.readAllBytes(segment));
        content.position(SegmentFiles.MAGIC.length);
        int count = 0;
        while (RecordCodec.read(content) != null) {
            count++;
        }
        return count;
    }

    static final class Replayed implements MessageStore.Recovery {
        final Map<String, List<Message>> messages = new LinkedHashMap<>();
        final Map<String, String> bindings = new LinkedHashMap<>();

        @Override
        public void binding(String queue, String topicPattern) {
            bindings.put(queue, topicPattern);
        }

        @Override
        public void message(String queue, long location, java.util.function.Supplier<Message> message) {
            messages.computeIfAbsent(queue, q -> new ArrayList<>()).add(message.get());
        }

        List<String> ids(String queue) {
            return messages.getOrDefault(queue, List.of()).stream().map(Message::id).toList();
        }
    }
}
