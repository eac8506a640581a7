#!/usr/bin/env bash
# Scale: a manifest of N keys (default 1,000,000) with size and ETag (the columns S3 Inventory gives),
# run by lakecopy with a 1 GiB driver heap on local[2], writing the full Parquet report.
#   bench/scale.sh [N]          # plan only: a dry run (the keys need not exist)
#   bench/scale.sh [N] copy     # the real copy: N objects seeded straight into S3Proxy's store, then
#                               # copied through its HTTP API (1,000,000: about 8 GiB of disk)
#   bench/scale.sh [N] inventory  # an S3 Inventory of N rows (Parquet, written once and kept) read through
#                               # job/ManifestInput in a 1 GiB JVM: rows/s and the heap after each full GC
#   bench/scale.sh [N] manifest-read  # the plan mode's CSV manifest of N keys read the same way
#   bench/scale.sh [N] inventory-plan  # the whole job on that inventory: a dry run with the full Parquet report
#                               # through spark-submit at -Xmx1g, a full GC forced every 3 s: wall, rows/s, heap
#   bench/scale.sh [N] listing  # a flat prefix of N keys (served from memory) listed behind 30 ms per request:
#                               # one ListObjectsV2 stream vs the executors' key ranges; keys/s, LISTs per 1,000 keys
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -ntp -q install -DskipTests
./mvnw -B -ntp -q -pl tests dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
jar=$(ls spark-job/target/lakecopy-*-shaded.jar | head -n 1)
cd tests
exec java -Xmx1g -Dlakecopy.servers.dir=target/servers -Dlakecopy.shaded.jar="../$jar" \
  -cp "target/classes:$(cat target/bench-classpath.txt)" io.lakecopy.bench.ScaleBench "${1:-1000000}" target/bench-scale "${2:-plan}"
