#!/usr/bin/env bash
# Prints the Markdown table of a bench/spring.sh results file: each scenario, route and mode with
# its figure in every run, then issue 17's two targets per run, for the controller route: the
# starter's fanout throughput at least the simple broker's, and its p99 at each rate below the
# relay's.
#   bench/spring-table.sh RESULTS_FILE
set -euo pipefail

awk -f "$(dirname "$0")/lib-table.awk" -f /dev/stdin "$1" <<'AWK'
/^RESULT/ {
    scenario = field("scenario"); mode = field("target")
    route = field("publish_prefix") != "" ? "via " field("publish_prefix") : "direct"
    key = scenario " " route
    if (scenario == "latency") key = key " at " field("rate") " msgs/s"
    if (field("error") != "") { v = "failed: " field("error") }
    else if (scenario == "fanout") {
        v = sprintf("%.0f deliveries/s", field("deliveries_per_s")); num[key, mode, run] = field("deliveries_per_s") + 0
        cpu = field("broker_cpu_us_per_delivery")
        if (cpu != "") v = v sprintf(" (%s us app CPU each)", cpu)
    } else if (scenario == "latency") {
        v = field("p50_ms") " / " field("p99_ms") " / " field("p999_ms") " / " field("max_ms"); num[key, mode, run] = field("p99_ms") + 0
        if (field("received") + 0 < field("expected") + 0) v = v " (received " field("received") " of " field("expected") ")"
    }
    if (field("closed") != "") v = v " (" field("closed") " closed: " field("first_error") ")"
    cell(key, mode, v)
}
END {
    print_runs_table("mode", "^latency", " (p50 / p99 / p99.9 / max ms)")
    print ""
    for (r = 1; r <= runs; r++) {
        for (k = 1; k <= nkeys; k++) {
            key = keys[k]
            if (key !~ /via \/app\//) continue
            mine = num[key, "stompede", r]
            if (key ~ /^fanout/) {
                theirs = num[key, "simple", r]
                if (mine > 0 && theirs > 0) printf "- run %d, %s: stompede %.0f deliveries/s = %.2f x simple (target: at least 1): %s\n", r, key, mine, mine / theirs, (mine >= theirs ? "met" : "NOT met")
            } else {
                theirs = num[key, "relay", r]
                if (mine > 0 && theirs > 0) printf "- run %d, %s: p99 stompede %.3f ms, relay %.3f ms (target: below the relay): %s\n", r, key, mine, theirs, (mine < theirs ? "met" : "NOT met")
            }
        }
    }
}
AWK
echo
grep '^#' "$1" | sed 's/^# /- /'
