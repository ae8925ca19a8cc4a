package io.lockerism.chain;

import java.math.BigInteger;
import java.time.Instant;

/**
 * One {@code FeedVerified} event of the FeedLedger, as stored by the follower. {@code snapshotId}
 * is 64 lowercase hex digits (no 0x), like the app's snapshot ids; {@code recordedAt} is the
 * block's timestamp.
 */
public record LedgerRecord(String snapshotId, BigInteger commitL, BigInteger commitF, long k,
    String submitter, String txHash, long blockNumber, long logIndex, Instant recordedAt) {}
