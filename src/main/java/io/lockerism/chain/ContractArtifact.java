package io.lockerism.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One compiled contract as written by {@code contracts/compile.mjs}: its ABI, creation bytecode and
 * deployed (runtime) bytecode. The app's own contracts are bundled in the jar under {@code
 * /contracts/}.
 */
public record ContractArtifact(
    String contractName, String compiler, JsonNode abi, String bytecode, String deployedBytecode) {

  static final ObjectMapper JSON = new ObjectMapper();

  /** Loads {@code /contracts/<name>.json} from the classpath. */
  public static ContractArtifact bundled(String name) {
    String resource = "/contracts/" + name + ".json";
    try (InputStream in = ContractArtifact.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new ChainException(
            "contract artifact "
                + resource
                + " is not on the classpath "
                + "(the build compiles it with contracts/compile.mjs)");
      }
      return parse(JSON.readTree(in), resource);
    } catch (IOException e) {
      throw new ChainException("cannot read " + resource + ": " + e.getMessage(), e);
    }
  }

  public static ContractArtifact read(Path file) {
    try {
      return parse(JSON.readTree(Files.readAllBytes(file)), file.toString());
    } catch (IOException e) {
      throw new ChainException("cannot read contract artifact " + file + ": " + e.getMessage(), e);
    }
  }

  private static ContractArtifact parse(JsonNode n, String where) {
    String bytecode = n.path("bytecode").asText("");
    if (!n.path("abi").isArray() || !bytecode.startsWith("0x")) {
      throw new ChainException(where + " is not a compile.mjs artifact");
    }
    return new ContractArtifact(
        n.path("contractName").asText(),
        n.path("compiler").asText(),
        n.path("abi"),
        bytecode,
        n.path("deployedBytecode").asText(""));
  }

  /** True when the artifact has creation code (interfaces and abstract contracts do not). */
  public boolean deployable() {
    return bytecode.length() > 2;
  }
}
