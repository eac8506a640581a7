package io.lakecopy.it;

import io.lakecopy.testing.RgwService;
import io.lakecopy.testing.S3TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streamed copies between Ceph RGW and S3Mock (see RgwFixture for when it runs), each side with its own profile: the
 * GET pinned with If-Match on a real store's ETags, RGW's UploadPart and CompleteMultipartUpload under a streamed
 * upload, and a source rewritten on RGW between the plan and the copy.
 */
@ExtendWith(RgwFixture.class)
class RgwStreamedCopyIT {
  private static final String MOCK_ACCESS = "streamed-rgw-mock-access";
  private static final String MOCK_SECRET = "streamed-rgw-mock-FAKE-secret-2c5b";

  private static Fixture rgwFixture;
  private static StreamedCopyIT.Side rgw;
  private static StreamedCopyIT.Side mock;
  private static String credentialsFileBefore;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start(@TempDir Path home) throws IOException {
    rgwFixture = RgwFixture.fixture();
    RgwService r = (RgwService) rgwFixture.server;
    // RGW's own client: RGW 16.2 refuses the SDK's default aws-chunked uploads with trailing checksums (400)
    rgw = new StreamedCopyIT.Side(r, r.newClient(),
        "streamed-rgw", S3TestServer.SECRET_KEY);
    S3TestServer m = S3TestServer.start(S3TestServer.Kind.S3MOCK);
    mock = new StreamedCopyIT.Side(m, StreamedCopyIT.client(m, MOCK_ACCESS, MOCK_SECRET), "streamed-rgw-mock",
        MOCK_SECRET);
    Path credentials = Files.writeString(home.resolve("credentials"), String.join("\n",
        "[" + rgw.profile() + "]", "aws_access_key_id = " + S3TestServer.ACCESS_KEY,
        "aws_secret_access_key = " + S3TestServer.SECRET_KEY,
        "[" + mock.profile() + "]", "aws_access_key_id = " + MOCK_ACCESS, "aws_secret_access_key = " + MOCK_SECRET,
        ""));
    credentialsFileBefore = System.getProperty("aws.sharedCredentialsFile");
    System.setProperty("aws.sharedCredentialsFile", credentials.toString());
  }

  @AfterAll
  static void stop() {
    StreamedCopyIT.restoreCredentialsFile(credentialsFileBefore);
    if (mock != null) {
      mock.s3().close();
      mock.server().close();
    }
    if (rgw != null) {
      rgw.s3().close();
    }
    if (rgwFixture != null) {
      rgwFixture.close();
    }
  }

  @Test
  void rgwToMock_smallEmptyMultipartAndOddKeys_streamedByteForByteWithHeaders() throws IOException {
    StreamedCopyIT.copiesEverything(rgw, mock, tmp.resolve("report"));
  }

  /** With two requests in flight per task the three parts are spread over tasks: the driver owns the RGW upload. */
  @Test
  void mockToRgw_smallEmptyMultipartAndOddKeys_streamedByteForByteWithHeaders() throws IOException {
    StreamedCopyIT.copiesEverything(mock, rgw, tmp.resolve("report"), "--max-concurrency", "2");
  }

  @Test
  void sourceRewrittenOnRgwAfterPlanning_sourceChangedAndNothingAtTheDestination() throws IOException {
    StreamedCopyIT.sourceRewrittenAfterPlanning(rgw, mock, tmp.resolve("report"));
  }
}
