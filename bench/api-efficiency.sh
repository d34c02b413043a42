#!/usr/bin/env bash
# API-bound efficiency benchmark (not a test): the bundle against the simulator at 400 ms latency, limit 3, 36
# requests; prints achieved wall time, the ideal ceil(requests/limit) x latency, their ratio and the max in flight.
# Usage: bench/api-efficiency.sh [latency-ms] [limit] [queries]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/tmapi-routes.jar ] || mvn -B -q package -DskipTests
java -Dtmapi.log.level=WARN -Dtmapi.log.camel-level=WARN -cp "target/tmapi-routes.jar:target/lib/*" \
  bench/ApiEfficiency.java "$@"
