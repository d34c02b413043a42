#!/usr/bin/env bash
# Start-up, YAML-edit-to-live and memory benchmark (not a test), with the JVM options the README recommends.
# Usage: bench/startup-memory.sh [JVM options...]   (default: -Xms64m -Xmx256m -XX:+UseSerialGC)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/tmapi-routes.jar ] || mvn -B -q package -DskipTests
if [ $# -eq 0 ]; then set -- -Xms64m -Xmx256m -XX:+UseSerialGC; fi
java -cp "target/tmapi-routes.jar:target/lib/*" bench/StartupMemory.java "$@"
