#!/usr/bin/env bash
# lakecopy streamed-copy benchmark: one large object copied between two S3 services (S3Proxy 4.1 and S3Mock 5.2,
# each a server of its own on loopback) by lakecopy --copy-mode stream, by rclone (two remotes) and by Hadoop DistCp
# (s3a:// to s3a://, an endpoint per bucket, local mode), beside a bare
# ranged-GET loop on the source and a bare UploadPart loop on the destination (what each server does alone).
#
#   bench/stream.sh                                   # 4 GiB, both directions, every tool, JVMs at -Xmx512m
#   bench/stream.sh --size-gib 1 --directions s3proxy-s3mock --tools servers,lakecopy --xmx 512m \
#     --lakecopy-args "--max-concurrency 8"       # flags added to lakecopy's command
#
# Prints a table: wall time, MiB/s, CPU seconds and peak RSS (GNU time) of each run; a run whose exit code is not 0
# or whose copy does not have the source's size is printed FAILED. Disk: about 3x the object size at once.
# Installs rclone from Debian packages when missing (needs root / apt-get).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v rclone > /dev/null; then
  echo "installing rclone from Debian packages" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rclone > /dev/null
fi
./mvnw -B -ntp -q install -DskipTests
./mvnw -B -ntp -q -pl tests dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
# Hadoop DistCp with S3A for --tools distcp, kept off every other classpath.
./mvnw -B -ntp -q -f bench/distcp/pom.xml dependency:build-classpath -Dmdep.outputFile="$PWD/tests/target/distcp-classpath.txt"
jar=$(ls spark-job/target/lakecopy-*-shaded.jar | head -n 1)
cd tests
exec java -Xmx2g -Dlakecopy.servers.dir=target/servers -Dlakecopy.shaded.jar="../$jar" \
  -Dlakecopy.bench.distcp-classpath="$(cat target/distcp-classpath.txt)" \
  -cp "target/classes:$(cat target/bench-classpath.txt)" io.lakecopy.bench.StreamBench --work target/stream-bench "$@"
