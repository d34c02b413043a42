#!/usr/bin/env bash
# Product details benchmark (not a test): the packaged jar in -Xmx128m against the simulator at 400 ms latency, limit
# 3: (1) an item-detail inbox file of 1 000 item ids, (2) a category list of 1 000 products enriched with their details
# (enrich=details, maxItems=1000). Prints for each the wall time of its TMAPI calls, the ideal
# ceil(calls / limit) x latency, their ratio and the peak RSS. Usage: bench/details.sh [items, default 1000]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/tmapi-routes.jar ] || mvn -B -q package -DskipTests
java -cp "target/tmapi-routes.jar:target/lib/*" bench/Details.java "${1:-1000}"
