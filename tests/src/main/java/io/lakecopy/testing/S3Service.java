package io.lakecopy.testing;

import java.net.URI;
import software.amazon.awssdk.services.s3.S3Client;

/** An S3-compatible service the tests and the demo run against: a local server process or a container. */
public interface S3Service extends AutoCloseable {
  /** A short lowercase name, usable in bucket names. */
  String name();

  URI endpoint();

  /** A client for seeding and checking, with the service's credentials. The caller closes it. */
  S3Client newClient();

  /** Makes the service's credentials visible to this JVM's AWS default credentials chain. */
  void exportCredentials();

  @Override
  void close();
}
