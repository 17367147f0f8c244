#!/usr/bin/env bash
# Runs the chat as two instances that share their rooms through one Redis, on this machine:
#
#   mvn -q -pl broker-examples -am package -DskipTests && broker-examples/chat-cluster.sh
#
# Instance 1 serves the chat on http://127.0.0.1:15674/ (STOMP on tcp 61613), instance 2 on
# http://127.0.0.1:15675/ (tcp 61614): sign in on one, and again on the other in a second browser.
# Both use ./chat-data (each its own journal in it, one users file), so a user who signs up on
# one can sign in on the other; further options (such as --data DIR) go to both instances.
#
# With --spring first, it runs the Spring Boot chat instead (broker-examples-*-spring-chat.jar): instance 1 on
# http://127.0.0.1:8080/, instance 2 on http://127.0.0.1:8081/, each with its journal in ./spring-chat-data/journal-N,
# for the demo users of spring-chat.properties; further --name=value options go to both.
#
#   broker-examples/chat-cluster.sh --spring
#
# Without REDIS_URI it starts its own redis-server (apt-get install redis-server) on a free port
# of 127.0.0.1, with nothing written to disk, so rooms and history last as long as this script.
# Ctrl-C stops everything it started.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
spring=false
if [[ "${1:-}" == --spring ]]; then
    spring=true
    shift
    jars=("$root"/broker-examples/target/broker-examples-*-spring-chat.jar)
    jar="${jars[0]}"
else
    jar="$root/broker-examples/target/chat-server.jar"
fi
[[ -f "$jar" ]] || { echo "no $jar: run  mvn -q -pl broker-examples -am package -DskipTests" >&2; exit 1; }

pids=()
stop() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM

uri="${REDIS_URI:-}"
if [[ -z "$uri" ]]; then
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no >/dev/null &
    pids+=($!)
    for _ in $(seq 50); do
        redis-cli -p "$port" ping >/dev/null 2>&1 && break
        sleep 0.1
    done
    uri="redis://127.0.0.1:$port"
    echo "redis listening on $uri"
fi

for n in 1 2; do
    if [[ "$spring" == true ]]; then
        java -jar "$jar" --server.port=$((8079 + n)) --stompede.cluster.redis="$uri" --stompede.cluster.node-id="chat-$n" \
            --stompede.journal.data-dir="spring-chat-data/journal-$n" "$@" &
    else
        java -jar "$jar" --cluster "$uri" --node-id "chat-$n" --tcp-port $((61612 + n)) --ws-port $((15673 + n)) "$@" &
    fi
    pids+=($!)
done
wait -n
