#!/usr/bin/env bash
# Measures a Spring Boot chat application (broker-bench-spring) through its own WebSocket endpoint
# on 127.0.0.1, with each of three brokers behind it in the same run: Spring's simple broker, the
# Stompede starter at its defaults, and Spring's broker relay to RabbitMQ; prints a table of the
# figures and of issue 17's targets (the starter's throughput at least the simple broker's, its p99
# below the relay's).
#
#   bench/spring.sh [mode ...]        modes: simple stompede relay (default), and intercepted: the
#                                     starter with an application interceptor on the outbound channel
#
# Scenarios (the load tool's, over WebSocket to /chat; the producer SENDs to /app/ROOM, which the
# application's @MessageMapping controller broadcasts with @SendTo to /topic/ROOM, the room's
# subscribers' destination):
#   fanout   1 producer, SUBSCRIBERS subscribers of one room, at most WINDOW messages in flight:
#            deliveries per second, and the application's CPU time per delivery
#   latency  each of RATES, messages per second to a room with 10 subscribers: p50 / p99 / p99.9
#            / max from each message's scheduled send time
#
# Environment: DURATION (measured seconds per scenario, 10), WARMUP (3), RUNS (rounds, each mode
# once per round, in reverse order every other round; 2), RATES (latency rates, "200 1000": on 2
# cores every mode falls behind well before 5,000 msgs/s to 10 subscribers, and latency past a
# broker's capacity measures only its backlog), SUBSCRIBERS (fanout, 50), WINDOW (fanout, 200),
# ROUTES ("app": through the controller; "app direct" also SENDs straight to /topic/ROOM, no
# controller, to tell the controller's cost from the broker's), APP_WARMUP (seconds of unrecorded
# fanout on each route after the application starts, 15), APP_PORT (18080), APP_OPTS (extra
# JVM options of the application, e.g. a JFR recording), BENCH_DIR (logs and results,
# /tmp/spring-bench).
#
# It builds the application and the load tool (mvn -o), and runs a copy of the application taken
# at the start, so that a rebuild during the run does not change it: -Xms512m -Xmx2g, GC log in
# BENCH_DIR/rN-gc-MODE.log, its output in rN-MODE.log. The simple broker answers no RECEIPT, so its
# subscriptions are taken as made one second after they are sent (--subscribed-after). For relay,
# RabbitMQ (Debian's rabbitmq-server with rabbitmq_stomp, installed if missing; bench/lib-brokers.sh)
# starts before the application, STOMP on 61613, and stops after it, so that it costs the other
# modes nothing. Everything listens on loopback only and is stopped (each whole process group) after
# each mode, and on exit whatever happens. Results: BENCH_DIR/spring-results-*.txt
# (bench/spring-table.sh FILE prints the table again).
# This is a benchmark, not a test: it asserts nothing and is not part of mvn test or .ci/run.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${BENCH_DIR:-/tmp/spring-bench}"
duration="${DURATION:-10}"
warmup="${WARMUP:-3}"
runs="${RUNS:-2}"
read -r -a rates <<<"${RATES:-200 1000}"
read -r -a routes <<<"${ROUTES:-app}"
read -r -a app_opts <<<"${APP_OPTS:-}"
subscribers="${SUBSCRIBERS:-50}"
window="${WINDOW:-200}"
app_port="${APP_PORT:-18080}"
app_warmup="${APP_WARMUP:-15}"
modes=("$@")
[[ ${#modes[@]} -gt 0 ]] || modes=(simple stompede relay)

mkdir -p "$work"
stamp="$(date +%Y%m%d-%H%M%S)"
results="$work/spring-results-$stamp.txt"
app="$work/app-$stamp"
# A young generation large enough that the tool does not collect during a run: its own pauses
# would show up as the application's latency.
tool=(java -Xms2g -Xmx2g -Xmn1g -cp "$root/broker-bench/target/benchmarks.jar" io.stompede.bench.load.LoadTool)
jvm_heap=(-Xms512m -Xmx2g)
extra=()

source "$root/bench/lib-brokers.sh"
trap stop_broker EXIT
trap 'stop_broker; exit 130' INT TERM

build() {
    log "building the application and the load tool"
    (cd "$root" && mvn -q -o -pl broker-bench,broker-bench-spring -am package -DskipTests) || exit 1
    mkdir -p "$app" && cp -r "$root/broker-bench-spring/target/spring-bench.jar" "$root/broker-bench-spring/target/lib" "$app/" || exit 1
}

# The load-tool option that sends a route's messages through the controller: none for direct.
publish_option() {
    [[ "$1" == app ]] && echo --publish-prefix /app/
}

start_app() {
    local mode="$1"
    launch "$work/r$round-$mode.log" java "${jvm_heap[@]}" "-Xlog:gc:file=$work/r$round-gc-$mode.log" "${app_opts[@]}" \
        -jar "$app/spring-bench.jar" --spring.profiles.active="$mode" --server.port="$app_port"
    wait_port "$app_port"
}

measure() {
    local mode="$1" limit=$((duration + warmup + 60)) route rate pid
    log "starting $mode"
    if [[ "$mode" == relay ]] && ! { start_rabbitmq && wait_port "$tcp_port"; }; then
        echo "RESULT scenario=all target=$mode error=\"RabbitMQ did not start; see $work/rabbitmq.log\"" | tee -a "$results"
        stop_broker
        return 1
    fi
    # Set after start_rabbitmq, which sets RabbitMQ's logins there: the relay logs in for the clients.
    extra=(--transport ws --port "$app_port" --ws-path /chat)
    [[ "$mode" == simple ]] && extra+=(--subscribed-after 1000)
    if ! start_app "$mode"; then
        echo "RESULT scenario=all target=$mode error=\"did not start; see $work/r$round-$mode.log\"" | tee -a "$results"
        stop_broker
        return 1
    fi
    sleep 2
    pid="$(listener_pid "$app_port")"
    local timing=(--duration "$duration" --warmup "$warmup")
    # For most of a minute after the start, the JIT compiles the application's paths on the same
    # 2 cores: a fanout on each route first, unrecorded, so that no mode's first figure pays for it.
    for route in "${routes[@]}"; do
        timeout $((app_warmup + 60)) "${tool[@]}" fanout $(publish_option "$route") "${extra[@]}" \
            --duration "$app_warmup" --warmup 0 --label warm-up >/dev/null 2>&1
    done
    for route in "${routes[@]}"; do
        scenario "$mode" "$limit" fanout $(publish_option "$route") "${timing[@]}" --subscribers "$subscribers" \
            --window "$window" --broker-pid "$pid"
        for rate in "${rates[@]}"; do
            scenario "$mode" "$limit" latency $(publish_option "$route") "${timing[@]}" --rate "$rate"
        done
    done
    log "stopping $mode"
    stop_broker
    wait_port_free "$app_port"
}

require_free_ports "$app_port" 61613 15674
build
{
    machine_line
    echo "# DURATION=$duration WARMUP=$warmup RUNS=$runs RATES=${rates[*]} ROUTES=${routes[*]} SUBSCRIBERS=$subscribers" \
        "WINDOW=$window APP_WARMUP=$app_warmup APP_OPTS=${app_opts[*]} commit=$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD || echo '+changes')"
} | tee "$results"
run_rounds "$runs" "${modes[@]}"
echo "# load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results"
echo
"$root/bench/spring-table.sh" "$results"
