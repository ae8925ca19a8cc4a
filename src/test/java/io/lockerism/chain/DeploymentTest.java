package io.lockerism.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.lockerism.engine.DevChain;
import io.lockerism.engine.NativeEngine;
import io.lockerism.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/** The contracts recorded for a persistent dev chain are reused only when they are this build's. */
class DeploymentTest {

  @Test
  void aRecordedDeploymentOfOtherContractCodeIsReplacedNotReused() throws Exception {
    try (DevChain chain = DevChain.start(NativeEngine.load(), 0)) {
      DevChain.Info info = chain.info();
      try (ChainClient client =
          ChainClient.connect(
              info.rpcUrl(), info.chainId(), Credentials.create(info.deployerPrivateKey()))) {
        Path file = TestApp.tempDir().resolve("contracts.properties");
        Deployment first = Deployment.reuseOrDeploy(client, file);
        assertEquals(
            first.ledger(),
            Deployment.reuseOrDeploy(client, file).ledger(),
            "this build's: reused");

        // As an older build recorded it (e.g. a FeedLedger before publishers were bound).
        Files.writeString(
            file, Files.readString(file).replaceAll("(?m)^code=.*$", "code=" + "0".repeat(64)));
        Deployment replaced = Deployment.reuseOrDeploy(client, file);
        assertNotEquals(first.ledger(), replaced.ledger());
        assertNotEquals(first.registry(), replaced.registry());
        assertEquals(replaced.ledger(), Deployment.reuseOrDeploy(client, file).ledger());
      }
    }
  }
}
