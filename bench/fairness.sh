#!/usr/bin/env bash
# Does one client filling queues that nobody consumes hold other producers back? Runs the load
# tool's queue scenario (its own queue) three times against one broker: alone, while
# bench/fill-queues.py fills four other queues as fast as the broker reads, and after the filler
# has left.
#
#   bench/fairness.sh [BROKER_JAR] [BENCHMARKS_JAR]
#
# Defaults: broker-netty/target/stompede.jar and broker-bench/target/benchmarks.jar. The broker
# runs with its defaults and -Xmx1g, on loopback port PORT (61700). DURATION (10) measured
# seconds per run, FILL_SECONDS (25) of filling before the second run starts.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
broker_jar="${1:-$root/broker-netty/target/stompede.jar}"
tool_jar="${2:-$root/broker-bench/target/benchmarks.jar}"
port="${PORT:-61700}"
duration="${DURATION:-10}"
fill_seconds="${FILL_SECONDS:-25}"
log="$(mktemp -d)/broker.log"

java -Xmx1g -jar "$broker_jar" --tcp-port "$port" --ws-port 0 >"$log" 2>&1 &
broker=$!
filler=""
trap 'kill $broker ${filler:+$filler} 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.2
done

queue() {
    java -Xms1g -Xmx1g -cp "$tool_jar" io.stompede.bench.load.LoadTool queue --port "$port" \
        --duration "$duration" --warmup 2 --size 1024 --label "$1" | tail -1
}

echo "alone:  $(queue alone)"
python3 "$root/bench/fill-queues.py" --port "$port" --connections 4 \
    --seconds $((fill_seconds + duration + 8)) > "${log%.log}.filler" &
filler=$!
sleep "$fill_seconds"
echo "during: $(queue during)"
wait "$filler" || true
filler=""
sed 's/^/        /' "${log%.log}.filler"
echo "after:  $(queue after)"
echo "broker log: $log"
