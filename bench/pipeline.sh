#!/usr/bin/env bash
# Local pipeline benchmark (not a test): parse TMAPI pages + normalise + filter + §7 CSV over 100 000 items, in
# items/s, next to a plain Python 3 stdlib reference doing the same work on the same input, in the same run.
# Usage: bench/pipeline.sh [items] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/tmapi-routes.jar ] || mvn -B -q package -DskipTests
items="${1:-100000}"; rounds="${2:-5}"
java -Xmx1g -cp "target/tmapi-routes.jar:target/lib/*" bench/Pipeline.java "$items" "$rounds" bench/out/pages.json
python3 bench/pipeline_reference.py bench/out/pages.json 3
