package io.lockerism.web;

/**
 * What the publish script needs to reach the configured chain from the viewer's wallet; null fields
 * are absent (no chain configured means no publishing).
 */
public record PublishSettings(
    boolean enabled,
    long chainId,
    String chainName,
    String rpcUrl,
    String explorerUrl,
    boolean devFaucet) {

  public static final PublishSettings DISABLED =
      new PublishSettings(false, 0, null, null, null, false);

  public String chainIdHex() {
    return "0x" + Long.toHexString(chainId);
  }
}
