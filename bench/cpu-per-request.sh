#!/usr/bin/env bash
# CPU a request (not a test): the packaged jar and a plain Python 3 client (bench/plain_client.py) doing the same
# 2 000-request category-items job (100 queries x 20 pages of 20 items) against one simulator, latency 0, limit 3;
# the third job in each process is compared: process CPU a request, wall time, requests in flight.
# Usage: bench/cpu-per-request.sh [JVM options for the jar...]   e.g. -XX:TieredStopAtLevel=1
#        BENCH_OPTS="-Dbench.jfr=/tmp/job3.jfr" bench/cpu-per-request.sh   records the warm job (bench/CpuPerRequest.java)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/tmapi-routes.jar ] || mvn -B -q package -DskipTests
java ${BENCH_OPTS:-} -cp "target/tmapi-routes.jar:target/lib/*" bench/CpuPerRequest.java "$@"
