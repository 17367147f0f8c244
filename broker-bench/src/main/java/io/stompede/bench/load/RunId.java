package io.stompede.bench.load;

/** A name part unique to this run, so that a run never sees a previous run's queue contents. */
final class RunId {
    private static final String ID = Long.toString(ProcessHandle.current().pid(), 36)
            + Long.toString(System.currentTimeMillis() % 1_000_000, 36);

    private RunId() {
    }

    static String get() {
        return ID;
    }
}
