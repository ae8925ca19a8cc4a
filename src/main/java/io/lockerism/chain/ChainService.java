package io.lockerism.chain;

import io.lockerism.analytics.ActivityRecorder;
import io.lockerism.config.ChainConfig;
import io.lockerism.engine.DevChain;
import io.lockerism.engine.NativeEngine;
import io.lockerism.store.Database;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Convert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's chain: the ModelRegistry and FeedLedger contracts, per-snapshot verifier
 * registration, the calldata wallets send to record a feed proof, a dev faucet, and a follower
 * that copies {@code FeedVerified} events into the database.
 *
 * <p>In {@link ChainConfig.Mode#EMBEDDED embedded} mode it starts the in-process dev chain and
 * deploys both contracts from the bundled artifacts, signing with the chain's dev deployer key; in
 * {@link ChainConfig.Mode#RPC rpc} mode it connects to an endpoint where the contracts already
 * are, signing (for verifier registration) with an operator key supplied by the caller.
 */
public final class ChainService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChainService.class);
  /** The adapter contract every exported verifier source contains. */
  public static final String VERIFIER_CONTRACT = "FeedVerifier";
  /** What {@link #fund(String)} sends. */
  public static final BigInteger FAUCET_AMOUNT = Convert.toWei("10", Convert.Unit.ETHER)
      .toBigIntegerExact();
  static final Event FEED_VERIFIED = new Event("FeedVerified", List.of(
      new TypeReference<Bytes32>(true) {}, new TypeReference<Bytes32>() {},
      new TypeReference<Bytes32>() {}, new TypeReference<Uint256>() {},
      new TypeReference<Address>(true) {}));
  private static final String FEED_VERIFIED_TOPIC = EventEncoder.encode(FEED_VERIFIED);
  /** Blocks per eth_getLogs request, within the limits public RPC providers set. */
  private static final long LOG_CHUNK = 5_000;
  private static final long POLL_MILLIS = 500;

  private final ChainConfig.Mode mode;
  private final DevChain devChain;
  private final ChainClient client;
  private final String registry;
  private final String ledger;
  private final VerifierCompiler compiler;
  private final LedgerRepository repository;
  private volatile ActivityRecorder activity = ActivityRecorder.NONE;
  private final ScheduledExecutorService follower;
  private final Object pollLock = new Object();
  private long nextBlock;
  private String lastPollError;

  private ChainService(ChainConfig.Mode mode, DevChain devChain, ChainClient client,
      String registry, String ledger, long fromBlock, VerifierCompiler compiler,
      LedgerRepository repository) {
    this.mode = mode;
    this.devChain = devChain;
    this.client = client;
    this.registry = registry.toLowerCase(Locale.ROOT);
    this.ledger = ledger.toLowerCase(Locale.ROOT);
    this.compiler = compiler;
    this.repository = repository;
    this.nextBlock = fromBlock;
    this.follower = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ledger-follower");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts the chain side.
   *
   * @param operator rpc mode only: the key that may register snapshots (ModelRegistry's
   *     operator); null for a service that only records and follows. Ignored in embedded mode,
   *     where the dev chain's deployer is the operator.
   * @param engine   embedded mode only (may be null in rpc mode)
   */
  public static ChainService start(ChainConfig config, Path dataDir, Database database,
      NativeEngine engine, Credentials operator) {
    config.validated();
    VerifierCompiler compiler = new VerifierCompiler(dataDir, config.nodeExecutable());
    LedgerRepository repository = new LedgerRepository(database);
    ChainService service;
    if (config.mode() == ChainConfig.Mode.EMBEDDED) {
      DevChain chain = DevChain.start(engine, config.port());
      ChainClient client = null;
      try {
        DevChain.Info info = chain.info();
        client = ChainClient.connect(info.rpcUrl(), info.chainId(),
            Credentials.create(info.deployerPrivateKey()));
        Deployment d = Deployment.deploy(client);
        LOG.info("Embedded chain {} at {}: ModelRegistry {}, FeedLedger {}", info.chainId(),
            info.rpcUrl(), d.registry(), d.ledger());
        service = new ChainService(config.mode(), chain, client, d.registry(), d.ledger(), 0,
            compiler, repository);
      } catch (RuntimeException e) {
        if (client != null) {
          client.close();
        }
        chain.close();
        throw e;
      }
    } else {
      ChainClient client = ChainClient.connect(config.rpcUrl(), config.chainId(), operator);
      try {
        checkContracts(client, config.registry(), config.ledger());
        long from = repository.lastBlock(config.chainId(), config.ledger().toLowerCase(Locale.ROOT))
            .stream().map(b -> b + 1).findFirst()
            .orElse(config.ledgerFromBlock() != null ? config.ledgerFromBlock()
                : client.blockNumber());
        LOG.info("Chain {} at {}: ModelRegistry {}, FeedLedger {}, following from block {}",
            config.chainId(), config.rpcUrl(), config.registry(), config.ledger(), from);
        service = new ChainService(config.mode(), null, client, config.registry(),
            config.ledger(), from, compiler, repository);
      } catch (RuntimeException e) {
        client.close();
        throw e;
      }
    }
    service.follower.scheduleWithFixedDelay(service::pollQuietly, 0, POLL_MILLIS,
        TimeUnit.MILLISECONDS);
    return service;
  }

  private static void checkContracts(ChainClient client, String registry, String ledger) {
    if (!client.hasCode(registry)) {
      throw new ChainException("no contract at the registry address " + registry);
    }
    if (!client.hasCode(ledger)) {
      throw new ChainException("no contract at the ledger address " + ledger);
    }
    List<Type> r = client.call(ledger, new Function("registry", List.of(),
        List.of(new TypeReference<Address>() {})));
    String actual = ((Address) r.get(0)).getValue();
    if (!actual.equalsIgnoreCase(registry)) {
      throw new ChainException("the ledger " + ledger + " uses registry " + actual + ", not "
          + registry);
    }
  }

  public ChainInfo info() {
    return new ChainInfo(mode.name().toLowerCase(Locale.ROOT), client.chainId(),
        client.rpcUrl(), registry, ledger,
        devChain != null ? null : ChainInfo.explorerFor(client.chainId()));
  }

  /** The verifier registered for a snapshot, if any. */
  public Optional<String> verifierOf(String snapshotId) {
    List<Type> r = client.call(registry, new Function("verifierOf",
        List.of(Hex.snapshotId(snapshotId)), List.of(new TypeReference<Address>() {})));
    String a = ((Address) r.get(0)).getValue();
    return new BigInteger(a.substring(2), 16).signum() == 0 ? Optional.empty()
        : Optional.of(a);
  }

  /**
   * Makes sure a snapshot has a verifier in the ModelRegistry: when it has none, compiles
   * {@code verifierSolidity} (gnark's exported verifier plus the {@value #VERIFIER_CONTRACT}
   * adapter implementing IFeedVerifier), deploys the {@value #VERIFIER_CONTRACT} contract and
   * registers it with {@code metadataJson}. Idempotent: a registered snapshot is returned as is,
   * without compiling. Needs the registry operator's key.
   *
   * @return the verifier address
   */
  public synchronized String ensureRegistered(String snapshotId, String verifierSolidity,
      String metadataJson) {
    Bytes32 id = Hex.snapshotId(snapshotId);
    Optional<String> existing = verifierOf(snapshotId);
    if (existing.isPresent()) {
      return existing.get();
    }
    requireSigner("register a snapshot");
    ContractArtifact artifact = compiler.compile(verifierSolidity, VERIFIER_CONTRACT);
    ChainClient.Sent deployed = client.deploy(artifact.bytecode(), "deploy the verifier of "
        + "snapshot " + Hex.normalizeSnapshotId(snapshotId));
    String verifier = deployed.contractAddress();
    String data = FunctionEncoder.encode(new Function("register", List.of(id, new Address(verifier),
        new Utf8String(metadataJson == null ? "" : metadataJson)), List.of()));
    ChainClient.Sent registered = client.send(registry, data, BigInteger.ZERO,
        "register snapshot " + Hex.normalizeSnapshotId(snapshotId));
    LOG.info("Registered snapshot {} with verifier {} (deploy {} gas, register {} gas)",
        Hex.normalizeSnapshotId(snapshotId), verifier, deployed.gasUsed(), registered.gasUsed());
    return verifier;
  }

  /**
   * The transaction a wallet sends to record a verified feed:
   * {@code FeedLedger.record(snapshotId, proof, commitL, commitF, k)}.
   */
  public TxData recordTransaction(String snapshotId, byte[] proof, BigInteger commitL,
      BigInteger commitF, BigInteger k) {
    if (proof == null) {
      throw new IllegalArgumentException("proof is required");
    }
    if (k == null || k.signum() < 0 || k.bitLength() > 256) {
      throw new IllegalArgumentException("k must be an integer in [0, 2^256), got " + k);
    }
    String data = FunctionEncoder.encode(new Function("record", List.of(Hex.snapshotId(snapshotId),
        new DynamicBytes(proof), Hex.word("commitL", commitL), Hex.word("commitF", commitF),
        new Uint256(k)), List.of()));
    return new TxData(ledger, data);
  }

  /** Whether the ledger already holds (snapshotId, commitF). */
  public boolean isRecorded(String snapshotId, BigInteger commitF) {
    List<Type> r = client.call(ledger, new Function("isRecorded", List.of(
        Hex.snapshotId(snapshotId), Hex.word("commitF", commitF)),
        List.of(new TypeReference<Bool>() {})));
    return ((Bool) r.get(0)).getValue();
  }

  /**
   * Embedded dev chain only: sends {@link #FAUCET_AMOUNT} from the deployer to {@code address}
   * and returns the transaction hash.
   *
   * @throws UnsupportedOperationException in rpc mode: real chains have no faucet here
   */
  public String fund(String address) {
    if (devChain == null) {
      throw new UnsupportedOperationException("the faucet exists only on the embedded dev chain");
    }
    if (address == null || !address.matches("0x[0-9a-fA-F]{40}")) {
      throw new IllegalArgumentException("not an address: " + address);
    }
    return client.send(address, "0x", FAUCET_AMOUNT, "fund " + address).txHash();
  }

  /**
   * Where the follower reports proofs it stores first (for the DP statistics); only the
   * instance whose insert wins counts a record, so it is counted once.
   */
  public void recordActivityTo(ActivityRecorder recorder) {
    this.activity = recorder;
  }

  /** Ledger records stored by the follower, oldest first; all snapshots when null. */
  public List<LedgerRecord> records(String snapshotIdOrNull) {
    return repository.list(client.chainId(), ledger,
        snapshotIdOrNull == null ? null : Hex.normalizeSnapshotId(snapshotIdOrNull));
  }

  /** A transaction's receipt, or empty while it is pending or unknown. */
  public Optional<TxReceiptInfo> receipt(String txHash) {
    try {
      Optional<TransactionReceipt> r = ChainClient.check(client.web3j()
          .ethGetTransactionReceipt(txHash).send(), "eth_getTransactionReceipt")
          .getTransactionReceipt();
      return r.map(x -> new TxReceiptInfo(x.getTransactionHash(), x.isStatusOK(),
          x.getBlockNumber().longValueExact(), x.getGasUsed(), x.getFrom(), x.getTo()));
    } catch (IOException e) {
      throw ChainClient.unreachable(e);
    }
  }

  /** A client on this chain that signs with another key (tests, tools). */
  public ChainClient clientFor(Credentials signer) {
    return client.withSigner(signer);
  }

  /**
   * Reads new FeedVerified events up to the chain head into the database now (the follower does
   * this every {@value #POLL_MILLIS} ms); returns how many records were new.
   */
  public int syncLedger() {
    synchronized (pollLock) {
      int stored = 0;
      long head = client.blockNumber();
      while (nextBlock <= head) {
        long to = Math.min(head, nextBlock + LOG_CHUNK - 1);
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(
            nextBlock)), DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), ledger);
        filter.addSingleTopic(FEED_VERIFIED_TOPIC);
        EthLog logs;
        try {
          logs = ChainClient.check(client.web3j().ethGetLogs(filter).send(), "eth_getLogs");
        } catch (IOException e) {
          throw ChainClient.unreachable(e);
        }
        Map<BigInteger, Instant> blockTimes = new HashMap<>();
        for (EthLog.LogResult<?> result : logs.getLogs()) {
          Log log = (Log) result.get();
          if (log.isRemoved()) {
            continue;
          }
          LedgerRecord record = decode(log, blockTimes);
          if (repository.insert(client.chainId(), ledger, record)) {
            stored++;
            activity.proofPublished(record.submitter());
          }
        }
        nextBlock = to + 1;
      }
      return stored;
    }
  }

  private LedgerRecord decode(Log log, Map<BigInteger, Instant> blockTimes) {
    List<String> topics = log.getTopics();
    List<Type> data = FunctionReturnDecoder.decode(log.getData(),
        FEED_VERIFIED.getNonIndexedParameters());
    Bytes32 snapshot = (Bytes32) FunctionReturnDecoder.decodeIndexedValue(topics.get(1),
        new TypeReference<Bytes32>() {});
    Address submitter = (Address) FunctionReturnDecoder.decodeIndexedValue(topics.get(2),
        new TypeReference<Address>() {});
    Instant at = blockTimes.computeIfAbsent(log.getBlockNumber(), this::blockTime);
    return new LedgerRecord(Hex.snapshotIdText(snapshot.getValue()),
        new BigInteger(1, ((Bytes32) data.get(0)).getValue()),
        new BigInteger(1, ((Bytes32) data.get(1)).getValue()),
        ((Uint256) data.get(2)).getValue().longValueExact(),
        submitter.getValue().toLowerCase(Locale.ROOT),
        log.getTransactionHash().toLowerCase(Locale.ROOT),
        log.getBlockNumber().longValueExact(), log.getLogIndex().longValueExact(), at);
  }

  private Instant blockTime(BigInteger number) {
    try {
      return Instant.ofEpochSecond(ChainClient.check(client.web3j().ethGetBlockByNumber(
          DefaultBlockParameter.valueOf(number), false).send(), "eth_getBlockByNumber")
          .getBlock().getTimestamp().longValueExact());
    } catch (IOException e) {
      throw ChainClient.unreachable(e);
    }
  }

  private void pollQuietly() {
    try {
      syncLedger();
      if (lastPollError != null) {
        LOG.info("Ledger follower recovered");
        lastPollError = null;
      }
    } catch (RuntimeException e) {
      if (!String.valueOf(e.getMessage()).equals(lastPollError)) {
        LOG.warn("Ledger follower: {}", e.getMessage());
        lastPollError = String.valueOf(e.getMessage());
      }
    }
  }

  private void requireSigner(String what) {
    if (client.address() == null) {
      throw new ChainException("cannot " + what + ": no operator key (set "
          + "LOCKERISM_DEPLOYER_KEY or use a keystore)");
    }
  }

  @Override
  public void close() {
    follower.shutdownNow();
    try {
      follower.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
    if (devChain != null) {
      devChain.close();
    }
  }

  @Override
  public String toString() {
    return "chain service (" + info() + ")";
  }
}
