package io.lakecopy.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.lakecopy.s3.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;

class ParallelCopierTest {
  private final FakeS3Client s3 = new FakeS3Client();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  @Test
  void copyAll_tasks_returnsOneOutcomePerTaskInInputOrder() {
    s3.onCopyObject = r -> TaskCopierTest.copied("\"etag-" + r.sourceKey() + "\"");
    List<CopyTask> tasks = tasks(50);

    List<TaskOutcome> outcomes = new ParallelCopier(new TaskCopier(s3, io.lakecopy.s3.RequestOptions.NONE, null, SourcePins.Pin.CONDITION), 8).copyAll(tasks.iterator());

    assertThat(outcomes).extracting(TaskOutcome::objectId)
        .containsExactlyElementsOf(tasks.stream().map(CopyTask::objectId).toList());
    assertThat(outcomes).extracting(TaskOutcome::eTag)
        .containsExactlyElementsOf(tasks.stream().map(t -> "\"etag-" + t.sourceKey() + "\"").toList());
  }

  @Test
  void copyAll_firstTaskFinishesLast_keepsInputOrder() {
    CountDownLatch secondDone = new CountDownLatch(1);
    s3.onCopyObject = r -> {
      if (r.sourceKey().equals("k0")) {
        await(secondDone); // the first task can only finish after the second one has
      }
      CopyObjectResponse response = TaskCopierTest.copied("\"" + r.sourceKey() + "\"");
      if (r.sourceKey().equals("k1")) {
        secondDone.countDown();
      }
      return response;
    };

    List<TaskOutcome> outcomes = new ParallelCopier(new TaskCopier(s3, io.lakecopy.s3.RequestOptions.NONE, null, SourcePins.Pin.CONDITION), 2).copyAll(tasks(2).iterator());

    assertThat(outcomes).extracting(TaskOutcome::eTag).containsExactly("\"k0\"", "\"k1\"");
  }

  @Test
  void copyAll_manyTasks_neverExceedsMaxInFlightAndReachesIt() {
    int limit = 4;
    CyclicBarrier allSlotsBusy = new CyclicBarrier(limit);
    s3.onCopyObject = r -> tracked(() -> {
      // Every request waits until `limit` requests are in flight together: proves the copier runs that many
      // at once, while the counter proves it never runs more.
      try {
        allSlotsBusy.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (BrokenBarrierException | TimeoutException e) {
        throw new IllegalStateException("fewer than " + limit + " requests in flight", e);
      }
    });

    List<TaskOutcome> outcomes = new ParallelCopier(new TaskCopier(s3, io.lakecopy.s3.RequestOptions.NONE, null, SourcePins.Pin.CONDITION), limit).copyAll(tasks(limit * 10).iterator());

    assertThat(outcomes).hasSize(limit * 10).allSatisfy(o -> assertThat(o.succeeded()).as(o.message()).isTrue());
    assertThat(maxInFlight).hasValue(limit);
  }

  @Test
  void copyAll_oneInFlight_neverOverlaps() {
    s3.onCopyObject = r -> tracked(() -> {});

    List<TaskOutcome> outcomes = new ParallelCopier(new TaskCopier(s3, io.lakecopy.s3.RequestOptions.NONE, null, SourcePins.Pin.CONDITION), 1).copyAll(tasks(30).iterator());

    assertThat(outcomes).hasSize(30);
    assertThat(maxInFlight).hasValue(1);
  }

  @Test
  void copyAll_failuresAmongSuccesses_eachBecomesItsOwnOutcome() {
    s3.onCopyObject = r -> {
      if (r.sourceKey().equals("k2")) {
        throw FakeS3Client.s3Error(412, "PreconditionFailed");
      }
      if (r.sourceKey().equals("k3")) {
        throw new IllegalStateException("fake bug");
      }
      return TaskCopierTest.copied("\"ok\"");
    };

    List<TaskOutcome> outcomes = new ParallelCopier(new TaskCopier(s3, io.lakecopy.s3.RequestOptions.NONE, null, SourcePins.Pin.CONDITION), 3).copyAll(tasks(5).iterator());

    assertThat(outcomes).extracting(TaskOutcome::errorKind)
        .containsExactly(null, null, ErrorKind.SOURCE_CHANGED, ErrorKind.OTHER, null);
    assertThat(outcomes.get(3).message()).contains("IllegalStateException", "fake bug");
  }

  @Test
  void copyAll_noTasks_returnsEmpty() {
    assertThat(new ParallelCopier(new TaskCopier(s3, io.lakecopy.s3.RequestOptions.NONE, null, SourcePins.Pin.CONDITION), 4).copyAll(List.<CopyTask>of().iterator())).isEmpty();
    assertThat(s3.copyObjectRequests).isEmpty();
  }

  @Test
  void submit_nextBatchWhileThePreviousIsInFlight_sendsItWithoutWaitingAndSharesTheLimit() {
    CountDownLatch release = new CountDownLatch(1);
    CyclicBarrier fourTogether = new CyclicBarrier(4);
    s3.onCopyObject = r -> tracked(() -> {
      if (r.sourceKey().equals("k4")) {
        return; // batch 3
      }
      try {
        fourTogether.await(30, TimeUnit.SECONDS); // three of batch 1 and the one of batch 2 are in flight at once
      } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
        throw new IllegalStateException("batch 2 was not sent while batch 1 was in flight", e);
      }
      await(release);
    });
    List<CopyTask> all = tasks(5);
    try (ParallelCopier copier = new ParallelCopier(new TaskCopier(s3, io.lakecopy.s3.RequestOptions.NONE, null,
        SourcePins.Pin.CONDITION), 4)) {
      ParallelCopier.Sent first = copier.submit(all.subList(0, 3).iterator());
      ParallelCopier.Sent second = copier.submit(all.subList(3, 4).iterator());
      release.countDown();
      ParallelCopier.Sent third = copier.submit(all.subList(4, 5).iterator()); // waits for a slot of the four

      assertThat(first.await()).extracting(TaskOutcome::objectId).containsExactly(0L, 1L, 2L);
      assertThat(second.await()).extracting(TaskOutcome::objectId).containsExactly(3L);
      assertThat(third.await()).extracting(TaskOutcome::objectId).containsExactly(4L);
      assertThat(s3.copyObjectRequests).hasSize(5);
      assertThat(java.util.stream.Stream.of(first, second, third).flatMap(b -> b.await().stream()))
          .allSatisfy(o -> assertThat(o.succeeded()).as(o.message()).isTrue());
    }
    assertThat(maxInFlight.get()).isEqualTo(4);
  }

  @Test
  void submit_manyBatches_usesOnePoolOfMaxInFlightThreads() {
    java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    s3.onCopyObject = r -> {
      threads.add(Thread.currentThread().getName());
      return TaskCopierTest.copied("\"ok\"");
    };
    try (ParallelCopier copier = new ParallelCopier(new TaskCopier(s3, io.lakecopy.s3.RequestOptions.NONE, null,
        SourcePins.Pin.CONDITION), 3)) {
      for (int batch = 0; batch < 20; batch++) {
        assertThat(copier.submit(tasks(6).iterator()).await()).hasSize(6);
      }
    }
    assertThat(threads).hasSizeBetween(1, 3);
  }

  @Test
  void close_withRequestsInFlight_interruptsThemAndEveryOutcomeIsAFailure() {
    CountDownLatch started = new CountDownLatch(2);
    s3.onCopyObject = r -> {
      started.countDown();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw software.amazon.awssdk.core.exception.AbortedException.builder().message("interrupted").build();
      }
      return TaskCopierTest.copied("\"late\"");
    };
    ParallelCopier copier = new ParallelCopier(new TaskCopier(s3, io.lakecopy.s3.RequestOptions.NONE, null,
        SourcePins.Pin.CONDITION), 2);
    ParallelCopier.Sent sent = copier.submit(tasks(2).iterator());
    await(started);

    copier.close();

    assertThat(sent.await()).allSatisfy(o -> assertThat(o.succeeded()).isFalse());
  }

  @Test
  void new_maxInFlightBelowOne_throws() {
    assertThatIllegalArgumentException().isThrownBy(() -> new ParallelCopier(new TaskCopier(s3, io.lakecopy.s3.RequestOptions.NONE, null, SourcePins.Pin.CONDITION), 0));
  }

  private CopyObjectResponse tracked(Runnable work) {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      work.run();
      return TaskCopierTest.copied("\"ok\"");
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private static List<CopyTask> tasks(int n) {
    List<CopyTask> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(new CopyTask(i, "src-bucket", "k" + i, "\"e" + i + "\"", null, "dst-bucket", "k" + i, null, null, 0, 0,
          1023));
    }
    return tasks;
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("timed out waiting for another request");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
