package io.lockerism.chain;

import java.util.List;

/**
 * A contract call or transaction reverted. When the revert data matches a custom error of the
 * Lockerism contracts (e.g. {@code UnknownSnapshot}, {@code InvalidProof}, {@code AlreadyRecorded},
 * {@code NotOperator}), {@link #errorName()} names it and {@link #arguments()} holds its decoded
 * arguments (bytes32 as 0x-hex strings, addresses as 0x-hex, integers as BigInteger); a plain
 * {@code require} message is reported as {@code Error} with the message as its argument.
 */
public final class ContractRevertException extends ChainException {

  private final String errorName;
  private final String revertData;
  private final List<Object> arguments;

  public ContractRevertException(
      String errorName, List<Object> arguments, String revertData, String context) {
    super(context + " reverted: " + describe(errorName, arguments, revertData));
    this.errorName = errorName;
    this.arguments = List.copyOf(arguments);
    this.revertData = revertData;
  }

  private static String describe(String name, List<Object> args, String data) {
    if (name == null) {
      return data == null || data.equals("0x") ? "without reason" : "unknown error data " + data;
    }
    StringBuilder b = new StringBuilder(name).append('(');
    for (int i = 0; i < args.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(args.get(i));
    }
    return b.append(')').toString();
  }

  /** The custom error's name, or null when the revert data is empty or unknown. */
  public String errorName() {
    return errorName;
  }

  public List<Object> arguments() {
    return arguments;
  }

  /** The raw revert data (0x-hex), or null when the node did not return any. */
  public String revertData() {
    return revertData;
  }
}
