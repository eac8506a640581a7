package io.lakecopy.s3;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Feeds every HTTP attempt's status into an {@link AdaptiveLimit}: the SDK retries a 503 by itself,
 * so only an interceptor sees each one as it happens.
 */
public final class ThrottleSignal implements ExecutionInterceptor {
  private final AdaptiveLimit limit;

  public ThrottleSignal(AdaptiveLimit limit) {
    this.limit = limit;
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    int status = context.httpResponse().statusCode();
    if (status == 503 || status == 429) {
      limit.onThrottle();
    } else if (status < 500) {
      limit.onSuccess();
    }
  }
}
