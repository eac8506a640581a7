package io.lakecopy.it;

import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The copy contract against LocalStack (profile {@code localstack}). Without a Docker engine the
 * class is reported as skipped ("disabledWithoutDocker"), never run and never counted as passed.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackCopyIT extends CopyContractIT {
  @Override
  Fixture fixture() {
    return new Fixture(new LocalStackService(), true, true);
  }
}
