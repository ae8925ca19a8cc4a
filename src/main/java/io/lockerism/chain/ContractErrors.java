package io.lockerism.chain;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockerism.evm.Word;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.crypto.Hash;

/** Decodes revert data into the custom errors declared in contract ABIs. */
final class ContractErrors {

  private record ErrorType(String name, List<TypeReference<Type>> inputs) {}

  private final Map<String, ErrorType> bySelector = new HashMap<>();

  ContractErrors(ContractArtifact... artifacts) {
    add("Error", List.of("string"));
    add("Panic", List.of("uint256"));
    for (ContractArtifact a : artifacts) {
      for (JsonNode entry : a.abi()) {
        if ("error".equals(entry.path("type").asText())) {
          List<String> types = new ArrayList<>();
          for (JsonNode in : entry.path("inputs")) {
            types.add(in.path("type").asText());
          }
          add(entry.path("name").asText(), types);
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void add(String name, List<String> types) {
    List<TypeReference<Type>> refs = new ArrayList<>();
    for (String t : types) {
      try {
        refs.add((TypeReference<Type>) (TypeReference<?>) TypeReference.makeTypeReference(t));
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("unsupported ABI type " + t + " in error " + name, e);
      }
    }
    bySelector.put(selector(name + "(" + String.join(",", types) + ")"), new ErrorType(name, refs));
  }

  static String selector(String signature) {
    return Hash.sha3String(signature).substring(0, 10);
  }

  /** Builds the exception for revert data (null or "0x" when the node gave none). */
  ContractRevertException toException(String revertData, String context) {
    String data = revertData == null ? null : revertData.toLowerCase();
    if (data != null && data.length() >= 10) {
      ErrorType type = bySelector.get(data.substring(0, 10));
      if (type != null) {
        try {
          List<Type> values =
              FunctionReturnDecoder.decode("0x" + data.substring(10), type.inputs());
          List<Object> args = new ArrayList<>();
          for (Type v : values) {
            args.add(plain(v));
          }
          return new ContractRevertException(type.name(), args, data, context);
        } catch (RuntimeException e) {
          // Malformed arguments: report the name without them.
          return new ContractRevertException(type.name(), List.of(), data, context);
        }
      }
    }
    return new ContractRevertException(null, List.of(), data, context);
  }

  private static Object plain(Type v) {
    if (v instanceof Bytes32 b) {
      return Word.of(b.getValue()).toString();
    }
    if (v instanceof Address a) {
      return a.getValue();
    }
    if (v instanceof Utf8String s) {
      return s.getValue();
    }
    Object value = v.getValue();
    return value instanceof BigInteger ? value : String.valueOf(value);
  }
}
