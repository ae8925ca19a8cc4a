package io.lockerism.model;

import java.nio.charset.StandardCharsets;

/**
 * The term hash: 64-bit FNV-1a over the UTF-8 bytes of a string, followed by the MurmurHash3 64-bit
 * finalizer (fmix64).
 *
 * <p>Terms are hashed into feature columns with this rather than {@link String#hashCode()}: both
 * steps are fixed, published functions that any other implementation (the Go engine, an auditor's
 * script) can reproduce byte for byte from the term's UTF-8 encoding, which is what a snapshot id
 * has to rest on.
 *
 * <p>Why the finalizer: FNV-1a's last multiplication barely reaches the top bits, so terms that
 * differ only at the end ("term1", "term2") share their high bits; the document-frequency sketch
 * indexes by high bits and measured 96% collisions without it. fmix64 spreads every input bit over
 * the whole word.
 */
final class Fnv1a64 {

  static final String NAME = "fnv1a64+fmix64";

  private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private Fnv1a64() {}

  /** The term hash, fmix64(fnv1a64(utf8(text))). */
  static long termHash(String text) {
    return fmix64(hash(text));
  }

  /** Plain 64-bit FNV-1a of the UTF-8 bytes. */
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

  /** MurmurHash3's 64-bit finalizer. */
  static long fmix64(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
