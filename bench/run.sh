#!/usr/bin/env bash
# lakecopy benchmark: lakecopy vs rclone vs the AWS CLI vs a bare SDK loop, on S3Proxy (or Ceph RGW 16.2)
# behind a loopback proxy that adds per-request latency and counts requests by type.
#
#   bench/run.sh                       # W1, W2, W3 at 20 and 50 ms (W2/W3 at 50 ms only), then W1S
#   bench/run.sh --quick               # smaller workloads, for a fast look
#   bench/run.sh --workloads W1 --latencies 50
#   bench/run.sh --workloads W1S --latencies 50   # W1 against a server throttling in bursts (503 SlowDown)
#   bench/run.sh --workloads W2 --tools rclone,lakecopy,rclone,lakecopy   # run order effects
#   LAKECOPY_BASELINE_JAR=/path/to/older-shaded.jar bench/run.sh --workloads W1 --tools lakecopy,baseline,lakecopy,baseline
#                                      # this build against another build of lakecopy, alternating
#   LAKECOPY_SPARK_CONF="spark.eventLog.enabled=true spark.eventLog.dir=file:/tmp/ev" bench/run.sh --workloads W1
#                                      # Spark settings for lakecopy's runs (here: an event log per run)
#   LAKECOPY_JVM_FLAGS="-XX:StartFlightRecording=filename=/tmp/lakecopy-@RUN@.jfr,settings=profile" bench/run.sh --workloads W1
#                                      # JVM flags for lakecopy's runs and the SDK loop's (here: a Flight Recorder profile per run)
#   bench/run.sh --server rgw --workloads W1,W2,W4 --latencies 20 --tools lakecopy,rclone,aws,sweep,lakecopy,rclone,aws
#                                      # the same against Ceph RGW 16.2 (see below)
#
# --server s3proxy (default) | rgw. rgw starts a single-node Ceph cluster (io.lakecopy.testing.RgwService; needs
# the ceph-mon, ceph-osd and radosgw packages, see README "Testing against Ceph RGW") with a BlueStore OSD on a
# sparse file of OSD_SIZE_GB (32) GiB, and seeds through its S3 API: W1 is 2,000 objects there (not 20,000),
# W2 4 objects of 1 GiB (not 8), each a CopyObject of one uploaded 1 GiB object, which RGW shares by reference.
# After each run the copies are deleted and RGW's garbage collection forced. rclone talks to it as provider Ceph.
# W4 (either server, not in the default list): one object of 4 GiB.
#
# Tools: lakecopy, baseline (another lakecopy jar), rclone, aws, sdk (a bare SDK loop: the limit), sdk-http (the same
# loop on each of the SDK's HTTP clients, W1: apache5, apache, urlconnection, crt), sweep (part sizes on W2/W3),
# dryrun (lakecopy --dry-run: with lakecopy on W1, the targets print its CPU per CopyObject, copy minus dry run); the
# default tools run in the order given. Before a workload's timed runs, one untimed copy warms up.
#
# Installs rclone and the AWS CLI from Debian packages when missing (needs root / apt-get).
# Disk: the full run keeps about 14 GiB of objects at once under tests/target/bench.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v rclone > /dev/null || missing+=(rclone)
[ -x /usr/bin/aws ] || missing+=(awscli)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} from Debian packages" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
fi
./mvnw -B -ntp -q install -DskipTests
./mvnw -B -ntp -q -pl tests dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
# The HTTP clients the SDK loop can also run on (--tools sdk-http); kept off every other classpath.
./mvnw -B -ntp -q -f bench/http-clients/pom.xml dependency:build-classpath \
  -Dmdep.outputFile="$PWD/tests/target/bench-http-classpath.txt"
jar=$(ls spark-job/target/lakecopy-*-shaded.jar | head -n 1)
export OSD_SIZE_GB=${OSD_SIZE_GB:-32} # read by Ceph's start.sh (--server rgw)
cd tests
exec java -Xmx2g -Dlakecopy.servers.dir=target/servers -Dlakecopy.shaded.jar="../$jar" \
  ${LAKECOPY_BASELINE_JAR:+-Dlakecopy.baseline.jar="$LAKECOPY_BASELINE_JAR"} \
  ${LAKECOPY_SPARK_CONF:+-Dlakecopy.bench.spark-conf="$LAKECOPY_SPARK_CONF"} \
  ${LAKECOPY_JVM_FLAGS:+-Dlakecopy.bench.jvm-flags="$LAKECOPY_JVM_FLAGS"} \
  -Dlakecopy.bench.http-classpath="$(cat target/bench-http-classpath.txt)" \
  -cp "target/classes:$(cat target/bench-classpath.txt)" io.lakecopy.bench.Benchmark --work target/bench "$@"
