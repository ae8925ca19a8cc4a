package io.lockerism.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.chain.ChainClient;
import io.lockerism.engine.DevChain;
import io.lockerism.engine.NativeEngine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;
import picocli.CommandLine;

class ChainCommandTest {

  @TempDir Path dir;

  private record Result(int exit, String out, String err) {}

  private static Result deploy(Map<String, String> env, String... args) {
    ChainCommand.Deploy cmd = new ChainCommand.Deploy();
    cmd.environment = env;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        new CommandLine(cmd).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          c.getErr().println("error: " + e.getMessage());
          return 1;
        });
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void deploysWithAKeyFromTheEnvironmentOrAKeystore() throws Exception {
    try (DevChain chain = DevChain.start(NativeEngine.load(), 0)) {
      String url = chain.info().rpcUrl();
      String key = chain.info().deployerPrivateKey();
      Result r =
          deploy(Map.of("LOCKERISM_DEPLOYER_KEY", key), "--rpc-url", url, "--chain-id", "1337");
      assertEquals(0, r.exit(), r.err());
      Matcher m = Pattern.compile("FeedLedger +(0x[0-9a-f]{40})").matcher(r.out());
      assertTrue(m.find(), r.out());
      assertTrue(r.out().contains("--chain rpc --rpc-url " + url), r.out());
      assertFalse(r.out().contains(key.substring(2)), "the key is never printed");
      try (ChainClient c = ChainClient.connect(url, 1337, null)) {
        assertTrue(c.hasCode(m.group(1)));
      }

      // An encrypted keystore, funded from the dev deployer.
      ECKeyPair pair = Keys.createEcKeyPair();
      Path keystore =
          dir.resolve(WalletUtils.generateWalletFile("s3cret", pair, dir.toFile(), false));
      String address = Credentials.create(pair).getAddress();
      try (ChainClient c = ChainClient.connect(url, 1337, Credentials.create(key))) {
        c.send(address, "0x", BigInteger.TEN.pow(19), "fund");
      }
      Result k =
          deploy(
              Map.of("LOCKERISM_KEYSTORE_PASSWORD", "s3cret"),
              "--rpc-url",
              url,
              "--chain-id",
              "1337",
              "--keystore",
              keystore.toString());
      assertEquals(0, k.exit(), k.err());
      assertTrue(k.out().contains("Deployer " + address), k.out());

      Result wrong =
          deploy(
              Map.of("LOCKERISM_KEYSTORE_PASSWORD", "nope"),
              "--rpc-url",
              url,
              "--chain-id",
              "1337",
              "--keystore",
              keystore.toString());
      assertEquals(1, wrong.exit());
      assertTrue(wrong.err().contains("wrong password"), wrong.err());

      Result wrongChain =
          deploy(Map.of("LOCKERISM_DEPLOYER_KEY", key), "--rpc-url", url, "--chain-id", "300");
      assertEquals(1, wrongChain.exit());
      assertTrue(wrongChain.err().contains("serves chain id 1337"), wrongChain.err());
      assertFalse(wrongChain.err().contains(key.substring(2)));
    }
  }

  @Test
  void refusesToRunWithoutAKey() {
    Result r = deploy(Map.of(), "--rpc-url", "http://127.0.0.1:1", "--chain-id", "300");
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("no deployer key"), r.err());
    Result bad =
        deploy(
            Map.of("LOCKERISM_DEPLOYER_KEY", "0x1234"),
            "--rpc-url",
            "http://127.0.0.1:1",
            "--chain-id",
            "300");
    assertEquals(1, bad.exit());
    assertTrue(bad.err().contains("does not hold a 32-byte hex private key"), bad.err());
  }

  @Test
  void serveParsesChainOptions() {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve)
        .parseArgs(
            "--chain",
            "rpc",
            "--rpc-url",
            "https://sepolia.era.zksync.dev",
            "--chain-id",
            "300",
            "--registry",
            "0x" + "1".repeat(40),
            "--ledger",
            "0x" + "2".repeat(40));
    assertEquals(300, serve.chainConfig().chainId());
    assertEquals("RPC", serve.chainConfig().mode().name());
    assertFalse(serve.chainConfig().allowDevSetup(), "development keys need the flag");
    assertFalse(serve.chainConfig().registersDevelopmentKeys());
    ServeCommand allowed = new ServeCommand();
    new CommandLine(allowed)
        .parseArgs(
            "--chain",
            "rpc",
            "--rpc-url",
            "http://127.0.0.1:1",
            "--chain-id",
            "1337",
            "--registry",
            "0x" + "1".repeat(40),
            "--ledger",
            "0x" + "2".repeat(40),
            "--allow-dev-setup");
    assertTrue(allowed.chainConfig().registersDevelopmentKeys());
    ServeCommand incomplete = new ServeCommand();
    new CommandLine(incomplete).parseArgs("--chain", "rpc", "--rpc-url", "http://x");
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, incomplete::chainConfig);
    assertTrue(e.getMessage().contains("--chain-id"), e.getMessage());
    ServeCommand embedded = new ServeCommand();
    new CommandLine(embedded).parseArgs("--chain-port", "0");
    assertEquals(0, embedded.chainConfig().port());
    assertTrue(
        embedded.chainConfig().registersDevelopmentKeys(),
        "the embedded development chain registers development keys");
  }
}
