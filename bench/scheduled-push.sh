#!/usr/bin/env bash
# Scheduled push benchmark (not a test): the packaged jar in -Xmx128m pushes a catalog of 100 000 items (50 shops of
# 2 000 items) on its schedule, then the same 50 shop links are dropped as an inbox file; peak RSS and time of each.
# Usage: bench/scheduled-push.sh [push|file]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/tmapi-routes.jar ] || mvn -B -q package -DskipTests
java -cp "target/tmapi-routes.jar:target/lib/*" bench/ScheduledPush.java "$@"
