#!/usr/bin/env bash
# Prints the Markdown table of a bench/compare.sh results file: per scenario, each broker's
# figure and the ratio Stompede/peer. Throughput: higher is better, so a ratio above 1 means
# Stompede wins; latency and memory: lower is better, so a ratio below 1 means Stompede wins.
#   bench/compare-table.sh RESULTS_FILE
set -euo pipefail

awk -f "$(dirname "$0")/lib-table.awk" -f /dev/stdin "$1" <<'AWK'
/^RESULT/ {
    scenario = field("scenario"); transport = field("transport"); broker = field("target")
    if (!(broker in seen)) { seen[broker] = 1; order[++brokers] = broker }
    key = scenario "/" transport
    err = field("error")
    if ($0 ~ /error="no WebSocket/) { value[key, broker] = "n/a"; next }
    if (err != "") { value[key, broker] = "failed"; next }
    if (scenario == "fanout") v = sprintf("%.0f", field("deliveries_per_s"))
    else if (scenario == "queue") {
        v = sprintf("%.0f", field("msgs_per_s"))
        if (field("lost") + 0 > 0 || field("duplicates") + 0 > 0) v = v " (lost " field("lost") ", dup " field("duplicates") ")"
    }
    else if (scenario == "latency") {
        v = field("p99_ms") " / " field("p999_ms")
        if (field("received") + 0 < field("expected") + 0) v = v " (behind)"
    }
    else if (scenario == "rooms") { v = field("p99_ms"); if (field("kept_up") != "true") v = v " (behind)" }
    else if (scenario == "connections") {
        v = field("rss_kb_per_conn") " (" field("heap_kb_per_conn") ")"
        if (field("held") != field("connections")) v = v " (held " field("held") "/" field("connections") ")"
    }
    if (field("closed") != "") v = v " (" field("closed") " closed)"
    value[key, broker] = v
}
END {
    split("fanout/tcp queue/tcp latency/tcp rooms/tcp connections/tcp connections/ws", keys, " ")
    metric["fanout/tcp"] = "deliveries/s"; metric["queue/tcp"] = "msgs/s"
    metric["latency/tcp"] = "p99 / p99.9 ms at 10k msgs/s"; metric["rooms/tcp"] = "p99 ms"
    metric["connections/tcp"] = "broker RSS (heap) KB per idle conn"; metric["connections/ws"] = "broker RSS (heap) KB per idle conn"
    header = "| scenario | metric |"; rule = "| --- | --- |"
    for (b = 1; b <= brokers; b++) { header = header " " order[b] " |"; rule = rule " ---: |" }
    for (b = 1; b <= brokers; b++) if (order[b] != "stompede") { header = header " stompede/" order[b] " |"; rule = rule " ---: |" }
    print header; print rule
    for (k = 1; k in keys; k++) {
        key = keys[k]; row = "| " key " | " metric[key] " |"
        for (b = 1; b <= brokers; b++) row = row " " ((key, order[b]) in value ? value[key, order[b]] : "-") " |"
        mine = value[key, "stompede"] + 0
        for (b = 1; b <= brokers; b++) {
            if (order[b] == "stompede") continue
            theirs = value[key, order[b]]
            ratio = "-"
            if (mine > 0 && theirs + 0 > 0) ratio = sprintf("%.2f", mine / (theirs + 0))
            row = row " " ratio " |"
        }
        print row
    }
}
AWK
echo
grep '^#' "$1" | sed 's/^# /- /'
