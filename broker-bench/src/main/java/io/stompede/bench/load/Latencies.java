package io.stompede.bench.load;

import java.util.List;
import org.HdrHistogram.Histogram;

/** Latency histograms, one per recording thread, merged and printed as result fields in milliseconds. */
final class Latencies {
    private Latencies() {
    }

    static Histogram histogram() {
        // Up to 60 s at 3 significant digits, in nanoseconds.
        return new Histogram(60_000_000_000L, 3);
    }

    static Histogram merge(List<Histogram> parts) {
        Histogram all = histogram();
        parts.forEach(all::add);
        return all;
    }

    static String fields(Histogram h) {
        return "p50_ms=" + ms(h.getValueAtPercentile(50)) + " p99_ms=" + ms(h.getValueAtPercentile(99))
                + " p999_ms=" + ms(h.getValueAtPercentile(99.9)) + " max_ms=" + ms(h.getMaxValue());
    }

    private static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e6);
    }
}
