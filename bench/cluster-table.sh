#!/usr/bin/env bash
# Prints the Markdown table of a bench/cluster.sh results file: each scenario and configuration
# with its figure in every run, then the two targets (cluster queue throughput at least twice
# RabbitMQ's; p99 added by a cross-node delivery at most 2 ms at 10,000 msgs/s) per run.
#   bench/cluster-table.sh RESULTS_FILE
set -euo pipefail

awk -f "$(dirname "$0")/lib-table.awk" -f /dev/stdin "$1" <<'AWK'
/^RESULT/ {
    scenario = field("scenario"); config = field("target")
    key = scenario
    if (scenario == "latency") key = scenario " at " field("rate") " msgs/s"
    if (field("error") != "") { v = "failed: " field("error") }
    else if (scenario == "fanout") {
        v = sprintf("%.0f deliveries/s (%.0f msgs/s)", field("deliveries_per_s"), field("msgs_per_s"))
    } else if (scenario == "queue") {
        v = sprintf("%.0f msgs/s", field("msgs_per_s")); num[key, config, run] = field("msgs_per_s") + 0
        if (field("lost") + 0 > 0 || field("duplicates") + 0 > 0) v = v " (lost " field("lost") ", dup " field("duplicates") ")"
    } else if (scenario == "latency") {
        v = field("p50_ms") " / " field("p99_ms") " / " field("p999_ms"); num[key, config, run] = field("p99_ms") + 0
        if (field("received") + 0 < field("expected") + 0) v = v " (received " field("received") " of " field("expected") ")"
    }
    if (field("closed") != "") v = v " (" field("closed") " closed: " field("first_error") ")"
    cell(key, config, v)
}
END {
    print_runs_table("configuration", "^latency", " (p50 / p99 / p99.9 ms)")
    print ""
    for (r = 1; r <= runs; r++) {
        c = num["queue", "cluster", r]; q = num["queue", "rabbitmq", r]
        if (c > 0 && q > 0) printf "- run %d: cluster queue %.0f msgs/s = %.2f x RabbitMQ (target: at least 2): %s\n", r, c, c / q, (c >= 2 * q ? "met" : "NOT met")
        k10 = "latency at 10000 msgs/s"
        x = num[k10, "cluster-cross", r]; s = num[k10, "cluster-same", r]; one = num[k10, "single", r]
        if (x > 0 && s > 0) printf "- run %d: p99 added by the cross-node hop at 10,000 msgs/s: %.2f ms over one cluster node, %s over a single node (target: at most 2): %s\n", r, x - s, (one > 0 ? sprintf("%.2f ms", x - one) : "-"), (x - s <= 2 ? "met" : "NOT met")
    }
}
AWK
echo
grep '^#' "$1" | sed 's/^# /- /'
