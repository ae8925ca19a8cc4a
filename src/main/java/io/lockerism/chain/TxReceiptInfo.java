package io.lockerism.chain;

import java.math.BigInteger;

/** The parts of a transaction receipt the app shows. */
public record TxReceiptInfo(
    String txHash, boolean success, long blockNumber, BigInteger gasUsed, String from, String to) {}
