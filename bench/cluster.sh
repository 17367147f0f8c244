#!/usr/bin/env bash
# Measures scale-out through Redis on 127.0.0.1: three Stompede nodes sharing one Redis against a
# single Stompede node and against RabbitMQ, in one run, and prints a table of the figures.
#
#   bench/cluster.sh [configuration ...]   configurations: single cluster rabbitmq (default: all)
#
# Scenarios (the load tool's, at its defaults otherwise):
#   fanout   1 producer, 50 subscribers of one topic; in the cluster the producer on node a and
#            the subscribers spread over nodes a, b and c
#   queue    4 producers, 4 competing consumers of one queue; in the cluster the producers on
#            node a and the consumers on nodes b and c, so every message crosses between nodes
#   latency  a fixed rate (each of RATES) to a topic with 10 subscribers; in the cluster both on
#            node a (cluster-same) and the producer on a with the subscribers on b (cluster-cross)
# RabbitMQ (Debian's rabbitmq-server with rabbitmq_stomp, installed if missing) runs fanout and
# queue, the queue a /queue/ destination.
#
# Environment: DURATION (measured seconds per scenario, 10), WARMUP (3), RUNS (rounds, each
# configuration once per round, in reverse order every other round; 2), RATES (latency rates,
# "1000 10000"), REDIS_PORT (first port tried for the script's own redis-server, 6391; never
# 6379), BENCH_DIR (logs and results, /tmp/cluster-bench), STOMPEDE_JAR (the broker jar to run;
# default: a copy of broker-netty/target/stompede.jar taken at the start, so that a rebuild
# during the run does not change it). It builds only the load tool (broker-bench); the
# broker jar must have been built.
#
# Nodes run the standalone jar at its defaults (what users measure) with -Xms512m -Xmx2g and GC
# logs (BENCH_DIR/rN-node-ID.log and rN-gc-ID.log in round N), nodes a, b, c on TCP ports 61701
# to 61703, the single node on 61701. Everything it starts listens on loopback only and is stopped (each whole process group) after each
# configuration, and on exit whatever happens. Results: BENCH_DIR/cluster-results-*.txt
# (bench/cluster-table.sh FILE prints the table again); after each cluster round, warnings and
# errors from the nodes' logs and Redis's figures go to the results file as # lines.
# This is a benchmark, not a test: it asserts nothing and is not part of mvn test or .ci/run.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${BENCH_DIR:-/tmp/cluster-bench}"
duration="${DURATION:-10}"
warmup="${WARMUP:-3}"
runs="${RUNS:-2}"
read -r -a rates <<<"${RATES:-1000 10000}"
configurations=("$@")
[[ ${#configurations[@]} -gt 0 ]] || configurations=(single cluster rabbitmq)

mkdir -p "$work"
stamp="$(date +%Y%m%d-%H%M%S)"
results="$work/cluster-results-$stamp.txt"
tool=(java -Xms2g -Xmx2g -Xmn1g -cp "$root/broker-bench/target/benchmarks.jar" io.stompede.bench.load.LoadTool)
jvm_heap=(-Xms512m -Xmx2g)
node_ids=(a b c)
node_ports=(61701 61702 61703)
redis_port=""
extra=()

source "$root/bench/lib-brokers.sh"
trap stop_broker EXIT
trap 'stop_broker; exit 130' INT TERM

build() {
    log "building the load tool"
    (cd "$root" && mvn -q -pl broker-bench package -DskipTests) || exit 1
    if [[ -n "${STOMPEDE_JAR:-}" ]]; then
        jar="$STOMPEDE_JAR"
    else
        jar="$work/stompede-$stamp.jar"
        cp "$root/broker-netty/target/stompede.jar" "$jar" || exit 1
    fi
    [[ -f "$jar" ]] || { log "no broker jar at $jar"; exit 1; }
}

# A Stompede node at its defaults; a cluster node when given a node id.
start_node() {
    local port="$1" id="${2:-}" cluster=()
    [[ -n "$id" ]] && cluster=(--cluster "redis://127.0.0.1:$redis_port" --node-id "$id")
    local name="${id:-single}"
    launch "$work/r$round-node-$name.log" java "${jvm_heap[@]}" "-Xlog:gc:file=$work/r$round-gc-$name.log" -jar "$jar" \
        "${cluster[@]}" --tcp-port "$port" --ws-port -1
}

start_single() {
    extra=()
    start_node "${node_ports[0]}" && wait_port "${node_ports[0]}"
}

start_cluster() {
    extra=()
    redis_port="${REDIS_PORT:-6391}"
    while port_open "$redis_port" || [[ "$redis_port" == 6379 ]]; do
        redis_port=$((redis_port + 1))
    done
    launch "$work/redis.log" redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no
    wait_port "$redis_port" || return 1
    local i
    for i in "${!node_ids[@]}"; do
        start_node "${node_ports[$i]}" "${node_ids[$i]}"
    done
    for i in "${!node_ids[@]}"; do
        wait_port "${node_ports[$i]}" || return 1
    done
}

# What the nodes logged above INFO (but the warning that no users file is set) and what Redis
# did, as # lines of the results file.
cluster_diagnostics() {
    local id
    for id in "${node_ids[@]}"; do
        echo "# node $id: $(grep -cE 'WARN|ERROR|Exception' "$work/r$round-node-$id.log") warning/error lines" \
            "(the users-file warning included); GC pauses over 10 ms:" \
            "$(grep Pause "$work/r$round-gc-$id.log" | grep -oE '[0-9.]+ms$' | awk '$1 + 0 > 10' | wc -l)," \
            "longest $(grep Pause "$work/r$round-gc-$id.log" | grep -oE '[0-9.]+ms$' | sort -g | tail -1)"
        grep -E 'WARN|ERROR|Exception' "$work/r$round-node-$id.log" | grep -v 'No users file' | sort | uniq -c | sort -rn \
            | head -5 | sed "s/^/# node $id:/"
    done
    echo "# redis: $(redis-cli -p "$redis_port" info stats | grep -E '^(total_commands_processed|total_net_input_bytes|total_net_output_bytes)' | tr -d '\r' | tr '\n' ' ')" \
        "$(redis-cli -p "$redis_port" info memory | grep -E '^used_memory_peak_human' | tr -d '\r')"
    local key
    for key in $(redis-cli -p "$redis_port" --scan --pattern '*queue*' | head -5); do
        echo "# redis: $key type $(redis-cli -p "$redis_port" type "$key") length $(redis-cli -p "$redis_port" xlen "$key" 2>/dev/null)" \
            "groups: $(redis-cli -p "$redis_port" xinfo groups "$key" 2>/dev/null | tr '\n' ' ' | cut -c1-300)"
    done
}

measure() {
    local configuration="$1" port="${node_ports[0]}"
    local limit=$((duration + warmup + 60)) run=(--duration "$duration" --warmup "$warmup") rate
    log "starting $configuration"
    if ! "start_$configuration"; then
        echo "RESULT scenario=all target=$configuration error=\"did not start; see $work\"" | tee -a "$results"
        stop_broker
        return 1
    fi
    [[ "$configuration" == rabbitmq ]] && { port="$tcp_port"; wait_port 15674; }
    sleep 2
    case "$configuration" in
        single)
            scenario single "$limit" fanout --port "$port" "${run[@]}"
            scenario single "$limit" queue --port "$port" "${run[@]}"
            for rate in "${rates[@]}"; do
                scenario single "$limit" latency --port "$port" --rate "$rate" "${run[@]}"
            done ;;
        cluster)
            local a="${node_ports[0]}" b="${node_ports[1]}" c="${node_ports[2]}"
            scenario cluster "$limit" fanout --port "$a" --consumer-ports "$a,$b,$c" "${run[@]}"
            scenario cluster "$limit" queue --port "$a" --consumer-ports "$b,$c" "${run[@]}"
            for rate in "${rates[@]}"; do
                scenario cluster-same "$limit" latency --port "$a" --rate "$rate" "${run[@]}"
                scenario cluster-cross "$limit" latency --port "$a" --consumer-ports "$b" --rate "$rate" "${run[@]}"
            done
            cluster_diagnostics | tee -a "$results" ;;
        rabbitmq)
            scenario rabbitmq "$limit" fanout --port "$port" "${run[@]}"
            scenario rabbitmq "$limit" queue --port "$port" "${run[@]}" ;;
    esac
    log "stopping $configuration"
    stop_broker
    wait_port_free "${node_ports[0]}"
}

require_free_ports "${node_ports[@]}" 61613 15674
build
{
    machine_line
    echo "# DURATION=$duration WARMUP=$warmup RUNS=$runs RATES=${rates[*]} jar=$jar ($(sha256sum "$jar" | cut -c1-12))"
} | tee "$results"
run_rounds "$runs" "${configurations[@]}"
echo "# load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results"
echo
"$root/bench/cluster-table.sh" "$results"
