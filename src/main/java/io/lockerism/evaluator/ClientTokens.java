package io.lockerism.evaluator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;

/**
 * The shared tokens an evaluator accepts, one per client. Compared as SHA-256 digests in constant
 * time, so response timing says nothing about how much of a guess was right.
 */
final class ClientTokens {

  /** Short tokens can be guessed; 16 characters is about 96 bits from a random generator. */
  static final int MIN_LENGTH = 16;

  private final List<byte[]> digests;

  ClientTokens(Collection<String> tokens) {
    if (tokens == null || tokens.isEmpty()) {
      throw new IllegalArgumentException("the evaluator needs at least one client token");
    }
    for (String t : tokens) {
      if (t == null || t.strip().length() < MIN_LENGTH) {
        throw new IllegalArgumentException(
            "an evaluator token must have at least " + MIN_LENGTH + " characters");
      }
    }
    this.digests = tokens.stream().map(t -> digest(t.strip())).toList();
  }

  /** The index of {@code presented} among the tokens, or -1. Checks every token every time. */
  int find(String presented) {
    byte[] d = digest(presented);
    int found = -1;
    for (int i = 0; i < digests.size(); i++) {
      if (MessageDigest.isEqual(digests.get(i), d)) {
        found = i;
      }
    }
    return found;
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
