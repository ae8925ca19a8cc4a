package io.lockerism.chain;

import io.lockerism.config.ChainConfig;
import io.lockerism.engine.DevChain;
import io.lockerism.engine.NativeEngine;
import io.lockerism.evm.Address;
import io.lockerism.store.Database;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Credentials;

/**
 * The app's chain, started: a connection to it and one object per job — the {@link
 * ModelRegistryClient registry} (which verifier each snapshot has), the {@link FeedLedgerClient
 * ledger} (the transaction that records a feed proof), the {@link LedgerFollower follower}
 * (FeedVerified events into the database) and, on the embedded dev chain only, a {@link DevFaucet
 * faucet}.
 *
 * <p>In {@link ChainConfig.Mode#EMBEDDED embedded} mode it starts the in-process dev chain and
 * deploys both contracts from the bundled artifacts, signing with the chain's dev deployer key; in
 * {@link ChainConfig.Mode#RPC rpc} mode it connects to an endpoint where the contracts already are,
 * signing (for verifier registration) with an operator key supplied by the caller.
 */
public final class ChainService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChainService.class);

  private final ChainInfo info;
  private final DevChain devChain;
  private final ChainClient client;
  private final ModelRegistryClient registry;
  private final FeedLedgerClient ledger;
  private final LedgerFollower follower;

  private ChainService(
      ChainInfo info,
      DevChain devChain,
      ChainClient client,
      ModelRegistryClient registry,
      FeedLedgerClient ledger,
      LedgerFollower follower) {
    this.info = info;
    this.devChain = devChain;
    this.client = client;
    this.registry = registry;
    this.ledger = ledger;
    this.follower = follower;
  }

  /**
   * Starts the chain side and its ledger follower.
   *
   * @param operator rpc mode only: the key that may register snapshots (ModelRegistry's operator);
   *     null for a service that only records and follows. Ignored in embedded mode, where the dev
   *     chain's deployer is the operator.
   * @param engine embedded mode only (may be null in rpc mode)
   */
  public static ChainService start(
      ChainConfig config,
      Path dataDir,
      Database database,
      NativeEngine engine,
      Credentials operator) {
    config.validated();
    VerifierCompiler compiler = new VerifierCompiler(dataDir, config.nodeExecutable());
    LedgerRepository repository = new LedgerRepository(database);
    ChainService service =
        config.mode() == ChainConfig.Mode.EMBEDDED
            ? embedded(config, dataDir, engine, compiler, repository)
            : rpc(config, operator, compiler, repository);
    service.follower.start();
    return service;
  }

  private static ChainService embedded(
      ChainConfig config,
      Path dataDir,
      NativeEngine engine,
      VerifierCompiler compiler,
      LedgerRepository repository) {
    Path chainDir = dataDir.resolve("chain");
    DevChain chain = DevChain.start(engine, config.port(), chainDir);
    ChainClient client = null;
    try {
      DevChain.Info dev = chain.info();
      client =
          ChainClient.connect(
              dev.rpcUrl(), dev.chainId(), Credentials.create(dev.deployerPrivateKey()));
      Deployment d = Deployment.reuseOrDeploy(client, chainDir.resolve("contracts.properties"));
      long from =
          repository.lastBlock(dev.chainId(), d.ledger()).stream()
              .map(b -> b + 1)
              .findFirst()
              .orElse(d.ledgerBlock());
      LOG.info(
          "Embedded chain {} at {} (state in {}): ModelRegistry {}, FeedLedger {}, "
              + "following from block {}",
          dev.chainId(),
          dev.rpcUrl(),
          chainDir,
          d.registry(),
          d.ledger(),
          from);
      ChainInfo info =
          new ChainInfo("embedded", dev.chainId(), dev.rpcUrl(), d.registry(), d.ledger(), null);
      return new ChainService(
          info,
          chain,
          client,
          new ModelRegistryClient(client, d.registry(), compiler),
          new FeedLedgerClient(client, d.ledger()),
          new LedgerFollower(client, d.ledger(), repository, from));
    } catch (RuntimeException e) {
      if (client != null) {
        client.close();
      }
      chain.close();
      throw e;
    }
  }

  private static ChainService rpc(
      ChainConfig config,
      Credentials operator,
      VerifierCompiler compiler,
      LedgerRepository repository) {
    ChainClient client = ChainClient.connect(config.rpcUrl(), config.chainId(), operator);
    try {
      Address registry = Address.parse(config.registry());
      Address ledger = Address.parse(config.ledger());
      checkContracts(client, registry, ledger);
      long from =
          repository.lastBlock(config.chainId(), ledger).stream()
              .map(b -> b + 1)
              .findFirst()
              .orElse(
                  config.ledgerFromBlock() != null
                      ? config.ledgerFromBlock()
                      : client.blockNumber());
      LOG.info(
          "Chain {} at {}: ModelRegistry {}, FeedLedger {}, following from block {}",
          config.chainId(),
          config.rpcUrl(),
          registry,
          ledger,
          from);
      ChainInfo info =
          new ChainInfo(
              "rpc",
              config.chainId(),
              config.rpcUrl(),
              registry,
              ledger,
              ChainInfo.explorerFor(config.chainId()));
      return new ChainService(
          info,
          null,
          client,
          new ModelRegistryClient(client, registry, compiler),
          new FeedLedgerClient(client, ledger),
          new LedgerFollower(client, ledger, repository, from));
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private static void checkContracts(ChainClient client, Address registry, Address ledger) {
    if (!client.hasCode(registry.toString())) {
      throw new ChainException("no contract at the registry address " + registry);
    }
    if (!client.hasCode(ledger.toString())) {
      throw new ChainException("no contract at the ledger address " + ledger);
    }
    List<Type> r =
        client.call(
            ledger.toString(),
            new Function(
                "registry",
                List.of(),
                List.of(new TypeReference<org.web3j.abi.datatypes.Address>() {})));
    Address actual = Abi.address((org.web3j.abi.datatypes.Address) r.get(0));
    if (!actual.equals(registry)) {
      throw new ChainException(
          "the ledger " + ledger + " uses registry " + actual + ", not " + registry);
    }
  }

  public ChainInfo info() {
    return info;
  }

  /** ModelRegistry: snapshot verifiers. */
  public ModelRegistryClient registry() {
    return registry;
  }

  /** FeedLedger: the record transaction. */
  public FeedLedgerClient ledger() {
    return ledger;
  }

  /** The FeedVerified events stored so far. */
  public LedgerFollower follower() {
    return follower;
  }

  /** The dev faucet: only on the embedded chain. */
  public Optional<DevFaucet> faucet() {
    return devChain == null ? Optional.empty() : Optional.of(new DevFaucet(client));
  }

  /** A client on this chain that signs with another key (tests, tools). */
  public ChainClient clientFor(Credentials signer) {
    return client.withSigner(signer);
  }

  @Override
  public void close() {
    follower.close();
    client.close();
    if (devChain != null) {
      devChain.close();
    }
  }

  @Override
  public String toString() {
    return "chain service (" + info + ")";
  }
}
