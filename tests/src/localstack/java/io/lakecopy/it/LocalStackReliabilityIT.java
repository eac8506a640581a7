package io.lakecopy.it;

import org.testcontainers.junit.jupiter.Testcontainers;

/** Fault injection against LocalStack (profile {@code localstack}); skipped without a Docker engine. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackReliabilityIT extends ReliabilityContractIT {
  @Override
  Fixture fixture() {
    return new Fixture(new LocalStackService(), true, true);
  }
}
