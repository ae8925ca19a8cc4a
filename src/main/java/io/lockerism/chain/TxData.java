package io.lockerism.chain;

/** An unsigned transaction any wallet can send: the contract address and the calldata (0x-hex). */
public record TxData(String to, String data) {}
