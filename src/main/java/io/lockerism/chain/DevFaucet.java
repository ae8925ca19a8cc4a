package io.lockerism.chain;

import io.lockerism.evm.Address;
import java.math.BigInteger;
import org.web3j.utils.Convert;

/**
 * The embedded dev chain's faucet: funds a wallet from the deployer, so a viewer can publish from a
 * fresh development wallet. Real chains have none.
 */
public final class DevFaucet {

  /** What {@link #fund} sends. */
  public static final BigInteger AMOUNT =
      Convert.toWei("10", Convert.Unit.ETHER).toBigIntegerExact();

  private final ChainClient deployer;

  DevFaucet(ChainClient deployer) {
    this.deployer = deployer;
  }

  /** Sends {@link #AMOUNT} to {@code address}; returns the transaction hash. */
  public String fund(Address address) {
    return deployer.send(address.toString(), "0x", AMOUNT, "fund " + address).txHash();
  }
}
