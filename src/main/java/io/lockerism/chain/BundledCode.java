package io.lockerism.chain;

import io.lockerism.evm.Address;
import io.lockerism.evm.Hex;
import java.util.Arrays;

/**
 * The audit's check of the app's own contracts: is the code deployed at the registry and ledger
 * addresses the runtime code of the ModelRegistry and FeedLedger bundled with this jar? Constructor
 * arguments (the registry's first operator, the ledger's registry) are not part of runtime code,
 * except where a contract keeps one as an {@code immutable}: solc leaves such a slot as 32 zero
 * bytes in the compiled runtime code and the constructor writes the value there. So the registry
 * must match byte for byte, and the ledger byte for byte once its zero slots that hold exactly the
 * audited registry's address are filled in. The operator, a storage value that can change, is not
 * code and is not checked.
 */
final class BundledCode {

  private BundledCode() {}

  static RegistrationAudit.Check registry(ChainClient client, String registry) {
    ContractArtifact bundled = ContractArtifact.bundled("ModelRegistry");
    byte[] deployed = Hex.parse(RegistrationAudit.code(client, registry), "deployed code");
    byte[] compiled = Hex.parse(bundled.deployedBytecode(), "bundled code");
    boolean ok = deployed.length > 0 && Arrays.equals(deployed, compiled);
    return new RegistrationAudit.Check(
        "registry code",
        ok,
        ok
            ? "the "
                + deployed.length
                + " bytes of code at "
                + registry
                + " are exactly the bundled ModelRegistry's runtime code ("
                + bundled.compiler()
                + "; its operator is storage, not code)"
            : "the code at "
                + registry
                + " ("
                + deployed.length
                + " bytes) is not the bundled ModelRegistry's runtime code ("
                + compiled.length
                + " bytes, "
                + bundled.compiler()
                + ")");
  }

  static RegistrationAudit.Check ledger(ChainClient client, String ledger, String registry) {
    ContractArtifact bundled = ContractArtifact.bundled("FeedLedger");
    byte[] deployed = Hex.parse(RegistrationAudit.code(client, ledger), "deployed code");
    byte[] expected = Hex.parse(bundled.deployedBytecode(), "bundled code");
    int slots =
        deployed.length == expected.length ? fillSlots(expected, deployed, word(registry)) : 0;
    boolean ok = deployed.length > 0 && slots > 0 && Arrays.equals(deployed, expected);
    return new RegistrationAudit.Check(
        "ledger code",
        ok,
        ok
            ? "the "
                + deployed.length
                + " bytes of code at "
                + ledger
                + " are exactly the bundled FeedLedger's runtime code ("
                + bundled.compiler()
                + ") with registry "
                + registry
                + " in its "
                + slots
                + " immutable slot(s), the only bytes a constructor argument can change"
            : "the code at "
                + ledger
                + " ("
                + deployed.length
                + " bytes) is not the bundled FeedLedger's runtime code ("
                + expected.length
                + " bytes, "
                + bundled.compiler()
                + ") bound to registry "
                + registry);
  }

  /**
   * Copies {@code value} into every 32-byte zero run of {@code compiled} where {@code deployed}
   * holds exactly {@code value}; returns how many slots were filled.
   */
  private static int fillSlots(byte[] compiled, byte[] deployed, byte[] value) {
    int filled = 0;
    for (int i = 0; i + 32 <= compiled.length; i++) {
      if (Arrays.equals(deployed, i, i + 32, value, 0, 32) && zero(compiled, i)) {
        System.arraycopy(value, 0, compiled, i, 32);
        filled++;
        i += 31;
      }
    }
    return filled;
  }

  private static boolean zero(byte[] b, int from) {
    for (int i = from; i < from + 32; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** An address as the 32-byte word an immutable holds (left-padded with zeros). */
  private static byte[] word(String address) {
    byte[] a = Hex.parse(Address.parse(address).toString(), Address.BYTES, "an address");
    byte[] w = new byte[32];
    System.arraycopy(a, 0, w, 32 - a.length, a.length);
    return w;
  }
}
