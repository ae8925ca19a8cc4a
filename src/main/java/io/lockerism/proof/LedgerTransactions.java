package io.lockerism.proof;

import io.lockerism.evm.TxData;
import java.util.Optional;

/** Builds the FeedLedger.record transaction for a proof, when a chain is configured. */
@FunctionalInterface
public interface LedgerTransactions {

  LedgerTransactions NONE = (snapshotId, proof) -> Optional.empty();

  Optional<TxData> recordTransaction(String snapshotId, ProofResult proof);
}
