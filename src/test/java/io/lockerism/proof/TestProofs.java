package io.lockerism.proof;

import io.lockerism.evm.Word;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** What tests of proof jobs that never reach the real vault need: shown feeds and a key. */
final class TestProofs {

  private TestProofs() {}

  /** A shown feed of length k under a made-up snapshot (for jobs the test stops before proving). */
  static ShownFeed shown(int k) {
    return new ShownFeed("ab".repeat(32), k, List.of("someone"));
  }

  /** A stored record of a proof result with made-up openings. */
  static byte[] sealed(ProofSeal seal, String jobId, ProofResult result) {
    ProofRecord r =
        new ProofRecord(
            result,
            List.of(1, 2),
            List.of(3),
            Word.of(BigInteger.valueOf(11)),
            Word.of(BigInteger.valueOf(12)));
    return seal.seal(jobId, r.encode());
  }

  /** AES-GCM under a random key, bound to the job id: the viewer's vault key's role in tests. */
  static ProofSeal seal() {
    byte[] key = new byte[32];
    SecureRandom random = new SecureRandom();
    random.nextBytes(key);
    return new ProofSeal() {
      @Override
      public byte[] seal(String jobId, byte[] plaintext) {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        byte[] body = run(Cipher.ENCRYPT_MODE, key, nonce, jobId, plaintext);
        return ByteBuffer.allocate(12 + body.length).put(nonce).put(body).array();
      }

      @Override
      public byte[] open(String jobId, byte[] sealed) {
        byte[] nonce = java.util.Arrays.copyOf(sealed, 12);
        byte[] body = java.util.Arrays.copyOfRange(sealed, 12, sealed.length);
        return run(Cipher.DECRYPT_MODE, key, nonce, jobId, body);
      }
    };
  }

  private static byte[] run(int mode, byte[] key, byte[] nonce, String jobId, byte[] in) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      c.updateAAD(jobId.getBytes(StandardCharsets.UTF_8));
      return c.doFinal(in);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("does not open", e);
    }
  }
}
