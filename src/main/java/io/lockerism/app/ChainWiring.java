package io.lockerism.app;

import io.lockerism.chain.ChainInfo;
import io.lockerism.chain.ChainService;
import io.lockerism.chain.TxData;
import io.lockerism.proof.LedgerTransactions;
import io.lockerism.proof.ProofJob;
import io.lockerism.web.PublishSettings;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Optional;

/** Connects proofs and pages to the chain without either depending on the other. */
final class ChainWiring {

  private ChainWiring() {}

  static LedgerTransactions ledgerTransactions(ChainService chain) {
    return (snapshotId, proof) -> {
      TxData tx = chain.recordTransaction(snapshotId, bytes(proof.proof()),
          new BigInteger(strip(proof.commitL()), 16), new BigInteger(strip(proof.commitF()), 16),
          BigInteger.valueOf(proof.k()));
      return Optional.of(new ProofJob.Transaction(tx.to(), tx.data()));
    };
  }

  static PublishSettings publishSettings(ChainService chain) {
    if (chain == null) {
      return PublishSettings.DISABLED;
    }
    ChainInfo info = chain.info();
    boolean embedded = info.mode().equalsIgnoreCase("embedded");
    return new PublishSettings(true, info.chainId(), chainName(info.chainId(), embedded),
        info.rpcUrl(), info.explorerUrl(), embedded);
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

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(strip(hex));
  }

  private static String strip(String hex) {
    return hex.startsWith("0x") ? hex.substring(2) : hex;
  }
}
