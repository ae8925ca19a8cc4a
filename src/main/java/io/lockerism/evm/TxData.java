package io.lockerism.evm;

/**
 * An unsigned transaction any wallet can send: the contract to call and the ABI-encoded calldata
 * ({@code 0x}-hex). The app offers {@code FeedLedger.record} this way; the viewer's wallet signs
 * and sends it.
 */
public record TxData(Address to, String data) {

  public TxData {
    if (to == null) {
      throw new IllegalArgumentException("a transaction needs a recipient");
    }
    data = Hex.prefixed(Hex.parse(data, "calldata"));
  }
}
