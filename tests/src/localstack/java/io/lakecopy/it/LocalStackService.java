package io.lakecopy.it;

import io.lakecopy.testing.S3Service;
import io.lakecopy.testing.S3TestServer;
import java.net.URI;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** LocalStack's S3 in a Testcontainers container (needs a Docker engine). It accepts any credentials. */
final class LocalStackService implements S3Service {
  static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4");

  private final LocalStackContainer container;

  LocalStackService() {
    container = new LocalStackContainer(IMAGE).withServices(LocalStackContainer.Service.S3);
    container.start();
  }

  @Override
  public String name() {
    return "localstack";
  }

  @Override
  public URI endpoint() {
    return container.getEndpointOverride(LocalStackContainer.Service.S3);
  }

  @Override
  public S3Client newClient() {
    return S3Client.builder().endpointOverride(endpoint()).region(Region.of(S3TestServer.REGION)).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)))
        .httpClientBuilder(Apache5HttpClient.builder()).build();
  }

  @Override
  public void exportCredentials() {
    System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
    System.setProperty("aws.region", S3TestServer.REGION);
  }

  @Override
  public void close() {
    container.stop();
  }
}
