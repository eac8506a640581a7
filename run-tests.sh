#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it (.ci/run calls this script):
#   1. build, unit tests and integration tests on Spark 3.5 / Scala 2.12 (the line the jar is compiled for):
#      every contract against S3Proxy and, where RGW is installed, Ceph RGW, the wire-level request options,
#      the credentials chain, the shaded jar, the interrupted and held runs, the inventory read;
#   2. the unit tests and the same contracts against S3Mock, classes compiled for 3.5, on the Spark 4
#      classpath (Scala 2.13, Hadoop 3.5): the shipped bytecode on the newer line, without recompiling; and
#      the shaded jar, the interrupted and held runs, the inventory read again. So every contract runs once
#      on each Spark line (S3Proxy and RGW on 3.5, S3Mock on 4), and what only a server or the SDK decides
#      (request headers, credential providers) runs once;
#   3. everything compiled and packaged for Spark 4: the sources build on the newer line (its unit tests
#      ran in pass 2 on the same classpath, its integration tests would repeat pass 2's on a jar that is
#      not shipped);
#   4. the contracts against LocalStack (Testcontainers): run where a Docker engine exists, reported as
#      skipped where none does.
# Needs only a JDK 17: the Maven wrapper fetches Maven, the build fetches Spark and the S3 test servers.
set -euo pipefail
cd "$(dirname "$0")"
echo "== 1/4 Spark 3.5 (Scala 2.12): build, unit and integration tests (the S3Proxy and RGW contracts)"
./mvnw -B -ntp install -Dit.exclude='**/S3Mock*IT.java'
echo "== 2/4 classes compiled for Spark 3.5, tested on the Spark 4 classpath (the S3Mock contracts)"
./mvnw -B -ntp -Pspark4 -pl spark-job,tests surefire:test failsafe:integration-test failsafe:verify
echo "== 3/4 Spark 4 (Scala 2.13): build"
./mvnw -B -ntp -Pspark4 clean verify -DskipTests
echo "== 4/4 LocalStack through Testcontainers (skipped without a Docker engine)"
./mvnw -B -ntp -Pspark35,localstack -pl tests verify -Dit.test='LocalStack*IT'
