#!/usr/bin/env bash
# Planning at scale: a manifest of N keys (default 1,000,000) with size and ETag (the columns S3 Inventory
# gives) planned by lakecopy with a 1 GiB driver heap, as a dry run that writes the full report.
#   bench/scale.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -ntp -q install -DskipTests
./mvnw -B -ntp -q -pl tests dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
jar=$(ls spark-job/target/lakecopy-*-shaded.jar | head -n 1)
cd tests
exec java -Xmx1g -Dlakecopy.servers.dir=target/servers -Dlakecopy.shaded.jar="../$jar" \
  -cp "target/classes:$(cat target/bench-classpath.txt)" io.lakecopy.bench.ScaleBench "${1:-1000000}" target/bench-scale
