#!/usr/bin/env bash
# Several-instances benchmark (not a test): one and then two packaged jars sharing a data folder and a real PostgreSQL
# (started here from the Debian package's binaries, as the tests do) work through the same 60-query job at 400 ms
# latency, at an account limit of 3 and then 6 (the simulator answers 503 above it); prints wall time, ideal, ratio,
# 503s and the most requests in flight. Usage: bench/several-instances.sh [latency-ms] [limits, e.g. 3,6]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/tmapi-routes.jar ] && [ -d target/test-classes ] || mvn -B -q package -DskipTests
# the test class path: the PostgreSQL the tests start (RealPostgres) and the simulator
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
java -Dtmapi.log.level=WARN -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  bench/SeveralInstances.java "$@"
