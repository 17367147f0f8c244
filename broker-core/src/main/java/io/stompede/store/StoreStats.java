package io.stompede.store;

/**
 * What a journal has done since it opened, for monitoring: how much it wrote, how often and how
 * long it waited for the disk, and what it keeps. A slow disk shows as fsync time growing faster
 * than fsyncs; a journal that no longer writes shows as {@code failed}. Immutable; the figures
 * are read one after another, not atomically together.
 *
 * @param recordsWritten records written: messages added, settled, and durable subscriptions bound or unbound
 * @param bytesWritten   bytes of those records
 * @param fsyncs         times the journal forced its writes to the disk
 * @param fsyncNanos     the time those forces took, in all
 * @param segments       segment files kept, the one being written included
 * @param liveEntries    stored messages and bindings not settled yet, which a restart recovers
 * @param failed         whether the journal stopped writing after an error, refusing persistent messages since
 */
public record StoreStats(long recordsWritten, long bytesWritten, long fsyncs, long fsyncNanos, int segments,
                         long liveEntries, boolean failed) {
}
