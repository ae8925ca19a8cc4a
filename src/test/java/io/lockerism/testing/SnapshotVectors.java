package io.lockerism.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The canonical snapshot test vectors shared with the Go engine ({@code
 * circuits/model/testdata/snapshot-vectors.json}, generated and tested by circuits/model): the Java
 * encoder, the Java decoder and the engine must all agree with them.
 */
public final class SnapshotVectors {

  /** Relative to the project directory, where Maven runs the tests. */
  public static final Path FILE = Path.of("circuits/model/testdata/snapshot-vectors.json");

  private SnapshotVectors() {}

  /** A snapshot every implementation must accept, with its parts and id. */
  public record Valid(
      String name,
      byte[] bytes,
      String id,
      int d,
      int termColumns,
      int nicheColumns,
      String hashName,
      int extractorVersion,
      int weight,
      List<String> accountIds,
      List<String> labels,
      byte[] matrix,
      byte[] prior) {}

  /** Bytes every implementation must refuse. */
  public record Invalid(String name, byte[] bytes, String reason) {}

  public static List<Valid> valid() {
    List<Valid> out = new ArrayList<>();
    for (JsonNode v : read().path("valid")) {
      out.add(
          new Valid(
              v.path("name").asText(),
              hex(v, "hex"),
              v.path("id").asText(),
              v.path("d").asInt(),
              v.path("termColumns").asInt(),
              v.path("nicheColumns").asInt(),
              v.path("hashName").asText(),
              v.path("extractorVersion").asInt(),
              v.path("weight").asInt(),
              strings(v.path("accountIds")),
              strings(v.path("labels")),
              hex(v, "matrixHex"),
              hex(v, "priorHex")));
    }
    return out;
  }

  public static List<Invalid> invalid() {
    List<Invalid> out = new ArrayList<>();
    for (JsonNode v : read().path("invalid")) {
      out.add(new Invalid(v.path("name").asText(), hex(v, "hex"), v.path("reason").asText()));
    }
    return out;
  }

  private static JsonNode read() {
    try {
      return new ObjectMapper().readTree(FILE.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the shared snapshot vectors " + FILE, e);
    }
  }

  private static byte[] hex(JsonNode v, String field) {
    return HexFormat.of().parseHex(v.path(field).asText());
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
