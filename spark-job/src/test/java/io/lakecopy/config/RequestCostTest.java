package io.lakecopy.config;

import io.lakecopy.report.Summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestCostTest {
  @Test
  void usd_classAClassBAndFreeRequests_pricedPerThousand() {
    RequestCost prices = new RequestCost(RequestCost.DEFAULT_CLASS_A_PER_1000, RequestCost.DEFAULT_CLASS_B_PER_1000);

    double usd = prices.usd(Map.of("CopyObject", 20_000L, "ListObjectsV2", 20L, "HeadObject", 1000L,
        "DeleteObjects", 7L, "AbortMultipartUpload", 3L));

    // 20,020 class A at $0.005/1000 = $0.1001; 1,000 class B at $0.0004/1000 = $0.0004; deletes free.
    assertThat(usd).isCloseTo(0.1005, within(1e-9));
  }

  @Test
  void withRequests_summaryRendersCountsAndCost() {
    Summary s = Summary.of(List.of(), Duration.ofSeconds(1)).withRequests(Map.of("UploadPartCopy", 8L,
        "CompleteMultipartUpload", 1L), new RequestCost(1.0, 1.0), true);

    assertThat(s.requests()).containsExactly(Map.entry("CompleteMultipartUpload", 1L), Map.entry("UploadPartCopy", 8L));
    assertThat(s.requestCostUsd()).isCloseTo(0.009, within(1e-12));
    assertThat(s.render()).contains("requests  (a real run would send) CompleteMultipartUpload=1 UploadPartCopy=8",
        "(about $0.0090)");
    assertThat(s.toJson("s", "d", 0)).contains("\"requests\": {\"CompleteMultipartUpload\": 1, \"UploadPartCopy\": 8}",
        "\"requests_estimated\": true");
  }
}
