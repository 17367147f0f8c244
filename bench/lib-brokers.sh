# Functions the benchmark scripts share to install, start, watch and stop brokers on 127.0.0.1,
# and to run them in rounds. Sourced, not run: bench/compare.sh, bench/cluster.sh, bench/spring.sh.
#
# The sourcing script sets before calling them:
#   work      directory of peers' installs, data and logs
#   tool      the load tool's command line (an array), for scenario
#   results   the file RESULT lines are appended to, for scenario and run_rounds
#   extra     load-tool options the current broker needs (an array), for scenario
#   measure   a function of one configuration's name that starts, measures and stops it, for run_rounds
# and traps EXIT (and INT, TERM) to stop_broker, so that whatever it started stops with it.

running_groups=()
epmd_pid=""

log() { echo "$(basename "$0" .sh): $*" >&2; }

# Stops every process group launch started, the last started first (so that brokers leave
# before the Redis they use): TERM, then KILL after 20 s; and epmd if start_rabbitmq brought it up.
stop_broker() {
    local i group
    for ((i = ${#running_groups[@]} - 1; i >= 0; i--)); do
        group="${running_groups[$i]}"
        kill -TERM -- "-$group" 2>/dev/null
        for _ in $(seq 100); do
            kill -0 -- "-$group" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL -- "-$group" 2>/dev/null
    done
    running_groups=()
    if [[ -n "$epmd_pid" ]]; then
        kill "$epmd_pid" 2>/dev/null
        epmd_pid=""
    fi
}

port_open() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
    for _ in $(seq 120); do
        port_open "$1" && return 0
        sleep 0.5
    done
    return 1
}

wait_port_free() {
    for _ in $(seq 60); do
        port_open "$1" || return 0
        sleep 0.5
    done
    log "port $1 still in use"
    return 1
}

# Exits unless every port given is free, or frees up within wait_port_free's 30 s: whatever listens
# where a broker is about to listen would be measured instead of it.
require_free_ports() {
    local port
    for port in "$@"; do
        wait_port_free "$port" || { log "port $port is taken: stop what listens there first"; exit 1; }
    done
}

# The pid of whatever listens on a port: the broker process itself, whatever launched it.
listener_pid() { ss -ltnpH "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }

# Starts "$@" in a process group of its own, so that stopping it stops every child too; its
# output goes to the log file named first. Several may run at once: stop_broker stops them all.
launch() {
    local logfile="$1"; shift
    setsid "$@" >"$logfile" 2>&1 &
    running_groups+=($!)
}

# Installs with apt-get the Debian packages named (default: rabbitmq-server activemq) that are
# missing.
install_debian_peers() {
    local wanted=("$@") missing=() package
    [[ ${#wanted[@]} -gt 0 ]] || wanted=(rabbitmq-server activemq)
    for package in "${wanted[@]}"; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
    if [[ ${#missing[@]} -gt 0 ]]; then
        log "installing ${missing[*]}"
        # The packages' own services are not wanted: the scripts start each broker themselves.
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

# Each start_* sets: tcp_port, ws_port (empty: no WebSocket), ws_path, extra (load-tool options).
start_rabbitmq() {
    install_debian_peers rabbitmq-server || return 1
    local dir="$work/rabbitmq"
    mkdir -p "$dir/mnesia" "$dir/log"
    cat >"$dir/rabbitmq.conf" <<'CONF'
listeners.tcp.default = 127.0.0.1:5672
stomp.listeners.tcp.1 = 127.0.0.1:61613
web_stomp.tcp.ip = 127.0.0.1
web_stomp.tcp.port = 15674
web_stomp.ws_path = /ws
CONF
    echo "[rabbitmq_stomp,rabbitmq_web_stomp]." >"$dir/enabled_plugins"
    tcp_port=61613; ws_port=15674; ws_path=/ws; extra=(--login guest --passcode guest)
    local had_epmd=""
    port_open 4369 && had_epmd=yes
    launch "$work/rabbitmq.log" env HOME="$dir" RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
        RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_MNESIA_BASE="$dir/mnesia" \
        RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_NODENAME=stompede-bench@localhost ERL_EPMD_ADDRESS=127.0.0.1 \
        RABBITMQ_DIST_PORT=25673 RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
        /usr/lib/rabbitmq/bin/rabbitmq-server
    # epmd daemonizes out of the process group: remember it if this start brought it up.
    if [[ -z "$had_epmd" ]] && wait_port 4369; then
        epmd_pid="$(listener_pid 4369)"
    fi
}

# Runs one load-tool scenario against broker $1 with a hard time limit of $2 seconds, the
# scenario and its options after them; appends its RESULT line, or a failure line, to $results
# with the machine load.
scenario() {
    local broker="$1" limit="$2"; shift 2
    local line
    line="$(timeout --kill-after=10 "$limit" "${tool[@]}" "$@" --label "$broker" "${extra[@]}" | grep '^RESULT' | tail -1)"
    if [[ -z "$line" ]]; then
        local transport=tcp
        [[ " $* " == *" --transport ws "* ]] && transport=ws
        line="RESULT scenario=$1 target=$broker transport=$transport error=\"no result within ${limit}s\""
    fi
    echo "$line (load: $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$results"
}

# The line a results file starts with: when, on what machine, and the load it started under.
machine_line() {
    echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
        "$(free -g | awk '/Mem:/ {print $2}') GiB; load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# Runs measure for each configuration named, in $1 rounds: in the order given, and in reverse
# every other round, so that a machine whose load drifts favours none of them. Notes each round's
# order in $results as "# run N: ..."; round is N while measure runs.
run_rounds() {
    local rounds="$1" order i configuration
    shift
    for round in $(seq "$rounds"); do
        order=("$@")
        if ((round % 2 == 0)); then
            order=()
            for ((i = $#; i >= 1; i--)); do order+=("${!i}"); done
        fi
        echo "# run $round: ${order[*]}" | tee -a "$results"
        for configuration in "${order[@]}"; do
            measure "$configuration"
        done
    done
}
