#!/usr/bin/env bash
# Runs every load-tool scenario against Stompede and its peers, one broker after the other in the
# same run on 127.0.0.1, and prints a table of the figures and of the ratio Stompede/peer.
#
#   bench/compare.sh [broker ...]      brokers: stompede stompede-lifted vertx artemis rabbitmq activemq
#                                      (default: all; stompede runs with its defaults, stompede-lifted
#                                      with every limit lifted)
#
# Environment: DURATION (measured seconds per scenario, 10), WARMUP (3), CONNECTIONS (idle
# connections, 15000), ROOMS_RATE (messages/s in the rooms scenario, 4000: 4x the tool's default),
# BENCH_DIR (peers' installs and data, /tmp/stompede-peers).
#
# Installs what is missing: rabbitmq-server and activemq with apt-get, the Artemis bin tarball
# from Maven Central through Maven. Every broker it starts listens on loopback only and is stopped
# (its whole process group) before the next one starts, and on exit whatever happens.
# This is a benchmark, not a test: it asserts nothing and is not part of mvn test or .ci/run.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${BENCH_DIR:-/tmp/stompede-peers}"
duration="${DURATION:-10}"
warmup="${WARMUP:-3}"
connections="${CONNECTIONS:-15000}"
rooms_rate="${ROOMS_RATE:-4000}"
artemis_version=2.40.0
brokers=("$@")
[[ ${#brokers[@]} -gt 0 ]] || brokers=(stompede stompede-lifted vertx artemis rabbitmq activemq)

mkdir -p "$work"
results="$work/results-$(date +%Y%m%d-%H%M%S).txt"
# A young generation large enough that the tool does not collect during a run: its own pauses
# would show up as the broker's latency.
tool=(java -Xms2g -Xmx2g -Xmn1g -cp "$root/broker-bench/target/benchmarks.jar" io.stompede.bench.load.LoadTool)
# The heap Artemis ships with (artemis.profile), given to the other JVM brokers that ship none,
# so that every JVM broker starts from the same heap policy.
jvm_heap=(-Xms512m -Xmx2g)
source "$root/bench/lib-brokers.sh"
trap stop_broker EXIT
trap 'stop_broker; exit 130' INT TERM

build() {
    log "building the broker jar and the load tool"
    (cd "$root" && mvn -q -pl broker-netty,broker-bench -am package -DskipTests) || exit 1
}

install_artemis() {
    local home="$work/apache-artemis-$artemis_version"
    if [[ ! -x "$home/bin/artemis" ]]; then
        log "fetching Artemis $artemis_version"
        (cd "$root" && mvn -q dependency:copy \
            -Dartifact="org.apache.activemq:apache-artemis:$artemis_version:tar.gz:bin" -DoutputDirectory="$work") || return 1
        tar xzf "$work/apache-artemis-$artemis_version-bin.tar.gz" -C "$work" || return 1
    fi
    if [[ ! -d "$work/artemis-instance" ]]; then
        "$home/bin/artemis" create --silent --force --user admin --password admin --allow-anonymous \
            --host 127.0.0.1 --no-web --no-amqp-acceptor --no-mqtt-acceptor --no-hornetq-acceptor --no-autotune \
            "$work/artemis-instance" >/dev/null || return 1
        # STOMP names map to Artemis routing types through the acceptor's prefixes.
        sed -i 's#protocols=STOMP;useEpoll=true</acceptor>#protocols=STOMP;useEpoll=true;anycastPrefix=/queue/;multicastPrefix=/topic/</acceptor>#' \
            "$work/artemis-instance/etc/broker.xml"
    fi
}

# Each start_* sets: tcp_port, ws_port (empty: no WebSocket), ws_path, extra (load-tool options).
start_stompede() {
    tcp_port=61613; ws_port=15674; ws_path=/stomp; extra=()
    # The broker's defaults, as a user meets them: what users measure.
    launch "$work/stompede.log" java "${jvm_heap[@]}" -jar "$root/broker-netty/target/stompede.jar" \
        --tcp-port 61613 --ws-port 15674
}

# The same broker with every limit an operator could lift lifted, to show what the defaults cost.
start_stompede-lifted() {
    tcp_port=61613; ws_port=15674; ws_path=/stomp; extra=()
    launch "$work/stompede-lifted.log" java "${jvm_heap[@]}" -jar "$root/broker-netty/target/stompede.jar" \
        --tcp-port 61613 --ws-port 15674 --max-connections 20000 --max-connections-per-address 20000 \
        --max-frames-per-second 0
}

start_vertx() {
    tcp_port=61613; ws_port=15674; ws_path=/stomp; extra=()
    launch "$work/vertx.log" java "${jvm_heap[@]}" -cp "$root/broker-bench/target/benchmarks.jar" io.stompede.bench.peer.VertxStompPeer 61613 15674
}

start_artemis() {
    install_artemis || return 1
    # Artemis serves STOMP over WebSocket on the STOMP acceptor's own port.
    tcp_port=61613; ws_port=61613; ws_path=/stomp; extra=()
    launch "$work/artemis.log" "$work/artemis-instance/bin/artemis" run
}

start_activemq() {
    install_debian_peers || return 1
    local dir="$work/activemq"
    mkdir -p "$dir/data"
    sed 's#<transportConnector name="openwire" uri="tcp://127.0.0.1:61616"/>#&\n            <transportConnector name="stomp" uri="stomp+nio://127.0.0.1:61613"/>#' \
        /etc/activemq/instances-available/main/activemq.xml >"$dir/activemq.xml"
    # Debian's package leaves out ActiveMQ's WebSocket transport (activemq-http): TCP only.
    tcp_port=61613; ws_port=""; ws_path=""; extra=()
    launch "$work/activemq.log" java -Xms512M -Xmx512M -Dactivemq.home=/usr/share/activemq -Dactivemq.base="$dir" \
        -Dactivemq.conf="$dir" -Dactivemq.data="$dir/data" -jar /usr/share/activemq/bin/activemq.jar \
        start "xbean:file:$dir/activemq.xml"
}

measure() {
    local broker="$1"
    wait_port_free 61613 && wait_port_free 15674 || return 1
    log "starting $broker"
    if ! "start_$broker" || ! wait_port "$tcp_port" || { [[ -n "$ws_port" ]] && ! wait_port "$ws_port"; }; then
        echo "RESULT scenario=all target=$broker error=\"did not start; see $work/$broker.log\"" | tee -a "$results"
        stop_broker
        return 1
    fi
    sleep 2
    local pid run=(--port "$tcp_port" --duration "$duration" --warmup "$warmup")
    pid="$(listener_pid "$tcp_port")"
    local limit=$((duration + warmup + 120))
    scenario "$broker" "$limit" fanout "${run[@]}"
    scenario "$broker" "$limit" queue "${run[@]}"
    scenario "$broker" "$limit" latency "${run[@]}"
    scenario "$broker" "$limit" rooms "${run[@]}" --rate "$rooms_rate" --loops 2
    # The broker first settles from the scenario before: closing 2,500 rooms connections, or
    # 15,000 idle ones, would otherwise still be under way in the baseline.
    sleep 5
    scenario "$broker" 400 connections --port "$tcp_port" --count "$connections" --broker-pid "$pid"
    if [[ -n "$ws_port" ]]; then
        sleep 5
        scenario "$broker" 400 connections --transport ws --port "$ws_port" --ws-path "$ws_path" \
            --count "$connections" --broker-pid "$pid"
    else
        echo "RESULT scenario=connections target=$broker transport=ws error=\"no WebSocket transport\"" | tee -a "$results"
    fi
    log "stopping $broker"
    stop_broker
}

build
{
    machine_line
    echo "# DURATION=$duration WARMUP=$warmup CONNECTIONS=$connections ROOMS_RATE=$rooms_rate"
} | tee "$results"
for broker in "${brokers[@]}"; do
    measure "$broker"
done
echo "# load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results"
echo
"$root/bench/compare-table.sh" "$results"
