#!/usr/bin/env bash
# Prints the broker's heap per idle, CONNECTed TCP connection.
#   bench/idle-connections.sh [connections (default 10000)] [client heart-beat ms (default 0: none)]
# The broker runs in one JVM and the clients in a child JVM: a process here may hold at most
# 20,000 open files, and 10,000 connections need 10,000 on each side.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# One reactor run, so that broker-core resolves to its freshly compiled classes.
mvn -q -pl broker-netty -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
cp="broker-netty/target/test-classes:broker-netty/target/classes:$(cat broker-netty/target/bench-classpath.txt)"
exec java -Xmx2g ${BENCH_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
    io.stompede.netty.IdleConnectionMemory "${1:-10000}" "${2:-0}"
