package io.lockerism.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.config.ChainConfig;
import io.lockerism.engine.NativeEngine;
import io.lockerism.evm.Address;
import io.lockerism.evm.TxData;
import io.lockerism.evm.Word;
import io.lockerism.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameterName;

/** ChainService on a real embedded dev chain (one per class, on a free port). */
class ChainServiceTest {

  static final byte[] GOOD_PROOF = "lockerism-test-proof".getBytes(StandardCharsets.US_ASCII);

  /** The stand-in verifier accepts GOOD_PROOF whatever the inputs, and nothing else. */
  static final Supplier<SampleProof> SAMPLE =
      () -> new SampleProof(GOOD_PROOF, java.util.Collections.nCopies(6, Word.of(BigInteger.ONE)));

  @TempDir static Path dataDir;
  static Database db;
  static ChainService chain;
  static String verifierSource;
  static String snapshot;
  static Credentials viewer;

  @BeforeAll
  static void start() throws Exception {
    db = Database.open("jdbc:h2:mem:chain-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    chain =
        ChainService.start(
            ChainConfig.embedded().withPort(0), dataDir, db, NativeEngine.load(), null);
    try (InputStream in =
        ChainServiceTest.class.getResourceAsStream("/chain/TestFeedVerifier.sol")) {
      verifierSource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    snapshot = randomSnapshotId();
    chain.registry().ensureRegistered(snapshot, verifierSource, "{\"test\":true}", SAMPLE);
    viewer = Credentials.create(Keys.createEcKeyPair());
    chain.faucet().orElseThrow().fund(Address.parse(viewer.getAddress()));
  }

  @AfterAll
  static void stop() {
    if (chain != null) {
      chain.close();
    }
    if (db != null) {
      db.close();
    }
  }

  static String randomSnapshotId() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static Word random256() {
    return Word.of(new BigInteger(250, new SecureRandom()));
  }

  @Test
  void contractsAreDeployedAtStart() {
    ChainInfo info = chain.info();
    assertEquals("embedded", info.mode());
    assertEquals(1337, info.chainId());
    assertEquals(null, info.explorerUrl());
    try (ChainClient c = ChainClient.connect(info.rpcUrl(), info.chainId(), null)) {
      assertTrue(c.hasCode(info.registry().toString()));
      assertTrue(c.hasCode(info.ledger().toString()));
      org.web3j.abi.datatypes.Address reg =
          (org.web3j.abi.datatypes.Address)
              c.call(
                      info.ledger().toString(),
                      new Function(
                          "registry",
                          List.of(),
                          List.of(new TypeReference<org.web3j.abi.datatypes.Address>() {})))
                  .get(0);
      assertEquals(info.registry(), Address.parse(reg.getValue()));
    }
  }

  @Test
  void ensureRegisteredDeploysAndRegistersOnce() throws IOException {
    String id = randomSnapshotId();
    ModelRegistryClient registry = chain.registry();
    assertTrue(registry.verifierOf(id).isEmpty());
    Address verifier = registry.ensureRegistered(id, verifierSource, "{\"n\":1}", SAMPLE);
    assertEquals(verifier, registry.verifierOf(id).orElseThrow());
    assertEquals(
        verifier,
        registry.verifierOf("0x" + id.toUpperCase()).orElseThrow(),
        "ids parse with or without 0x, in either case");
    ChainClient deployer = chain.clientFor(null);
    assertTrue(deployer.hasCode(verifier.toString()));

    BigInteger nonceBefore = nonceOfOperator();
    assertEquals(
        verifier,
        registry.ensureRegistered(id, "this is not even Solidity", "{}", SAMPLE),
        "a registered snapshot is returned without compiling or sending anything");
    assertEquals(nonceBefore, nonceOfOperator());
  }

  private BigInteger nonceOfOperator() throws IOException {
    String operator =
        ((org.web3j.abi.datatypes.Address)
                chain
                    .clientFor(null)
                    .call(
                        chain.info().registry().toString(),
                        new Function(
                            "operator",
                            List.of(),
                            List.of(new TypeReference<org.web3j.abi.datatypes.Address>() {})))
                    .get(0))
            .getValue();
    return chain
        .clientFor(null)
        .web3j()
        .ethGetTransactionCount(operator, DefaultBlockParameterName.PENDING)
        .send()
        .getTransactionCount();
  }

  @Test
  void aRecordedFeedIsFollowedIntoTheDatabase() throws Exception {
    Word commitL = random256();
    Word commitF = random256();
    TxData tx = chain.ledger().recordTransaction(snapshot, GOOD_PROOF, commitL, commitF, 20);
    assertEquals(chain.info().ledger(), tx.to());
    assertTrue(
        tx.data()
            .startsWith(ContractErrors.selector("record(bytes32,bytes,bytes32,bytes32,uint256)")));

    ChainClient wallet = chain.clientFor(viewer);
    ChainClient.Sent sent = wallet.send(tx.to().toString(), tx.data(), BigInteger.ZERO, "record");
    System.out.println(
        "GAS FeedLedger.record (test verifier, "
            + GOOD_PROOF.length
            + "-byte proof): "
            + sent.gasUsed());
    assertTrue(chain.ledger().isRecorded(snapshot, commitF));
    TxReceiptInfo receipt = chain.ledger().receipt(sent.txHash()).orElseThrow();
    assertTrue(receipt.success());
    assertEquals(viewer.getAddress(), receipt.from());

    LedgerRecord found = null;
    long deadline = System.currentTimeMillis() + 15_000;
    while (found == null && System.currentTimeMillis() < deadline) {
      found =
          chain.follower().records(snapshot).stream()
              .filter(r -> r.txHash().equals(Word.parse(sent.txHash())))
              .findFirst()
              .orElse(null);
      if (found == null) {
        Thread.sleep(100);
      }
    }
    assertTrue(found != null, "the follower stored the FeedVerified event");
    assertEquals(snapshot, found.snapshotId());
    assertEquals(commitL, found.commitL());
    assertEquals(commitF, found.commitF());
    assertEquals(20, found.k());
    assertEquals(Address.parse(viewer.getAddress()), found.submitter());
    assertEquals(sent.blockNumber(), found.blockNumber());
    assertEquals(0, chain.follower().sync(), "stored once");
    assertTrue(chain.follower().records(randomSnapshotId()).isEmpty());
  }

  @Test
  void unknownSnapshotReverts() {
    TxData tx =
        chain
            .ledger()
            .recordTransaction(randomSnapshotId(), GOOD_PROOF, random256(), random256(), 10);
    ContractRevertException e =
        assertThrows(
            ContractRevertException.class,
            () ->
                chain
                    .clientFor(viewer)
                    .send(tx.to().toString(), tx.data(), BigInteger.ZERO, "record"));
    assertEquals("UnknownSnapshot", e.errorName(), e.getMessage());
  }

  @Test
  void invalidProofReverts() {
    byte[] tampered = GOOD_PROOF.clone();
    tampered[0] ^= 1;
    TxData tx = chain.ledger().recordTransaction(snapshot, tampered, random256(), random256(), 10);
    ContractRevertException e =
        assertThrows(
            ContractRevertException.class,
            () ->
                chain
                    .clientFor(viewer)
                    .send(tx.to().toString(), tx.data(), BigInteger.ZERO, "record"));
    assertEquals("InvalidProof", e.errorName(), e.getMessage());
    assertTrue(e.revertData().startsWith(ContractErrors.selector("InvalidProof()")));
  }

  @Test
  void replayRevertsWithAlreadyRecorded() {
    Word commitF = random256();
    TxData tx = chain.ledger().recordTransaction(snapshot, GOOD_PROOF, random256(), commitF, 10);
    ChainClient wallet = chain.clientFor(viewer);
    wallet.send(tx.to().toString(), tx.data(), BigInteger.ZERO, "record");
    ContractRevertException e =
        assertThrows(
            ContractRevertException.class,
            () -> wallet.send(tx.to().toString(), tx.data(), BigInteger.ZERO, "record again"));
    assertEquals("AlreadyRecorded", e.errorName(), e.getMessage());
    assertEquals("0x" + snapshot, e.arguments().get(0));
    assertEquals(commitF.toString(), e.arguments().get(1));
  }

  @Test
  void onlyTheOperatorRegisters() {
    String data =
        FunctionEncoder.encode(
            new Function(
                "register",
                List.of(
                    Abi.snapshotId(randomSnapshotId()),
                    Abi.address(chain.info().ledger()),
                    new Utf8String("{}")),
                List.of()));
    ContractRevertException e =
        assertThrows(
            ContractRevertException.class,
            () ->
                chain
                    .clientFor(viewer)
                    .send(chain.info().registry().toString(), data, BigInteger.ZERO, "register"));
    assertEquals("NotOperator", e.errorName(), e.getMessage());
  }

  @Test
  void rpcModeFollowsTheSameLedgerAndHasNoFaucet() {
    ChainInfo info = chain.info();
    ChainConfig rpc =
        ChainConfig.rpc(
                info.rpcUrl(), info.chainId(), info.registry().toString(), info.ledger().toString())
            .withLedgerFromBlock(0L);
    Database other =
        Database.open("jdbc:h2:mem:chain-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    try (ChainService remote = ChainService.start(rpc, dataDir, other, null, null)) {
      assertEquals("rpc", remote.info().mode());
      assertTrue(remote.faucet().isEmpty(), "real chains have no faucet here");
      ChainException noKey =
          assertThrows(
              ChainException.class,
              () ->
                  remote
                      .registry()
                      .ensureRegistered(randomSnapshotId(), verifierSource, "{}", SAMPLE));
      assertTrue(noKey.getMessage().contains("no operator key"), noKey.getMessage());
      chain.follower().sync();
      remote.follower().sync();
      assertEquals(
          chain.follower().records(null),
          remote.follower().records(null),
          "a follower in rpc mode reads the same FeedVerified events");
    } finally {
      other.close();
    }
  }

  @Test
  void rpcModeChecksTheChainIdAndContracts() {
    ChainInfo info = chain.info();
    ChainException wrongId =
        assertThrows(
            ChainException.class,
            () ->
                ChainService.start(
                    ChainConfig.rpc(
                        info.rpcUrl(), 300, info.registry().toString(), info.ledger().toString()),
                    dataDir,
                    db,
                    null,
                    null));
    assertTrue(wrongId.getMessage().contains("chain id 1337"), wrongId.getMessage());
    ChainException swapped =
        assertThrows(
            ChainException.class,
            () ->
                ChainService.start(
                    ChainConfig.rpc(
                        info.rpcUrl(), 1337, info.ledger().toString(), info.ledger().toString()),
                    dataDir,
                    db,
                    null,
                    null));
    assertTrue(swapped.getMessage().contains("uses registry"), swapped.getMessage());
  }

  @Test
  void explorersOfKnownChains() {
    assertEquals("https://sepolia.explorer.zksync.io", ChainInfo.explorerFor(300));
    assertEquals("https://explorer.zksync.io", ChainInfo.explorerFor(324));
    assertEquals(null, ChainInfo.explorerFor(1337));
    Address a = Address.parse("0x" + "ab".repeat(20));
    assertNotEquals(
        null, new ChainInfo("rpc", 300, "u", a, a, ChainInfo.explorerFor(300)).txUrl("0xab"));
  }

  @Test
  void recordTransactionRejectsBadInputs() {
    Word one = Word.of(BigInteger.ONE);
    assertThrows(
        IllegalArgumentException.class,
        () -> chain.ledger().recordTransaction("xyz", GOOD_PROOF, one, one, 1));
    assertThrows(IllegalArgumentException.class, () -> Word.of(BigInteger.ONE.shiftLeft(256)));
    assertThrows(
        IllegalArgumentException.class,
        () -> chain.ledger().recordTransaction(snapshot, GOOD_PROOF, one, one, -1));
    assertThrows(
        IllegalArgumentException.class,
        () -> chain.ledger().recordTransaction(snapshot, null, one, one, 1));
    assertFalse(chain.ledger().isRecorded(snapshot, random256()));
  }
}
