package io.lockerism.chain;

import io.lockerism.evm.Address;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.web3j.abi.FunctionEncoder;

/**
 * Addresses of a deployed ModelRegistry and FeedLedger, and the block the ledger was created in.
 */
public record Deployment(Address registry, Address ledger, long ledgerBlock, BigInteger gasUsed) {

  /**
   * Deploys ModelRegistry (operator = the client's signer) and FeedLedger(registry) from the
   * bundled artifacts.
   */
  public static Deployment deploy(ChainClient client) {
    ContractArtifact registryArt = ContractArtifact.bundled("ModelRegistry");
    ContractArtifact ledgerArt = ContractArtifact.bundled("FeedLedger");
    ChainClient.Sent registry =
        client.deploy(
            registryArt.bytecode()
                + FunctionEncoder.encodeConstructor(
                    List.of(new org.web3j.abi.datatypes.Address(client.address()))),
            "deploy ModelRegistry");
    ChainClient.Sent ledger =
        client.deploy(
            ledgerArt.bytecode()
                + FunctionEncoder.encodeConstructor(
                    List.of(new org.web3j.abi.datatypes.Address(registry.contractAddress()))),
            "deploy FeedLedger");
    return new Deployment(
        Address.parse(registry.contractAddress()),
        Address.parse(ledger.contractAddress()),
        ledger.blockNumber(),
        registry.gasUsed().add(ledger.gasUsed()));
  }

  /**
   * The deployment recorded in {@code file} when it runs the bundled contracts and both still have
   * code on the chain (a persistent dev chain after a restart); otherwise deploys afresh and
   * records it there, so what viewers published stays at the same addresses across restarts. A
   * deployment of other contract code (an older build's, e.g. a FeedLedger from before proofs were
   * bound to their publisher) is replaced: the registry is append-only, so its snapshots could
   * never get verifiers the bundled ledger can call.
   */
  public static Deployment reuseOrDeploy(ChainClient client, Path file) {
    Optional<Deployment> recorded =
        read(file, bundledCode())
            .filter(
                d ->
                    client.hasCode(d.registry().toString())
                        && client.hasCode(d.ledger().toString()));
    if (recorded.isPresent()) {
      return recorded.get();
    }
    Deployment d = deploy(client);
    d.write(file);
    return d;
  }

  /** SHA-256 (hex) of the bundled ModelRegistry and FeedLedger creation code. */
  static String bundledCode() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String name : List.of("ModelRegistry", "FeedLedger")) {
        sha.update(ContractArtifact.bundled(name).bytecode().getBytes(StandardCharsets.US_ASCII));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<Deployment> read(Path file, String code) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
      if (!code.equals(p.getProperty("code"))) {
        return Optional.empty(); // another build's contracts, or recorded before this check
      }
      return Optional.of(
          new Deployment(
              Address.parse(p.getProperty("registry")),
              Address.parse(p.getProperty("ledger")),
              Long.parseLong(p.getProperty("ledgerBlock")),
              BigInteger.ZERO));
    } catch (IOException | RuntimeException e) {
      // A damaged record is replaced by a fresh deployment rather than stopping the app.
      return Optional.empty();
    }
  }

  private void write(Path file) {
    Properties p = new Properties();
    p.setProperty("registry", registry.toString());
    p.setProperty("ledger", ledger.toString());
    p.setProperty("ledgerBlock", Long.toString(ledgerBlock));
    p.setProperty("code", bundledCode());
    try {
      Path tmp =
          Files.createTempFile(
              file.getParent(),
              ".contracts-",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (Writer w = Files.newBufferedWriter(tmp)) {
        p.store(w, "ModelRegistry and FeedLedger on the embedded dev chain");
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the contract addresses in " + file, e);
    }
  }
}
