#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it (.ci/run calls this script):
#   1. build, unit tests and integration tests on Spark 3.5 / Scala 2.12 (the line the jar is compiled for);
#   2. the same unit and integration tests, classes compiled for 3.5, run on the Spark 4 classpath
#      (Scala 2.13, Hadoop 3.5): the shipped bytecode on the newer line, without recompiling;
#   3. everything compiled and tested on Spark 4;
#   4. the contracts against LocalStack (Testcontainers): run where a Docker engine exists, reported as
#      skipped where none does.
# Needs only a JDK 17: the Maven wrapper fetches Maven, the build fetches Spark and the S3 test servers.
set -euo pipefail
cd "$(dirname "$0")"
echo "== 1/3 Spark 3.5 (Scala 2.12): build, unit and integration tests"
./mvnw -B -ntp install
echo "== 2/3 classes compiled for Spark 3.5, tested on the Spark 4 classpath"
./mvnw -B -ntp -Pspark4 -pl spark-job,tests surefire:test failsafe:integration-test failsafe:verify
echo "== 3/3 Spark 4 (Scala 2.13): build, unit and integration tests"
./mvnw -B -ntp -Pspark4 clean verify
echo "== 4/4 LocalStack through Testcontainers (skipped without a Docker engine)"
./mvnw -B -ntp -Pspark35,localstack -pl tests verify -Dit.test='LocalStack*IT'
