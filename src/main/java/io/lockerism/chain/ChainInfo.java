package io.lockerism.chain;

import io.lockerism.evm.Address;

/**
 * What the app is connected to. {@code explorerUrl} is the block explorer for known public chains
 * (ZKsync Era Sepolia and mainnet) and null for the embedded dev chain or unknown chains.
 */
public record ChainInfo(
    String mode,
    long chainId,
    String rpcUrl,
    Address registry,
    Address ledger,
    String explorerUrl) {

  public static final long ZKSYNC_ERA_SEPOLIA = 300;
  public static final long ZKSYNC_ERA_MAINNET = 324;

  /** The block explorer of a chain id, or null when none is known. */
  public static String explorerFor(long chainId) {
    if (chainId == ZKSYNC_ERA_SEPOLIA) {
      return "https://sepolia.explorer.zksync.io";
    }
    if (chainId == ZKSYNC_ERA_MAINNET) {
      return "https://explorer.zksync.io";
    }
    return null;
  }

  /** Whether this is the embedded development chain (which has a faucet). */
  public boolean embedded() {
    return mode.equals("embedded");
  }

  /** The explorer page of a transaction, or null without an explorer. */
  public String txUrl(Object txHash) {
    return explorerUrl == null ? null : explorerUrl + "/tx/" + txHash;
  }

  /** The explorer page of an address, or null without an explorer. */
  public String addressUrl(Object address) {
    return explorerUrl == null ? null : explorerUrl + "/address/" + address;
  }
}
