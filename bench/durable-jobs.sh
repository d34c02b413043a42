#!/usr/bin/env bash
# Durable jobs benchmark (not a test): the packaged jar in -Xmx128m runs jobs of 10 000, 100 000 and 1 000 000 items
# against the simulator at the docs' 20 items a page (peak RSS, items/s), then 1 000 small files dropped at once
# (files/s, peak RSS), then a job killed (kill -9) at half way and started again (calls made ÷ calls needed).
# Usage: bench/durable-jobs.sh [largest item count, default 1000000] [items a page, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/tmapi-routes.jar ] || mvn -B -q package -DskipTests
java -cp "target/tmapi-routes.jar:target/lib/*" bench/DurableJobs.java "${1:-1000000}" "${2:-20}"
