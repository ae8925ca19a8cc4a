package io.lockerism.config;

import java.util.Locale;
import java.util.Objects;

/**
 * Which chain feed proofs are recorded on. {@link Mode#EMBEDDED} (the default) starts the
 * in-process dev chain and deploys the contracts on it; {@link Mode#RPC} talks to any EVM JSON-RPC
 * endpoint (ZKsync Era Sepolia 300, Era mainnet 324) where the contracts were deployed by {@code
 * lockerism chain deploy}. Holds no secret: the operator key is read from the environment or a
 * keystore by whoever starts the chain service.
 *
 * @param port embedded only: JSON-RPC port on 127.0.0.1 (0 picks a free one)
 * @param rpcUrl rpc only: the endpoint
 * @param chainId rpc only: the chain id transactions are signed for
 * @param registry rpc only: ModelRegistry address
 * @param ledger rpc only: FeedLedger address
 * @param ledgerFromBlock rpc only: first block the ledger follower reads when the database has no
 *     record of this ledger yet (null: the chain head at start)
 * @param nodeExecutable Node.js, which compiles per-snapshot verifier contracts
 * @param allowDevSetup rpc only: register snapshots whose keys come from a development setup
 *     (whoever ran it could forge proofs) — for test chains; without it such snapshots are not
 *     registered and their proofs stay local
 */
public record ChainConfig(
    Mode mode,
    int port,
    String rpcUrl,
    long chainId,
    String registry,
    String ledger,
    Long ledgerFromBlock,
    String nodeExecutable,
    boolean allowDevSetup) {

  public static final int DEFAULT_PORT = 8545;

  public enum Mode {
    /** No chain: proofs are made and verified locally, and not published. */
    NONE,
    EMBEDDED,
    RPC;

    public static Mode parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("chain mode must be embedded, rpc or none, got " + s);
      }
    }
  }

  public ChainConfig {
    Objects.requireNonNull(mode, "mode");
    nodeExecutable = nodeExecutable == null || nodeExecutable.isBlank() ? "node" : nodeExecutable;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("chain port must be between 0 and 65535, got " + port);
    }
  }

  /** No chain at all. */
  public static ChainConfig none() {
    return new ChainConfig(Mode.NONE, DEFAULT_PORT, null, 0, null, null, null, null, false);
  }

  /** The default: an embedded dev chain on 127.0.0.1:8545. */
  public static ChainConfig embedded() {
    return new ChainConfig(Mode.EMBEDDED, DEFAULT_PORT, null, 0, null, null, null, null, false);
  }

  /** An external chain with contracts already deployed at the given addresses. */
  public static ChainConfig rpc(String rpcUrl, long chainId, String registry, String ledger) {
    return new ChainConfig(
        Mode.RPC, DEFAULT_PORT, rpcUrl, chainId, registry, ledger, null, null, false);
  }

  public ChainConfig withPort(int newPort) {
    return new ChainConfig(
        mode,
        newPort,
        rpcUrl,
        chainId,
        registry,
        ledger,
        ledgerFromBlock,
        nodeExecutable,
        allowDevSetup);
  }

  public ChainConfig withLedgerFromBlock(Long block) {
    return new ChainConfig(
        mode, port, rpcUrl, chainId, registry, ledger, block, nodeExecutable, allowDevSetup);
  }

  public ChainConfig withNodeExecutable(String node) {
    return new ChainConfig(
        mode, port, rpcUrl, chainId, registry, ledger, ledgerFromBlock, node, allowDevSetup);
  }

  public ChainConfig withAllowDevSetup(boolean allow) {
    return new ChainConfig(
        mode, port, rpcUrl, chainId, registry, ledger, ledgerFromBlock, nodeExecutable, allow);
  }

  /**
   * Whether a snapshot whose keys come from a development setup may be registered: always on the
   * embedded development chain, elsewhere only with --allow-dev-setup.
   */
  public boolean registersDevelopmentKeys() {
    return mode == Mode.EMBEDDED || allowDevSetup;
  }

  /** Checks that rpc mode names its endpoint, chain id and both contract addresses. */
  public ChainConfig validated() {
    if (mode == Mode.RPC) {
      if (rpcUrl == null || rpcUrl.isBlank()) {
        throw new IllegalArgumentException("--chain rpc needs --rpc-url");
      }
      if (chainId <= 0) {
        throw new IllegalArgumentException(
            "--chain rpc needs --chain-id (e.g. 300 for ZKsync "
                + "Era Sepolia, 324 for Era mainnet)");
      }
      if (registry == null || registry.isBlank() || ledger == null || ledger.isBlank()) {
        throw new IllegalArgumentException(
            "--chain rpc needs --registry and --ledger (see " + "`lockerism chain deploy`)");
      }
    }
    return this;
  }
}
