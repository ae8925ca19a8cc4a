package io.lockerism.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The one JSON mapper of the engine wrappers: results the engine returns as JSON, and the JSON
 * requests of the ceremony and the audit. Unknown fields in results are ignored, so the engine may
 * add some without breaking an older wrapper.
 */
final class EngineJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private EngineJson() {}

  static <T> T read(byte[] json, Class<T> type, String what) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new NativeEngineException("engine returned unreadable " + what, e);
    }
  }

  static byte[] write(Object request) {
    try {
      return MAPPER.writeValueAsBytes(request);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode an engine request", e);
    }
  }
}
