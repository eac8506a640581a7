package io.lakecopy.s3;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * An IAM role one side of the copy assumes (STS AssumeRole) on top of its base credentials (the
 * default chain or its profile). Validated here with IAM's own syntax rules, so that a typo fails
 * on the driver before any request, not on every executor.
 *
 * @param roleArn {@code arn:aws:iam::123456789012:role/name} (any partition, any role path), or without an
 *     account, as an S3-compatible store names a role of no tenant (Ceph RGW: {@code arn:aws:iam:::role/name})
 * @param externalId the role's trust policy {@code sts:ExternalId}, or null
 * @param sessionName the role session name CloudTrail records for every request of the run
 * @param stsEndpoint the STS endpoint to assume the role at (an S3-compatible store's STS), or null for the
 *     SDK's choice: the side's region, or {@code AWS_ENDPOINT_URL_STS}
 */
public record AssumeRole(String roleArn, String externalId, String sessionName, String stsEndpoint)
    implements Serializable {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html and the AssumeRole API limits.
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-[a-z]+)*:iam::(\\d{12})?:role/[\\w+=,.@/-]{1,512}");
  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
  private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");

  public AssumeRole {
    requireNonNull(roleArn, "roleArn is null");
    requireNonNull(sessionName, "sessionName is null");
    if (!ROLE_ARN.matcher(roleArn).matches()) {
      throw new IllegalArgumentException("'" + roleArn + "' is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)");
    }
    checkSessionName(sessionName);
    if (externalId != null) {
      checkExternalId(externalId);
    }
    if (stsEndpoint != null) {
      java.net.URI uri = java.net.URI.create(stsEndpoint);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("STS endpoint must be an http(s)://host[:port] URL: " + stsEndpoint);
      }
    }
  }

  /** A role assumed at the STS endpoint the SDK chooses. */
  public AssumeRole(String roleArn, String externalId, String sessionName) {
    this(roleArn, externalId, sessionName, null);
  }

  /** This role, assumed at {@code endpoint} (null: the SDK's choice). */
  public AssumeRole atStsEndpoint(String endpoint) {
    return new AssumeRole(roleArn, externalId, sessionName, endpoint);
  }

  /** Throws IllegalArgumentException unless {@code id} is a valid sts:ExternalId; the message does not echo it. */
  public static void checkExternalId(String id) {
    if (!EXTERNAL_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("an external id is 2 to 1224 letters, digits and +=,.@:/- (not shown here)");
    }
  }

  /** Throws IllegalArgumentException unless {@code name} is a valid STS role session name. */
  public static void checkSessionName(String name) {
    if (!SESSION_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a role session name (2 to 64 letters, digits and +=,.@-)");
    }
  }

  /** The role's account id, the 12 digits of its ARN (empty for a store's role of no account). */
  public String accountId() {
    return roleArn.split(":")[4];
  }

  @Override
  public String toString() {
    return "AssumeRole[" + roleArn + ", session " + sessionName + (externalId == null ? "" : ", with an external id")
        + (stsEndpoint == null ? "" : ", at " + stsEndpoint) + "]";
  }
}
