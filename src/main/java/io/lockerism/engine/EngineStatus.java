package io.lockerism.engine;

import java.util.Locale;

/**
 * What an engine call reported. The numbers are defined once, in native/abi.go: the wrapper reads
 * the table from {@code lk_engine_info} when it loads the library and refuses a library whose names
 * differ from these.
 */
public enum EngineStatus {
  OK,
  INVALID_ARGUMENT,
  MALFORMED_INPUT,
  UNKNOWN_HANDLE,
  BUFFER_TOO_SMALL,
  INTERNAL,
  /** The decrypted HE scores differ from the model's: the evaluator is at fault. */
  EVALUATOR_FAULT,
  /** Not an engine code: the library could not be loaded or answered something unknown. */
  UNKNOWN;

  /** The engine's name of this status ({@code "invalidArgument"}), or null for UNKNOWN. */
  String engineName() {
    if (this == UNKNOWN) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    for (String part : name().toLowerCase(Locale.ROOT).split("_")) {
      b.append(b.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
    }
    return b.toString();
  }
}
