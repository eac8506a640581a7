package io.lakecopy.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakecopy.plan.ObjectVersion;
import io.lakecopy.report.ObjectOutcome;
import io.lakecopy.report.Status;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.RequestOptions;
import io.lakecopy.s3.S3Location;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectResult;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;

/**
 * What {@link HistoryCopier} sends for one key, against a fake destination that keeps a history: entries in order,
 * nothing after a failure, nothing at all onto a history that is not the source's, a DeleteObject that added no
 * delete marker stopping the key, and the destination version ids from the listing after the copy.
 */
class HistoryCopierTest {
  private static final S3Location SRC = new S3Location("src", "p/k");
  private static final S3Location DST = new S3Location("dst", "q/k");

  private final FakeS3Client s3 = new FakeS3Client();
  /** The destination key's history, newest first, as the fake keeps it. */
  private final List<Object> written = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  HistoryCopierTest() {
    s3.onCopyObject = r -> {
      String id = "d" + ids.incrementAndGet();
      written.add(0, software.amazon.awssdk.services.s3.model.ObjectVersion.builder().key(DST.key()).versionId(id)
          .eTag(r.copySourceIfMatch()).size(3L).lastModified(Instant.ofEpochSecond(100 + ids.get())).build());
      return CopyObjectResponse.builder().versionId(id).copySourceVersionId(r.sourceVersionId())
          .copyObjectResult(CopyObjectResult.builder().eTag(r.copySourceIfMatch()).build()).build();
    };
    s3.onDeleteObject = r -> {
      String id = "dm" + ids.incrementAndGet();
      written.add(0, DeleteMarkerEntry.builder().key(DST.key()).versionId(id)
          .lastModified(Instant.ofEpochSecond(100 + ids.get())).build());
      return DeleteObjectResponse.builder().deleteMarker(true).versionId(id).build();
    };
    s3.onListObjectVersions = r -> {
      var b = ListObjectVersionsResponse.builder().isTruncated(false);
      List<software.amazon.awssdk.services.s3.model.ObjectVersion> versions = new ArrayList<>();
      List<DeleteMarkerEntry> markers = new ArrayList<>();
      for (int i = 0; i < written.size(); i++) {
        Object o = written.get(i);
        if (o instanceof software.amazon.awssdk.services.s3.model.ObjectVersion v) {
          versions.add(v.toBuilder().isLatest(i == 0).build());
        } else {
          markers.add(((DeleteMarkerEntry) o).toBuilder().isLatest(i == 0).build());
        }
      }
      return b.versions(versions).deleteMarkers(markers).build();
    };
  }

  private HistoryCopier copier() {
    return new HistoryCopier(s3, s3, RequestOptions.NONE, null, Verification.DEFAULT, true, 8L << 20, 128L << 20,
        1000);
  }

  private static ObjectVersion version(String id, long at, boolean latest) {
    return new ObjectVersion(id, false, latest, 3, "\"" + "0123456789abcdef0123456789abcde" + id.charAt(1) + "\"",
        Instant.ofEpochSecond(at), null);
  }

  private static ObjectVersion marker(String id, long at, boolean latest) {
    return ObjectVersion.marker(id, latest, Instant.ofEpochSecond(at));
  }

  /** A destination version holding v1's bytes, as an earlier run wrote it. */
  private static ObjectVersion copyOfV1() {
    return new ObjectVersion("old", false, true, 3, version("v1", 1, false).eTag(), Instant.ofEpochSecond(90), null);
  }

  /** Source history, newest first: v1, deleted, v3, deleted again. */
  private static final List<ObjectVersion> SOURCE = List.of(marker("m2", 4, true), version("v3", 3, false),
      marker("m1", 2, false), version("v1", 1, false));

  @Test
  void copy_writesEachEntryOldestFirst_andMapsEachToItsDestinationVersion() {
    List<ObjectOutcome> out = copier().copy(new HistoryCopier.Key(SRC, DST, SOURCE, List.of()));

    assertThat(s3.events).containsExactly("CopyObject q/k", "DeleteObject q/k", "CopyObject q/k", "DeleteObject q/k",
        "ListObjectVersions q/k");
    assertThat(s3.copyObjectRequests).extracting(r -> r.sourceVersionId()).containsExactly("v1", "v3");
    assertThat(s3.deleteRequests).allSatisfy(r -> assertThat(r.versionId()).as("a marker names no version")
        .isNull());
    assertThat(out).extracting(ObjectOutcome::sourceVersionId).containsExactly("v1", "m1", "v3", "m2");
    assertThat(out).extracting(ObjectOutcome::status).containsOnly(Status.COPIED);
    assertThat(out).extracting(ObjectOutcome::destVersionId).containsExactly("d1", "dm2", "d3", "dm4");
  }

  @Test
  void copy_onAHistoryThatIsNotTheSources_sendsNothing() {
    List<ObjectOutcome> out = copier().copy(new HistoryCopier.Key(SRC, DST, SOURCE,
        List.of(marker("x1", 50, true))));

    assertThat(s3.events).isEmpty();
    assertThat(out).singleElement().satisfies(o -> {
      assertThat(o.status()).isEqualTo(Status.FAILED);
      assertThat(o.errorKind()).isEqualTo(ErrorKind.DESTINATION_EXISTS);
      assertThat(o.errorMessage()).contains("nothing was written");
    });
  }

  @Test
  void copy_afterAPartialRun_writesOnlyTheRest() {
    written.add(software.amazon.awssdk.services.s3.model.ObjectVersion.builder().key(DST.key()).versionId("old")
        .eTag(version("v1", 1, false).eTag()).size(3L).lastModified(Instant.ofEpochSecond(90)).build());

    List<ObjectOutcome> out = copier().copy(new HistoryCopier.Key(SRC, DST, SOURCE,
        List.of(copyOfV1())));

    assertThat(s3.copyObjectRequests).extracting(r -> r.sourceVersionId()).containsExactly("v3");
    assertThat(out).extracting(ObjectOutcome::status).containsExactly(Status.SKIPPED, Status.COPIED, Status.COPIED,
        Status.COPIED);
    assertThat(out.get(0).destVersionId()).isEqualTo("old");
  }

  @Test
  void copy_relisted_continuesFromWhatAFailedAttemptWrote() {
    written.add(software.amazon.awssdk.services.s3.model.ObjectVersion.builder().key(DST.key()).versionId("old")
        .eTag(version("v1", 1, false).eTag()).size(3L).lastModified(Instant.ofEpochSecond(90)).build());

    // the key as planned: an empty destination, as the listing before the failed attempt saw it
    List<ObjectOutcome> out = copier().copy(new HistoryCopier.Key(SRC, DST, SOURCE, List.of()), true);

    assertThat(s3.events.get(0)).isEqualTo("ListObjectVersions q/k");
    assertThat(s3.copyObjectRequests).extracting(r -> r.sourceVersionId()).containsExactly("v3");
    assertThat(out).extracting(ObjectOutcome::status).containsExactly(Status.SKIPPED, Status.COPIED, Status.COPIED,
        Status.COPIED);
  }

  @Test
  void copy_aFailedEntry_stopsTheKey() {
    s3.onCopyObject = r -> {
      throw FakeS3Client.s3Error(403, "AccessDenied");
    };

    List<ObjectOutcome> out = copier().copy(new HistoryCopier.Key(SRC, DST, SOURCE, List.of()));

    assertThat(s3.events).containsExactly("CopyObject q/k");
    assertThat(out).extracting(ObjectOutcome::status).containsExactly(Status.FAILED, Status.SKIPPED, Status.SKIPPED,
        Status.SKIPPED);
    assertThat(out.get(1).errorMessage()).contains("an older entry of this key failed");
  }

  @Test
  void copy_aDeleteThatAddedNoMarker_failsVerifyAndStopsTheKey() {
    s3.onDeleteObject = r -> DeleteObjectResponse.builder().build(); // versioning off: the object was deleted

    List<ObjectOutcome> out = copier().copy(new HistoryCopier.Key(SRC, DST, SOURCE, List.of()));

    assertThat(s3.events).containsExactly("CopyObject q/k", "DeleteObject q/k", "ListObjectVersions q/k");
    assertThat(out.get(1).status()).isEqualTo(Status.FAILED);
    assertThat(out.get(1).errorKind()).isEqualTo(ErrorKind.VERIFY_FAILED);
    assertThat(out.get(1).errorMessage()).contains("is versioning still enabled");
    assertThat(out.subList(2, 4)).extracting(ObjectOutcome::status).containsOnly(Status.SKIPPED);
  }

  @Test
  void copy_anotherWriterMeanwhile_failsTheEntriesWrittenAsDestinationChanged() {
    var copy = s3.onCopyObject;
    s3.onCopyObject = r -> {
      CopyObjectResponse response = copy.apply(r);
      written.add(0, software.amazon.awssdk.services.s3.model.ObjectVersion.builder().key(DST.key())
          .versionId("theirs").eTag("\"ffff\"").size(9L).lastModified(Instant.ofEpochSecond(99)).build());
      return response;
    };

    List<ObjectOutcome> out = copier().copy(new HistoryCopier.Key(SRC, DST, List.of(version("v1", 1, true)),
        List.of()));

    assertThat(out).singleElement().satisfies(o -> {
      assertThat(o.status()).isEqualTo(Status.FAILED);
      assertThat(o.errorKind()).isEqualTo(ErrorKind.DESTINATION_CHANGED);
    });
  }

  @Test
  void planned_reportsWithoutSendingAnything() {
    List<ObjectOutcome> out = HistoryCopier.planned(new HistoryCopier.Key(SRC, DST, SOURCE,
        List.of(copyOfV1())));

    assertThat(s3.events).isEmpty();
    assertThat(out).extracting(ObjectOutcome::status).containsExactly(Status.SKIPPED, Status.PLANNED,
        Status.PLANNED, Status.PLANNED);
  }

  @ParameterizedTest(name = "delete marker {0}, version {1} -> {2}")
  @CsvSource({"true, dm1, true", "true, , true", "true, null, false", "false, dm1, false", ", dm1, false"})
  void addedMarker_onlyAMarkerOfItsOwnVersion(Boolean deleteMarker, String versionId, boolean added) {
    assertThat(HistoryCopier.addedMarker(deleteMarker, versionId)).isEqualTo(added);
  }
}
