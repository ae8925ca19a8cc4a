package io.lockerism.chain;

import io.lockerism.evm.Address;
import io.lockerism.evm.Word;
import org.web3j.abi.datatypes.generated.Bytes32;

/** Between the app's typed values and web3j's ABI types. */
final class Abi {

  private Abi() {}

  /** A snapshot id (64 hex digits, with or without 0x) as the bytes32 the contracts key on. */
  static Bytes32 snapshotId(String id) {
    return word(Word.parse(id, "snapshot id"));
  }

  /** The app's form of a snapshot id: 64 lowercase hex digits, no 0x. */
  static String snapshotIdText(String id) {
    return Word.parse(id, "snapshot id").toPlainHex();
  }

  static Bytes32 word(Word w) {
    return new Bytes32(w.bytes());
  }

  static org.web3j.abi.datatypes.Address address(Address a) {
    return new org.web3j.abi.datatypes.Address(a.toString());
  }

  static Address address(org.web3j.abi.datatypes.Address a) {
    return Address.parse(a.getValue());
  }
}
