package io.lockerism.app;

import io.lockerism.chain.ChainInfo;
import io.lockerism.chain.ChainService;
import io.lockerism.proof.LedgerTransactions;
import io.lockerism.web.PublishSettings;
import java.util.Optional;

/** Connects proofs and pages to the chain without either depending on the other. */
final class ChainWiring {

  private ChainWiring() {}

  static LedgerTransactions ledgerTransactions(ChainService chain) {
    return (snapshotId, proof) ->
        Optional.of(
            chain
                .ledger()
                .recordTransaction(
                    snapshotId, proof.proof(), proof.commitL(), proof.commitF(), proof.k()));
  }

  static PublishSettings publishSettings(ChainService chain) {
    if (chain == null) {
      return PublishSettings.DISABLED;
    }
    ChainInfo info = chain.info();
    boolean embedded = info.embedded();
    return new PublishSettings(
        true,
        info.chainId(),
        chainName(info.chainId(), embedded),
        info.rpcUrl(),
        info.explorerUrl(),
        embedded);
  }

  private static String chainName(long chainId, boolean embedded) {
    if (embedded) {
      return "Lockerism dev chain";
    }
    if (chainId == ChainInfo.ZKSYNC_ERA_SEPOLIA) {
      return "ZKsync Era Sepolia";
    }
    if (chainId == ChainInfo.ZKSYNC_ERA_MAINNET) {
      return "ZKsync Era";
    }
    return "Chain " + chainId;
  }
}
