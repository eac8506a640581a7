#!/usr/bin/env bash
# Adds the lakecopy step (deploy/emr/add-step.json) to a running EMR cluster and, by default, waits
# for it to finish.
#
#   CLUSTER_ID=j-XXXXXXXXXXXXX deploy/emr/add-step.sh
#
# Environment:
#   CLUSTER_ID   the cluster (required), e.g. j-2AXXXXXXGAPLF
#   STEPS_FILE   the step definition (default: deploy/emr/add-step.json next to this script).
#                Edit --source, --dest, --report and the jar location there first.
#   WAIT         1 (default): wait for the step and exit non-zero if it failed; 0: return after adding it
#   POLL_SECONDS seconds between status checks while waiting (default 30)
#   AWS_REGION / AWS_PROFILE are read by the aws CLI itself.
#
# What the step runs: command-runner.jar -> spark-submit --deploy-mode cluster on YARN, EMR 7.x
# (Spark 3.5, Java 17) or emr-spark-8.0 (Spark 4.0.2); one shaded jar serves both.
# - The jar is read from S3 by the cluster: upload spark-job/target/lakecopy-0.1.0-SNAPSHOT-shaded.jar
#   to s3://YOUR-BUCKET/jars/ and let the cluster's EC2 instance profile read it.
# - --source / --dest are read by lakecopy itself (AWS SDK v2, the instance profile's credentials).
# - --report is written by Spark: on EMR an s3:// report URI goes through EMRFS, so --report may be
#   s3:// there (elsewhere use s3a://). It must not exist yet: give every run a new location
#   (run-1, run-2, ...), or the step fails with exit code 2 before copying anything.
# - spark.yarn.maxAppAttempts=1: in cluster mode a driver that ends with a non-zero exit code would
#   otherwise be started again by YARN, and the second attempt would fail on the existing report.
#
# Exit codes: lakecopy's own code (0 ok, 1 some objects failed, 2 invalid input, 3 could not run) is
# in the driver's log (the 'lakecopy:' line and the summary on stdout); in cluster mode EMR shows only
# COMPLETED (0) or FAILED (anything else). ActionOnFailure CONTINUE keeps the cluster up either way.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
: "${CLUSTER_ID:?set CLUSTER_ID to the EMR cluster id (j-...)}"
steps_file="${STEPS_FILE:-$here/add-step.json}"
if [ ! -f "$steps_file" ]; then
  echo "step definition not found: $steps_file" >&2
  exit 2
fi

# The same as: aws emr add-steps --cluster-id "$CLUSTER_ID" --steps file://deploy/emr/add-step.json
step_id="$(aws emr add-steps --cluster-id "$CLUSTER_ID" --steps "file://$steps_file" \
  --query 'StepIds[0]' --output text)"
echo "added step $step_id to $CLUSTER_ID"

if [ "${WAIT:-1}" != "1" ]; then
  exit 0
fi
# Poll until the step ends ('aws emr wait step-complete' gives up after 30 minutes; a big copy can take
# longer). Interrupting this script does not stop the step.
while :; do
  state="$(aws emr describe-step --cluster-id "$CLUSTER_ID" --step-id "$step_id" \
    --query 'Step.Status.State' --output text)"
  case "$state" in
    COMPLETED)
      echo "step $step_id COMPLETED"
      exit 0 ;;
    FAILED|CANCELLED|INTERRUPTED)
      echo "step $step_id ended as $state; lakecopy's exit code and message are in the step's stderr and the" \
        "driver's container log (yarn logs, or the cluster's log URI)" >&2
      exit 1 ;;
    *)
      sleep "${POLL_SECONDS:-30}" ;;
  esac
done
