package io.lockerism.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing (Bouncy Castle), stored in the PHC string format {@code
 * $argon2id$v=19$m=…,t=…,p=…$salt$hash} so parameters can be raised later without invalidating
 * existing hashes.
 */
public final class PasswordHasher {

  /** OWASP's recommended minimum for Argon2id: 19 MiB, 2 iterations, 1 lane. */
  public static final int MEMORY_KIB = 19 * 1024;

  public static final int ITERATIONS = 2;
  public static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;

  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final SecureRandom random = new SecureRandom();

  public String hash(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m="
        + MEMORY_KIB
        + ",t="
        + ITERATIONS
        + ",p="
        + PARALLELISM
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(hash);
  }

  /** Checks a password against a stored PHC string in constant time; false for any mismatch. */
  public boolean verify(char[] password, String phc) {
    String[] parts = phc.split("\\$");
    if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
      return false;
    }
    int m = 0;
    int t = 0;
    int p = 0;
    for (String kv : parts[3].split(",")) {
      String[] pair = kv.split("=", 2);
      int value = Integer.parseInt(pair[1]);
      switch (pair[0]) {
        case "m" -> m = value;
        case "t" -> t = value;
        case "p" -> p = value;
        default -> {
          return false;
        }
      }
    }
    byte[] salt = B64D.decode(parts[4]);
    byte[] expected = B64D.decode(parts[5]);
    byte[] actual = derive(password, salt, m, t, p, expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  /** Raw Argon2id, also used to derive sealing keys from passwords. */
  public static byte[] derive(
      char[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKib)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    byte[] passwordBytes = toUtf8(password);
    try {
      generator.generateBytes(passwordBytes, out);
    } finally {
      java.util.Arrays.fill(passwordBytes, (byte) 0);
    }
    return out;
  }

  private static byte[] toUtf8(char[] password) {
    java.nio.ByteBuffer buf = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
    byte[] bytes = new byte[buf.remaining()];
    buf.get(bytes);
    if (buf.hasArray()) {
      java.util.Arrays.fill(buf.array(), (byte) 0);
    }
    return bytes;
  }
}
