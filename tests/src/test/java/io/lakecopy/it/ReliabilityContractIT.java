package io.lakecopy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.job.JobListener;
import io.lakecopy.testing.Fault;
import io.lakecopy.testing.FaultProxy;
import io.lakecopy.testing.FaultRule;
import io.lakecopy.testing.RequestType;
import io.lakecopy.testing.S3TestServer;
import io.lakecopy.testing.Seeder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Faults injected between the job and a real S3-compatible server by {@link FaultProxy}: throttling,
 * 5xx, errors inside 200 responses, connection resets, failed Spark tasks, a killed driver, a source
 * rewritten mid-copy. Every test ends with no multipart upload left and no secret in the output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReliabilityContractIT {
  static final Set<RequestType> COPY_REQUESTS = EnumSet.of(RequestType.COPY_OBJECT, RequestType.UPLOAD_PART_COPY,
      RequestType.CREATE_MULTIPART, RequestType.COMPLETE_MULTIPART);

  Fixture f;
  FaultProxy proxy;
  @TempDir Path tmp;

  abstract Fixture fixture();

  @BeforeAll
  void start() {
    f = fixture();
    proxy = FaultProxy.start(f.server.endpoint());
  }

  @AfterAll
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (f != null) { // null when the server could not start (or the class was skipped)
      f.close();
    }
  }

  @AfterEach
  void resetProxy() {
    proxy.clearRules();
    proxy.clearObservers();
    proxy.setLatency(Duration.ZERO);
    proxy.resetCounts();
  }

  /** Source with {@code small} small objects and 4 objects of 3-4 parts of 5 MiB. */
  Map<String, byte[]> seed(String bucket, String prefix, int small) {
    Map<String, byte[]> seeded = f.seedTree(bucket, prefix, small);
    seeded.putAll(f.seedMultipart(bucket, prefix));
    String extra = prefix + "big/object-extra.bin";
    byte[] data = Seeder.content(extra, 20 * Fixture.MiB + 3);
    Seeder.put(f.s3, bucket, extra, data);
    seeded.put(extra, data);
    return seeded;
  }

  List<String> viaProxy(String... args) {
    return f.argsVia(proxy.endpoint().toString(), args);
  }

  void assertAllCopied(String src, Map<String, byte[]> seeded, String srcPrefix, String dst, String dstPrefix) {
    for (String key : seeded.keySet()) {
      f.assertSameObject(src, key, dst, dstPrefix + key.substring(srcPrefix.length()));
    }
    assertThat(f.keys(dst)).hasSize(seeded.size());
    f.assertNoUploads(dst);
  }

  /** Copy requests the plan needs at least: one per single copy; parts + Create + Complete per multipart. */
  static long minimumRequests(Map<String, byte[]> seeded, long thresholdBytes, long partBytes) {
    long n = 0;
    for (byte[] data : seeded.values()) {
      n += data.length > thresholdBytes ? (data.length + partBytes - 1) / partBytes + 2 : 1;
    }
    return n;
  }

  @Test
  void tenPercentOfCopyRequestsFail_everyObjectIdenticalAndAmplificationBounded() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> seeded = seed(src, "w/", 60);
    FaultRule rule = proxy.addRule(FaultRule.atRate(COPY_REQUESTS, 0.10, 20261127L, Fault.SLOW_DOWN,
        Fault.INTERNAL_ERROR, Fault.ERROR_IN_200, Fault.RESET_BEFORE_RESPONSE, Fault.RESET_MID_RESPONSE));

    JobRun run = JobRun.run(viaProxy("--source", "s3://" + src + "/w/", "--dest", "s3://" + dst + "/w/",
        "--part-size", "5MiB", "--multipart-threshold", "5MiB"), JobListener.NONE);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(rule.fired()).isGreaterThan(3);
    assertAllCopied(src, seeded, "w/", dst, "w/");
    long sent = COPY_REQUESTS.stream().mapToLong(proxy::count).sum();
    long minimum = minimumRequests(seeded, 5L * Fixture.MiB, 5L * Fixture.MiB);
    double amplification = (double) sent / minimum;
    System.out.printf("request amplification with 10%% faults (%d injected): %d sent / %d needed = %.3f; by type %s%n",
        rule.fired(), sent, minimum, amplification, proxy.counts());
    assertThat(amplification).isLessThanOrEqualTo(1.5);
  }

  /**
   * A burst of 503 SlowDown in the middle of the copy. Asserted are properties of the run, not the
   * rule's numbers: every object copied and byte-identical; 503s were answered and the executor lowered
   * its requests in flight (its log line); and the requests sent stay within what the SDK's retry policy
   * allows. The SDK's standard retry strategy sends one request at most {@code --max-attempts} times, so
   * requests sent / requests needed is at most {@value #SLOW_DOWN_MAX_ATTEMPTS}; and since it retries
   * only the throttled attempts, every request beyond the needed ones answered a 503.
   */
  @Test
  void slowDownBurst_executorBacksOffAndRecoversWithoutFailures() throws Exception {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> seeded = f.seedTree(src, "b/", 150);
    FaultRule burst = proxy.addRule(FaultRule.burst(EnumSet.of(RequestType.COPY_OBJECT), 20, 60, Fault.SLOW_DOWN));
    Path log = Path.of(System.getProperty("lakecopy.it.log", "target/it-logs/lakecopy-it.log"));
    long logBefore = Files.size(log);

    JobRun run = JobRun.run(viaProxy("--source", "s3://" + src + "/b/", "--dest", "s3://" + dst + "/b/",
        "--max-concurrency", "16", "--max-attempts", String.valueOf(SLOW_DOWN_MAX_ATTEMPTS)), JobListener.NONE);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertAllCopied(src, seeded, "b/", dst, "b/");
    long throttled = burst.fired();
    assertThat(throttled).as("503 SlowDown answers").isPositive();
    String newLog = Files.readString(log).substring((int) logBefore);
    java.util.regex.Matcher lowered = java.util.regex.Pattern.compile(
        "S3 is throttling \\(503 SlowDown\\): requests in flight on this executor (\\d+) -> (\\d+)").matcher(newLog);
    boolean backedOff = false;
    while (lowered.find()) {
      backedOff |= Integer.parseInt(lowered.group(2)) < Integer.parseInt(lowered.group(1));
    }
    assertThat(backedOff).as("the executor lowered its requests in flight; log:%n%s", newLog).isTrue();
    long sent = proxy.count(RequestType.COPY_OBJECT);
    long needed = minimumRequests(seeded, 128L * Fixture.MiB, 128L * Fixture.MiB);
    System.out.printf("SlowDown burst: %d copy requests sent for %d needed, %d answered 503%n", sent, needed,
        throttled);
    assertThat((double) sent / needed).as("request amplification").isLessThanOrEqualTo(SLOW_DOWN_MAX_ATTEMPTS);
    assertThat(sent - needed).as("requests beyond the needed ones, each a retry of a throttled one")
        .isBetween(0L, throttled);
  }

  /** --max-attempts of the SlowDown test: the SDK's bound on sends per request. */
  static final int SLOW_DOWN_MAX_ATTEMPTS = 5;

  @Test
  void errorInside200OnEveryFirstCompleteAndCopy_retriedAndCorrect() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> seeded = seed(src, "e/", 5);
    proxy.addRule(FaultRule.onNth(EnumSet.of(RequestType.COMPLETE_MULTIPART), 1, Fault.ERROR_IN_200));
    proxy.addRule(FaultRule.onNth(EnumSet.of(RequestType.COPY_OBJECT), 1, Fault.ERROR_IN_200));
    proxy.addRule(FaultRule.onNth(EnumSet.of(RequestType.UPLOAD_PART_COPY), 2, Fault.ERROR_IN_200));

    JobRun run = JobRun.run(viaProxy("--source", "s3://" + src + "/e/", "--dest", "s3://" + dst + "/e/",
        "--part-size", "5MiB", "--multipart-threshold", "5MiB"), JobListener.NONE);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertAllCopied(src, seeded, "e/", dst, "e/");
  }

  @Test
  void nothingRetriedThatCannotSucceed_accessDeniedOnCopiesFailsOnceEach() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    f.seedTree(src, "d/", 4);
    proxy.addRule(FaultRule.always(EnumSet.of(RequestType.COPY_OBJECT), p -> p.contains("part-00001"),
        Fault.ACCESS_DENIED));

    JobRun run = JobRun.run(viaProxy("--source", "s3://" + src + "/d/", "--dest", "s3://" + dst + "/d/"),
        JobListener.NONE);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("ACCESS_DENIED=1");
    assertThat(proxy.count(RequestType.COPY_OBJECT)).as("403 is not retried").isEqualTo(4);
    f.assertNoUploads(dst);
  }

  @Test
  void firstAttemptOfEveryTaskFails_sparkRetriesAndResultIsIdentical() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> seeded = seed(src, "t/", 30);
    // The run directory's storage fails the first attempt of every copy task when it writes its journal: the
    // tasks fail after copying (or, for objects in parts, after creating their uploads) and Spark retries them.
    var hadoop = f.spark.sparkContext().hadoopConfiguration();
    hadoop.set("fs." + FirstAttemptFailsFileSystem.SCHEME + ".impl", FirstAttemptFailsFileSystem.class.getName());
    String ledger = FirstAttemptFailsFileSystem.SCHEME + "://" + tmp.resolve("retried-ledger").toAbsolutePath();
    JobRun run;
    try {
      run = JobRun.run(viaProxy("--source", "s3://" + src + "/t/", "--dest", "s3://" + dst + "/t/",
          "--part-size", "5MiB", "--multipart-threshold", "5MiB", "--ledger", ledger), JobListener.NONE);
    } finally {
      hadoop.unset("fs." + FirstAttemptFailsFileSystem.SCHEME + ".impl");
    }

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertAllCopied(src, seeded, "t/", dst, "t/");
    long parts = minimumRequests(seeded, 5L * Fixture.MiB, 5L * Fixture.MiB) - 30 - 2L * 4;
    assertThat(proxy.count(RequestType.UPLOAD_PART_COPY) + proxy.count(RequestType.COPY_OBJECT))
        .as("the failed first attempts copied rows that the retries copied again").isGreaterThan(parts + 30);
    assertThat(proxy.count(RequestType.COMPLETE_MULTIPART)).isEqualTo(4);
    assertThat(proxy.count(RequestType.ABORT_MULTIPART)).as("the failed attempts' uploads were aborted")
        .isPositive();
  }


  /**
   * Speculation switched on with settings that would speculate almost any task, in the local mode
   * these tests run in. Spark never speculates there: {@code TaskSchedulerImpl.start()} schedules its
   * check for speculatable tasks only when the scheduler is not local, and {@code TaskSetManager} never
   * launches a speculative copy on a host that already runs an attempt of the task, which on one machine
   * rules out local-cluster mode too. So this test cannot run a speculative attempt and does not claim
   * to: it asserts, from a SparkListener in the driver, that tasks ran and none was speculative, and that
   * a run with speculation enabled copies every object identically. What speculation would add, a
   * duplicate attempt of a copy task, is covered by
   * {@link #firstAttemptOfEveryTaskFails_sparkRetriesAndResultIsIdentical} for the sequential case only.
   * If the speculative count is ever non-zero, Spark started speculating here: assert the duplicate
   * attempt's effects instead.
   */
  @Test
  void speculationEnabledInLocalMode_noSpeculativeAttemptRunsAndResultIdentical() throws Exception {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> seeded = seed(src, "s/", 20);
    Path probe = tmp.resolve("speculation-probe.txt");
    ChildRun run = child(List.of("-Dspark.master=local[2,4]", "-Dspark.speculation=true",
        "-Dspark.speculation.interval=50ms", "-Dspark.speculation.quantile=0.1", "-Dspark.speculation.multiplier=1.1",
        "-Dspark.speculation.minTaskRuntime=10ms", "-Dspark.extraListeners=" + SpeculationProbe.class.getName(),
        "-D" + SpeculationProbe.FILE_PROPERTY + "=" + probe, "io.lakecopy.cli.LakecopyMain"),
        viaProxy("--source", "s3://" + src + "/s/", "--dest", "s3://" + dst + "/s/", "--part-size", "5MiB",
            "--multipart-threshold", "5MiB", "--partitions", "6", "--max-concurrency", "2"), "speculation");
    assertThat(run.process().waitFor(180, TimeUnit.SECONDS)).isTrue();

    assertThat(run.process().exitValue()).as(Files.readString(run.log())).isZero();
    assertAllCopied(src, seeded, "s/", dst, "s/");
    assertThat(Files.readString(run.log())).doesNotContain(S3TestServer.SECRET_KEY);
    java.util.regex.Matcher counts = java.util.regex.Pattern.compile("tasks=(\\d+) speculative=(\\d+)")
        .matcher(Files.readString(probe));
    assertThat(counts.matches()).as("probe file %s", probe).isTrue();
    assertThat(Long.parseLong(counts.group(1))).as("task attempts started").isGreaterThanOrEqualTo(6);
    assertThat(Long.parseLong(counts.group(2))).as("speculative attempts (Spark does not speculate in local mode)")
        .isZero();
  }

  @Test
  void driverKilledMidCopy_resumeFinishesWithoutCopyingAnythingTwice() throws Exception {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> seeded = seed(src, "k/", 10);
    String ledger = tmp.resolve("ledger").toString();
    List<String> args = viaProxy("--source", "s3://" + src + "/k/", "--dest", "s3://" + dst + "/k/",
        "--part-size", "5MiB", "--multipart-threshold", "5MiB", "--max-concurrency", "2", "--ledger", ledger);
    proxy.setLatency(Duration.ofMillis(250));
    AtomicReference<Process> driver = new AtomicReference<>();
    AtomicBoolean killed = new AtomicBoolean();
    proxy.onRequest((type, path) -> {
      if (type == RequestType.UPLOAD_PART_COPY && proxy.count(RequestType.UPLOAD_PART_COPY) >= 5
          && killed.compareAndSet(false, true)) {
        driver.get().destroyForcibly(); // SIGKILL: no shutdown hook runs
      }
    });
    ChildRun first = child(List.of("-Dspark.master=local[2]", "io.lakecopy.cli.LakecopyMain"), args, "killed");
    driver.set(first.process());
    assertThat(first.process().waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(killed).as("killed mid-copy; log:\n%s", Files.readString(first.log())).isTrue();
    awaitNoRequestInFlight();
    proxy.clearObservers();
    proxy.setLatency(Duration.ZERO);

    List<MultipartUpload> left = f.s3.listMultipartUploads(b -> b.bucket(dst)).uploads();
    assertThat(left).as("the killed driver left uploads behind").isNotEmpty();
    long partsPresent = left.stream().mapToLong(u -> f.s3.listParts(b -> b.bucket(dst).key(u.key())
        .uploadId(u.uploadId())).parts().size()).sum();
    long singlesPresent = f.keys(dst).stream().filter(k -> !k.contains("/big/")).count();
    long multipartDone = f.keys(dst).stream().filter(k -> k.contains("/big/")).count();
    long totalParts = minimumRequests(seeded, 5L * Fixture.MiB, 5L * Fixture.MiB) - 10 - 2L * 4;
    proxy.resetCounts();

    List<String> resume = new ArrayList<>(args);
    resume.set(resume.indexOf("--ledger"), "--resume");
    JobRun resumed = JobRun.run(resume, JobListener.NONE);

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertAllCopied(src, seeded, "k/", dst, "k/");
    assertThat(proxy.count(RequestType.COPY_OBJECT)).as("single copies redone").isEqualTo(10 - singlesPresent);
    assertThat(proxy.count(RequestType.UPLOAD_PART_COPY)).as("parts copied on resume")
        .isEqualTo(totalParts - partsPresent - completedParts(seeded, multipartDone));
    assertThat(proxy.count(RequestType.COMPLETE_MULTIPART)).isEqualTo(4 - multipartDone);
    Fixture.assertOwnerOnly(Path.of(ledger), "meta.properties");

    proxy.resetCounts();
    JobRun again = JobRun.run(resume, JobListener.NONE);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(COPY_REQUESTS.stream().mapToLong(proxy::count).sum()).as("a finished run resumed copies nothing")
        .isZero();
  }

  /**
   * A run of several waves whose driver is killed while it copies a later one. The resumed run lists nothing again
   * (the plan is read back from the run directory), leaves the finished waves alone (no request about their
   * objects), checks only the interrupted wave's objects, and copies exactly the objects the destination does not
   * hold: none twice.
   */
  @Test
  void driverKilledInALaterWave_resumeListsNothingAndTouchesOnlyTheUnfinishedWaves() throws Exception {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> seeded = f.seedTree(src, "v/", 40);
    String ledger = tmp.resolve("waves-ledger").toString();
    List<String> args = viaProxy("--source", "s3://" + src + "/v/", "--dest", "s3://" + dst + "/v/",
        "--wave-size", "10", "--max-concurrency", "2", "--ledger", ledger);
    proxy.setLatency(Duration.ofMillis(150));
    AtomicReference<Process> driver = new AtomicReference<>();
    AtomicBoolean killed = new AtomicBoolean();
    java.nio.file.Path waves = Path.of(ledger, "waves");
    proxy.onRequest((type, path) -> {
      if (type == RequestType.COPY_OBJECT && Files.exists(waves.resolve("1.done"))
          && killed.compareAndSet(false, true)) {
        driver.get().destroyForcibly(); // SIGKILL, in the third wave or later
      }
    });
    ChildRun first = child(List.of("-Dspark.master=local[2]", "io.lakecopy.cli.LakecopyMain"), args, "killed-waves");
    driver.set(first.process());
    assertThat(first.process().waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(killed).as("killed in a later wave; log:\n%s", Files.readString(first.log())).isTrue();
    awaitNoRequestInFlight();
    proxy.clearObservers();
    proxy.setLatency(Duration.ZERO);

    // the plan is a Parquet dataset: which objects are in the finished waves, which in the others
    java.util.Set<Integer> done = new java.util.HashSet<>();
    try (var files = Files.list(waves)) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".done"))
          .forEach(n -> done.add(Integer.parseInt(n.substring(0, n.indexOf('.')))));
    }
    var plan = f.spark.read().parquet(ledger + "/plan/parts").select("source_key", "wave").collectAsList();
    assertThat(plan).hasSize(seeded.size());
    assertThat(plan.stream().map(r -> r.getInt(1)).distinct().count()).as("waves").isGreaterThanOrEqualTo(3);
    List<String> finishedKeys = plan.stream().filter(r -> done.contains(r.getInt(1))).map(r -> r.getString(0))
        .toList();
    assertThat(finishedKeys).isNotEmpty().hasSizeLessThan(seeded.size());
    Set<String> present = f.keys(dst);
    assertThat(present).containsAll(finishedKeys);
    proxy.resetCounts();
    List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();
    proxy.onRequest((type, path) -> paths.add(type + " "
        + java.net.URLDecoder.decode(path, java.nio.charset.StandardCharsets.UTF_8)));

    List<String> resume = new ArrayList<>(args);
    resume.set(resume.indexOf("--ledger"), "--resume");
    JobRun resumed = JobRun.run(resume, JobListener.NONE);

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertAllCopied(src, seeded, "v/", dst, "v/");
    assertThat(proxy.count(RequestType.LIST_OBJECTS)).as("a resumed run lists nothing again").isZero();
    assertThat(proxy.count(RequestType.COPY_OBJECT)).as("objects copied on resume: those not yet there")
        .isEqualTo(seeded.size() - present.size());
    for (String key : finishedKeys) {
      assertThat(paths).as("requests about %s, of a finished wave", key)
          .noneMatch(p -> p.endsWith("/" + key));
    }
    assertThat(proxy.count(RequestType.HEAD_OBJECT)).as("HEADs only of the unfinished waves' objects")
        .isLessThanOrEqualTo(seeded.size() - finishedKeys.size());
  }

  /** Parts of multipart objects the killed run had already completed (none expected, but counted honestly). */
  private static long completedParts(Map<String, byte[]> seeded, long multipartDone) {
    return multipartDone == 0 ? 0 : seeded.entrySet().stream().filter(e -> e.getKey().contains("/big/"))
        .limit(multipartDone).mapToLong(e -> (e.getValue().length + 5L * Fixture.MiB - 1) / (5L * Fixture.MiB)).sum();
  }

  @Test
  void sourceOverwrittenMidCopy_destinationNeverHoldsAMix() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    Map<String, byte[]> seeded = seed(src, "o/", 5);
    String victim = "o/big/object-extra.bin";
    AtomicBoolean overwritten = new AtomicBoolean();
    proxy.onRequest((type, path) -> {
      if (type == RequestType.UPLOAD_PART_COPY && path.endsWith("object-extra.bin") && overwritten.compareAndSet(false,
          true)) {
        Seeder.put(f.s3, src, victim, Seeder.content("new version", 21 * Fixture.MiB));
      }
    });

    JobRun run = JobRun.run(viaProxy("--source", "s3://" + src + "/o/", "--dest", "s3://" + dst + "/o/",
        "--part-size", "5MiB", "--multipart-threshold", "5MiB", "--max-concurrency", "1"), JobListener.NONE);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("SOURCE_CHANGED=1");
    assertThat(f.keys(dst)).doesNotContain(victim).hasSize(seeded.size() - 1);
    f.assertNoUploads(dst);
  }

  @Test
  void accessDeniedOnSourceOrDestination_exitCode3AndNothingWritten() {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    f.seedTree(src, "a/", 3);
    proxy.addRule(FaultRule.always(EnumSet.allOf(RequestType.class), p -> p.startsWith("/" + src), Fault.ACCESS_DENIED));
    JobRun sourceDenied = JobRun.run(viaProxy("--source", "s3://" + src + "/a/", "--dest", "s3://" + dst + "/a/"),
        JobListener.NONE);
    assertThat(sourceDenied.exitCode()).isEqualTo(3);
    assertThat(sourceDenied.err()).contains("AccessDenied");
    proxy.clearRules();

    proxy.addRule(FaultRule.always(EnumSet.allOf(RequestType.class), p -> p.startsWith("/" + dst), Fault.ACCESS_DENIED));
    JobRun destDenied = JobRun.run(viaProxy("--source", "s3://" + src + "/a/", "--dest", "s3://" + dst + "/a/"),
        JobListener.NONE);
    assertThat(destDenied.exitCode()).isEqualTo(3);
    assertThat(destDenied.err()).contains("access denied on every copy");
    proxy.clearRules();

    assertThat(f.keys(dst)).isEmpty();
    f.assertNoUploads(dst);
    assertThat(sourceDenied.out() + sourceDenied.err() + destDenied.out() + destDenied.err())
        .doesNotContain(S3TestServer.SECRET_KEY);
  }

  /**
   * The response to a CreateMultipartUpload is lost after the server created the upload; the SDK sends the request
   * again and the run copies into the second upload. The first is nobody's the run can prove: it stays, and the
   * run names it with the command to abort it (it aborts only uploads whose ids it holds).
   */
  @Test
  void createResponseLost_uploadNotAnsweredIsReportedAndNotAborted() throws Exception {
    String src = f.bucket("src");
    String dst = f.bucket("dst");
    byte[] data = Seeder.content("lost/big.bin", 11 * Fixture.MiB);
    Seeder.put(f.s3, src, "lost/big.bin", data);
    FaultRule rule = proxy.addRule(FaultRule.onNth(EnumSet.of(RequestType.CREATE_MULTIPART), 1,
        Fault.RESET_MID_RESPONSE));

    JobRun run = JobRun.run(viaProxy("--source", "s3://" + src + "/lost/", "--dest", "s3://" + dst + "/lost/",
        "--part-size", "5MiB", "--multipart-threshold", "5MiB"), JobListener.NONE);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(rule.fired()).isEqualTo(1);
    assertThat(proxy.count(RequestType.CREATE_MULTIPART)).isEqualTo(2);
    f.assertSameObject(src, "lost/big.bin", dst, "lost/big.bin");
    List<MultipartUpload> left = f.s3.listMultipartUploads(b -> b.bucket(dst)).uploads();
    assertThat(left).as("the upload whose Create was not answered").singleElement()
        .extracting(MultipartUpload::key).isEqualTo("lost/big.bin");
    String id = left.get(0).uploadId();
    Path log = Path.of(System.getProperty("lakecopy.it.log", "target/it-logs/lakecopy-it.log"));
    assertThat(Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1))
        .contains("Multipart upload " + id + " of lost/big.bin")
        .contains("abort-multipart-upload --key 'lost/big.bin' --upload-id " + id);
    f.s3.abortMultipartUpload(b -> b.bucket(dst).key("lost/big.bin").uploadId(id));
  }

  @Test
  void cleanup_abortsOnlyUploadsOlderThanTheAge_dryRunAbortsNothing() {
    String dst = f.bucket("dst");
    for (int i = 0; i < 3; i++) {
      int n = i;
      f.s3.createMultipartUpload(b -> b.bucket(dst).key("p/stale-" + n));
    }
    f.s3.createMultipartUpload(b -> b.bucket(dst).key("elsewhere/keep"));
    List<String> common = List.of("--dest-endpoint", f.server.endpoint().toString(), "--dest-region", "us-east-1",
        "--path-style");

    List<String> young = new ArrayList<>(List.of("cleanup", "--dest", "s3://" + dst + "/p/", "--older-than", "1h"));
    young.addAll(common);
    assertThat(JobRun.run(young, JobListener.NONE).out()).contains("0 stale uploads aborted");
    List<String> dry = new ArrayList<>(List.of("cleanup", "--dest", "s3://" + dst + "/p/", "--older-than", "0s",
        "--dry-run"));
    dry.addAll(common);
    JobRun dryRun = JobRun.run(dry, JobListener.NONE);
    assertThat(dryRun.exitCode()).isZero();
    assertThat(dryRun.out()).contains("3 stale uploads found").contains("would abort s3://" + dst + "/p/stale-0");
    assertThat(f.s3.listMultipartUploads(b -> b.bucket(dst)).uploads()).hasSize(4);

    List<String> real = new ArrayList<>(List.of("cleanup", "--dest", "s3://" + dst + "/p/", "--older-than", "0s"));
    real.addAll(common);
    JobRun cleaned = JobRun.run(real, JobListener.NONE);
    assertThat(cleaned.exitCode()).isZero();
    assertThat(cleaned.out()).contains("3 stale uploads aborted");
    assertThat(f.s3.listMultipartUploads(b -> b.bucket(dst)).uploads()).extracting(MultipartUpload::key)
        .containsExactly("elsewhere/keep");
    f.s3.abortMultipartUpload(b -> b.bucket(dst).key("elsewhere/keep").uploadId(
        f.s3.listMultipartUploads(l -> l.bucket(dst)).uploads().get(0).uploadId()));
    List<String> bad = new ArrayList<>(List.of("cleanup", "--dest", "s3://" + dst + "/p/", "--older-than", "soon"));
    bad.addAll(common);
    JobRun badAge = JobRun.run(bad, JobListener.NONE);
    assertThat(badAge.exitCode()).isEqualTo(2);
    assertThat(badAge.err()).contains("--older-than");
  }

  private void awaitNoRequestInFlight() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (proxy.inFlight() > 0 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50); // waiting for a condition, not timing
    }
    assertThat(proxy.inFlight()).isZero();
  }

  record ChildRun(Process process, Path log) {}

  private ChildRun child(List<String> jvmArgsAndMain, List<String> args, String name) throws Exception {
    List<String> command = new ArrayList<>(ChildJvm.javaCommand(e -> true, List.of()));
    command.add("-Dspark.ui.enabled=false");
    command.addAll(jvmArgsAndMain);
    command.addAll(args);
    Path log = tmp.resolve(name + ".log");
    return new ChildRun(ChildJvm.start(command, log, Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY)), log);
  }

}
