package io.lockerism.catalog;

import java.text.CollationKey;
import java.text.Collator;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The sort key of a creator's name for "Name A–Z": a {@link Collator} key, so that "Léa Mode" sorts
 * with the L's before "lucia_reads683" and case or accents only break ties. Stored hex-encoded in
 * {@code profiles.name_key}, so the database sorts and pages with its index: hex keeps the unsigned
 * byte order of the key under any collation of [0-9a-f], and nothing is sorted in memory.
 */
final class NameKeys {

  /** Names are keyed on their first characters only; longer names are rare and tie by id. */
  static final int MAX_KEYED_CHARS = 32;

  /** The column's width; a key cut short still sorts in order, ties broken by account id. */
  static final int MAX_KEY_LENGTH = 1000;

  private NameKeys() {}

  static String of(String name) {
    String prefix =
        name.codePointCount(0, name.length()) > MAX_KEYED_CHARS
            ? name.substring(0, name.offsetByCodePoints(0, MAX_KEYED_CHARS))
            : name;
    // A Collator is not thread-safe, and one costs little next to a database write.
    Collator collator = Collator.getInstance(Locale.ROOT);
    collator.setDecomposition(Collator.CANONICAL_DECOMPOSITION);
    CollationKey key = collator.getCollationKey(prefix.strip());
    String hex = HexFormat.of().formatHex(key.toByteArray());
    return hex.length() > MAX_KEY_LENGTH ? hex.substring(0, MAX_KEY_LENGTH) : hex;
  }
}
