package io.lockerism.chain;

import io.lockerism.evm.Address;
import io.lockerism.evm.Word;
import java.time.Instant;

/**
 * One {@code FeedVerified} event of the FeedLedger, as stored by the follower. {@code snapshotId}
 * is 64 lowercase hex digits (no 0x), like the app's snapshot ids; {@code recordedAt} is the
 * block's timestamp.
 */
public record LedgerRecord(
    String snapshotId,
    Word commitL,
    Word commitF,
    long k,
    Address submitter,
    Word txHash,
    long blockNumber,
    long logIndex,
    Instant recordedAt) {}
