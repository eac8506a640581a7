#!/usr/bin/env bash
# Runs lakecopy with spark-submit. Everything after the script's own options goes to lakecopy:
#
#   deploy/spark-submit.sh --source s3://src/warehouse/events/ --dest s3://dst/backup/events/ \
#       --report s3a://dst/_lakecopy/run-1/
#
# Environment (all optional):
#   LAKECOPY_JAR        the shaded jar (default: spark-job/target/lakecopy-*-shaded.jar next to this script)
#   SPARK_SUBMIT        spark-submit binary (default: spark-submit on PATH)
#   SPARK_MASTER        --master (default: leave to spark-defaults / the cluster)
#   SPARK_SUBMIT_OPTS_EXTRA  extra spark-submit options, e.g. "--num-executors 20 --executor-cores 4"
# lakecopy's exit code is spark-submit's exit code in client mode: 0 ok, 1 some objects failed,
# 2 invalid input, 3 could not run.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
jar="${LAKECOPY_JAR:-$(ls "$here"/spark-job/target/lakecopy-*-shaded.jar 2>/dev/null | head -n 1)}"
if [ -z "$jar" ] || [ ! -f "$jar" ]; then
  echo "lakecopy jar not found; build it with ./mvnw -B -ntp package -DskipTests or set LAKECOPY_JAR" >&2
  exit 3
fi
submit="${SPARK_SUBMIT:-spark-submit}"
# spark.yarn.maxAppAttempts=1: in YARN cluster mode a driver ending with a non-zero exit code would
# otherwise be started again, repeating the whole copy.
args=(--class io.lakecopy.cli.LakecopyMain --name lakecopy --conf spark.yarn.maxAppAttempts=1
      --driver-java-options "-Dlog4j2.configurationFile=file:$here/conf/log4j2.properties")
if [ -n "${SPARK_MASTER:-}" ]; then
  args+=(--master "$SPARK_MASTER")
fi
# shellcheck disable=SC2206
extra=(${SPARK_SUBMIT_OPTS_EXTRA:-})
exec "$submit" "${args[@]}" "${extra[@]}" "$jar" "$@"
