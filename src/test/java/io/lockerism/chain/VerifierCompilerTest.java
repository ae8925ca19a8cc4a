package io.lockerism.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierCompilerTest {

  @TempDir Path dataDir;

  @Test
  void compilesAVerifierThatImportsTheInterface() throws Exception {
    String source;
    try (InputStream in = getClass().getResourceAsStream("/chain/TestFeedVerifier.sol")) {
      source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    VerifierCompiler compiler = new VerifierCompiler(dataDir, "node");
    ContractArtifact a = compiler.compile(source, "FeedVerifier");
    assertEquals("FeedVerifier", a.contractName());
    assertTrue(a.deployable());
    assertTrue(a.compiler().startsWith(VerifierCompiler.bundledSolcVersion()), a.compiler());
    Path home = dataDir.resolve("solc").resolve(VerifierCompiler.bundledSolcVersion());
    assertTrue(Files.isRegularFile(home.resolve("compile.mjs")));
    assertTrue(Files.isRegularFile(home.resolve("src/IFeedVerifier.sol")));
    // A second compiler over the same data directory reuses the extracted tree.
    assertEquals(
        a.bytecode(),
        new VerifierCompiler(dataDir, null).compile(source, "FeedVerifier").bytecode());
    try (var left = Files.list(dataDir.resolve("solc"))) {
      assertEquals(1, left.count(), "temporary compile directories are removed");
    }
  }

  /** `serve` defaults to ./lockerism-data: a relative data directory must work too. */
  @Test
  void compilesWithADataDirectoryGivenAsARelativePath() throws Exception {
    Path relative = Path.of("").toAbsolutePath().relativize(dataDir.toAbsolutePath());
    String source;
    try (InputStream in = getClass().getResourceAsStream("/chain/TestFeedVerifier.sol")) {
      source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ContractArtifact a =
        new VerifierCompiler(Path.of(".").resolve(relative), "node")
            .compile(source, "FeedVerifier");
    assertTrue(a.deployable());
  }

  @Test
  void solcErrorsAreReportedWithTheirMessages() {
    VerifierCompiler compiler = new VerifierCompiler(dataDir, "node");
    VerifierCompiler.VerifierCompileException e =
        assertThrows(
            VerifierCompiler.VerifierCompileException.class,
            () ->
                compiler.compile(
                    "pragma solidity ^0.8.28;\ncontract FeedVerifier { function f() public { x = 1; } }\n",
                    "FeedVerifier"));
    assertTrue(e.getMessage().contains("does not compile"), e.getMessage());
    assertTrue(e.getMessage().contains("Undeclared identifier"), e.getMessage());
    assertTrue(e.getMessage().contains("Verifier.sol:2"), e.getMessage());
    assertFalse(e.getMessage().contains(dataDir.toString()), "no temp paths: " + e.getMessage());
  }

  @Test
  void aMissingContractOrInterfaceIsReported() {
    VerifierCompiler compiler = new VerifierCompiler(dataDir, "node");
    ChainException missing =
        assertThrows(
            ChainException.class,
            () ->
                compiler.compile("pragma solidity ^0.8.28;\ncontract Other {}\n", "FeedVerifier"));
    assertTrue(
        missing.getMessage().contains("no contract named FeedVerifier"), missing.getMessage());
    ChainException iface =
        assertThrows(
            ChainException.class,
            () ->
                compiler.compile(
                    "pragma solidity ^0.8.28;\ninterface FeedVerifier {}\n", "FeedVerifier"));
    assertTrue(iface.getMessage().contains("cannot be deployed"), iface.getMessage());
  }

  @Test
  void aMissingNodeIsExplained() {
    VerifierCompiler compiler = new VerifierCompiler(dataDir, "/nonexistent/node");
    ChainException e =
        assertThrows(
            ChainException.class,
            () -> compiler.compile("contract FeedVerifier {}", "FeedVerifier"));
    assertTrue(e.getMessage().contains("Node.js"), e.getMessage());
  }
}
