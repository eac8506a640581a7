package io.lakecopy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakecopy.plan.CopyMethod;
import io.lakecopy.plan.ObjectPlan;
import io.lakecopy.plan.SourceObject;
import io.lakecopy.report.Ledger;
import io.lakecopy.s3.ErrorKind;
import io.lakecopy.s3.LakecopyException;
import io.lakecopy.s3.S3Location;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListPartsRequest;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;

class ResumerTest {
  private static final long MiB = 1024L * 1024;
  private static final long PART_SIZE = 5 * MiB;
  /** Three parts of 5, 5 and 2 MiB. */
  private static final long MULTIPART_SIZE = 12 * MiB;
  private static final Instant STARTED = Instant.parse("2024-05-01T10:00:00Z");
  /** Single-part ETags are the MD5 of the bytes: hex, no "-". */
  private static final String MD5_A = "\"0cc175b9c0f1b6a831c399e269772661\"";

  private final ListPartsS3Client s3 = new ListPartsS3Client();
  private final Map<String, Ledger.Upload> ledgerUploads = new HashMap<>();
  private final Map<String, Ledger.Done> ledgerDone = new HashMap<>();

  @Test
  void decide_liveUploadOfUnchangedSource_adoptedWithThePartsOfTheRightSize() {
    ObjectPlan plan = multipart(0, "a", "\"src-a-3\"");
    ledgerUploads.put("out/a", new Ledger.Upload("out/a", "upload-a", "\"src-a-3\"", PART_SIZE));
    s3.onListParts = r -> ListPartsResponse.builder().isTruncated(false).parts(
        part(1, "\"p1\"", 5 * MiB),
        part(2, "\"p2\"", 4 * MiB), // not the planned 5 MiB: copied with another part size, must be copied again
        part(3, "\"p3\"", 2 * MiB)).build();

    Resumer.Decision d = decide(List.of(plan), Set.of("upload-a"));

    assertThat(d.adopted()).containsOnlyKeys(0);
    assertThat(d.adopted().get(0).uploadId()).isEqualTo("upload-a");
    assertThat(d.adopted().get(0).partETags()).containsExactlyInAnyOrderEntriesOf(Map.of(1, "\"p1\"", 3, "\"p3\""));
    assertThat(d.stale()).isEmpty();
    assertThat(s3.listPartsRequests).singleElement().satisfies(r -> {
      assertThat(r.bucket()).isEqualTo("dst-bucket");
      assertThat(r.key()).isEqualTo("out/a");
      assertThat(r.uploadId()).isEqualTo("upload-a");
    });
  }

  @Test
  void decide_liveUploadWithPartsOnTwoPages_adoptsPartsOfBothPages() {
    ObjectPlan plan = multipart(0, "a", "\"src-a-3\"");
    ledgerUploads.put("out/a", new Ledger.Upload("out/a", "upload-a", "\"src-a-3\"", PART_SIZE));
    s3.onListParts = r -> r.partNumberMarker() == null
        ? ListPartsResponse.builder().isTruncated(true).nextPartNumberMarker(2)
            .parts(part(1, "\"p1\"", 5 * MiB), part(2, "\"p2\"", 5 * MiB)).build()
        : ListPartsResponse.builder().isTruncated(false).parts(part(3, "\"p3\"", 2 * MiB)).build();

    Resumer.Decision d = decide(List.of(plan), Set.of("upload-a"));

    assertThat(d.adopted().get(0).partETags())
        .containsExactlyInAnyOrderEntriesOf(Map.of(1, "\"p1\"", 2, "\"p2\"", 3, "\"p3\""));
    assertThat(s3.listPartsRequests).extracting(ListPartsRequest::partNumberMarker).containsExactly(null, 2);
  }

  @Test
  void decide_liveUploadWithoutParts_adoptedWithNoParts() {
    ObjectPlan plan = multipart(0, "a", "\"src-a-3\"");
    ledgerUploads.put("out/a", new Ledger.Upload("out/a", "upload-a", "\"src-a-3\"", PART_SIZE));
    s3.onListParts = r -> ListPartsResponse.builder().isTruncated(false).build();

    Resumer.Decision d = decide(List.of(plan), Set.of("upload-a"));

    assertThat(d.adopted()).containsOnlyKeys(0);
    assertThat(d.adopted().get(0).partETags()).isEmpty();
  }

  @Test
  void decide_uploadNoLongerLive_notAdoptedAndNotStale() {
    ObjectPlan plan = multipart(0, "a", "\"src-a-3\"");
    ledgerUploads.put("out/a", new Ledger.Upload("out/a", "upload-a", "\"src-a-3\"", PART_SIZE));

    Resumer.Decision d = decide(List.of(plan), Set.of("someone-elses-upload"));

    assertThat(d.adopted()).isEmpty();
    assertThat(d.stale()).isEmpty();
    assertThat(s3.listPartsRequests).isEmpty();
  }

  @Test
  void decide_liveUploadOfChangedSource_staleAndNotAdopted() {
    ObjectPlan plan = multipart(0, "a", "\"src-a-new-3\"");
    Ledger.Upload upload = new Ledger.Upload("out/a", "upload-a", "\"src-a-old-3\"", PART_SIZE);
    ledgerUploads.put("out/a", upload);

    Resumer.Decision d = decide(List.of(plan), Set.of("upload-a"));

    assertThat(d.stale()).containsExactly(upload);
    assertThat(d.adopted()).isEmpty();
    assertThat(s3.listPartsRequests).isEmpty();
  }

  @Test
  void decide_liveUploadWithAnotherPartSize_stale() {
    ObjectPlan plan = multipart(0, "a", "\"src-a-3\"");
    Ledger.Upload upload = new Ledger.Upload("out/a", "upload-a", "\"src-a-3\"", 8 * MiB);
    ledgerUploads.put("out/a", upload);

    Resumer.Decision d = decide(List.of(plan), Set.of("upload-a"));

    assertThat(d.stale()).containsExactly(upload);
    assertThat(d.adopted()).isEmpty();
  }

  @Test
  void decide_goneUploadOfChangedSource_notStale() {
    ObjectPlan plan = multipart(0, "a", "\"src-a-new-3\"");
    ledgerUploads.put("out/a", new Ledger.Upload("out/a", "upload-a", "\"src-a-old-3\"", PART_SIZE));

    Resumer.Decision d = decide(List.of(plan), Set.of());

    assertThat(d.stale()).isEmpty();
  }

  @Test
  void decide_liveUploadOfAnObjectNoLongerPlanned_stale() {
    Ledger.Upload upload = new Ledger.Upload("out/gone", "upload-gone", "\"src-3\"", PART_SIZE);
    ledgerUploads.put("out/gone", upload);

    Resumer.Decision d = decide(List.of(multipart(0, "a", "\"src-a-3\"")), Set.of("upload-gone"));

    assertThat(d.stale()).containsExactly(upload);
  }

  @Test
  void decide_listPartsAnswers404_notAdoptedAndStale() {
    ObjectPlan plan = multipart(0, "a", "\"src-a-3\"");
    Ledger.Upload upload = new Ledger.Upload("out/a", "upload-a", "\"src-a-3\"", PART_SIZE);
    ledgerUploads.put("out/a", upload);
    s3.onListParts = r -> {
      throw s3Error(404, "NoSuchUpload");
    };

    Resumer.Decision d = decide(List.of(plan), Set.of("upload-a"));

    assertThat(d.adopted()).isEmpty();
    assertThat(d.stale()).containsExactly(upload);
    assertThat(s3.listPartsRequests).hasSize(1);
  }

  @Test
  void decide_listPartsAccessDenied_failsNamingTheUpload() {
    ObjectPlan plan = multipart(0, "a", "\"src-a-3\"");
    ledgerUploads.put("out/a", new Ledger.Upload("out/a", "upload-a", "\"src-a-3\"", PART_SIZE));
    s3.onListParts = r -> {
      throw s3Error(403, "AccessDenied");
    };

    assertThatThrownBy(() -> decide(List.of(plan), Set.of("upload-a")))
        .isInstanceOfSatisfying(LakecopyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED))
        .hasMessageContaining("upload-a")
        .hasMessageContaining("s3://dst-bucket/out/a");
  }

  @Test
  void decide_singleCopyPlanWithLiveUpload_notAdopted() {
    // The object is now small enough for one CopyObject: the old upload cannot be reused.
    ObjectPlan plan = copyObject(0, "a", 1000, MD5_A);
    Ledger.Upload upload = new Ledger.Upload("out/a", "upload-a", MD5_A, 0);
    ledgerUploads.put("out/a", upload);

    Resumer.Decision d = decide(List.of(plan), Set.of("upload-a"));

    assertThat(d.adopted()).isEmpty();
    assertThat(d.stale()).containsExactly(upload);
    assertThat(s3.listPartsRequests).isEmpty();
  }

  private Resumer.Decision decide(List<ObjectPlan> plans, Set<String> liveUploads) {
    Ledger.State state = new Ledger.State(STARTED, "s3://src-bucket/in/", "s3://dst-bucket/out/", ledgerUploads,
        ledgerDone);
    return Resumer.decide(plans, state, liveUploads, s3);
  }

  private static ObjectPlan multipart(int id, String rel, String eTag) {
    return plan(id, rel, MULTIPART_SIZE, eTag, CopyMethod.MULTIPART, PART_SIZE);
  }

  private static ObjectPlan copyObject(int id, String rel, long size, String eTag) {
    return plan(id, rel, size, eTag, CopyMethod.COPY_OBJECT, PART_SIZE);
  }

  private static ObjectPlan plan(int id, String rel, long size, String eTag, CopyMethod method, long partSize) {
    SourceObject source = new SourceObject(new S3Location("src-bucket", "in/" + rel), rel, size, eTag, null, 0);
    return new ObjectPlan(id, source, new S3Location("dst-bucket", "out/" + rel), method, partSize);
  }


  private static Part part(int number, String eTag, long size) {
    return Part.builder().partNumber(number).eTag(eTag).size(size).build();
  }

  private static S3Exception s3Error(int status, String errorCode) {
    return (S3Exception) S3Exception.builder()
        .statusCode(status)
        .message(errorCode)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(errorCode).errorMessage("fake " + errorCode).build())
        .build();
  }

  /**
   * A hand-written S3 client that answers only ListParts (which also serves the SDK's default
   * listPartsPaginator); every other operation throws UnsupportedOperationException. The shared
   * FakeS3Client is package-private to io.lakecopy.copy, and Resumer is package-private here.
   */
  private static final class ListPartsS3Client implements S3Client {
    final List<ListPartsRequest> listPartsRequests = new CopyOnWriteArrayList<>();
    Function<ListPartsRequest, ListPartsResponse> onListParts = r -> {
      throw new UnsupportedOperationException("unexpected call: " + r);
    };

    @Override
    public ListPartsResponse listParts(ListPartsRequest request) {
      listPartsRequests.add(request);
      return onListParts.apply(request);
    }

    @Override
    public String serviceName() {
      return "s3";
    }

    @Override
    public void close() {}
  }
}
