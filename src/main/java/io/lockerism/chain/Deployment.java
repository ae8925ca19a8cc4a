package io.lockerism.chain;

import io.lockerism.evm.Address;
import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionEncoder;

/** Addresses of a deployed ModelRegistry and FeedLedger, and the block the ledger was created in. */
public record Deployment(Address registry, Address ledger, long ledgerBlock, BigInteger gasUsed) {

  /**
   * Deploys ModelRegistry (operator = the client's signer) and FeedLedger(registry) from the
   * bundled artifacts.
   */
  public static Deployment deploy(ChainClient client) {
    ContractArtifact registryArt = ContractArtifact.bundled("ModelRegistry");
    ContractArtifact ledgerArt = ContractArtifact.bundled("FeedLedger");
    ChainClient.Sent registry = client.deploy(registryArt.bytecode()
        + FunctionEncoder.encodeConstructor(List.of(
            new org.web3j.abi.datatypes.Address(client.address()))), "deploy ModelRegistry");
    ChainClient.Sent ledger = client.deploy(ledgerArt.bytecode()
        + FunctionEncoder.encodeConstructor(List.of(
            new org.web3j.abi.datatypes.Address(registry.contractAddress()))), "deploy FeedLedger");
    return new Deployment(Address.parse(registry.contractAddress()),
        Address.parse(ledger.contractAddress()), ledger.blockNumber(),
        registry.gasUsed().add(ledger.gasUsed()));
  }
}
