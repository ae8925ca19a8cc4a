package io.lockerism.model;

import java.nio.charset.StandardCharsets;

/**
 * 64-bit FNV-1a over the UTF-8 bytes of a string.
 *
 * <p>Terms are hashed into feature columns with this rather than {@link String#hashCode()}: FNV-1a
 * is a fixed, published function that any other implementation (the Go engine, an auditor's
 * script) can reproduce byte for byte from the term's UTF-8 encoding, which is what a snapshot id
 * has to rest on.
 */
final class Fnv1a64 {

  static final String NAME = "fnv1a64";

  private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private Fnv1a64() {}

  static long hash(String text) {
    long hash = OFFSET_BASIS;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) { // ASCII, the common case: one byte, no encoding needed
        hash = (hash ^ c) * PRIME;
      } else {
        return hashUtf8(text);
      }
    }
    return hash;
  }

  private static long hashUtf8(String text) {
    long hash = OFFSET_BASIS;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xFF)) * PRIME;
    }
    return hash;
  }
}
