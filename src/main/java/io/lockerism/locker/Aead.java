package io.lockerism.locker;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM sealing: {@code nonce (12 bytes) || ciphertext || tag (16 bytes)}. The associated
 * data names what a blob is and whose it is, so sealed blobs cannot be swapped between fields or
 * accounts.
 */
final class Aead {

  static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Aead() {}

  static byte[] seal(byte[] key, byte[] plaintext, String associatedData) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = cipher(Cipher.ENCRYPT_MODE, key, nonce, associatedData);
      byte[] sealed = Arrays.copyOf(nonce, NONCE_BYTES + plaintext.length + TAG_BITS / 8);
      c.doFinal(plaintext, 0, plaintext.length, sealed, NONCE_BYTES);
      return sealed;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }

  /** Opens a sealed blob; throws {@link SealException} when the key or data is wrong. */
  static byte[] open(byte[] key, byte[] sealed, String associatedData) {
    if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new SealException("sealed data is truncated");
    }
    try {
      Cipher c =
          cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOf(sealed, NONCE_BYTES), associatedData);
      return c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new SealException("sealed data does not open with this key");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }

  static byte[] randomKey() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return key;
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static Cipher cipher(int mode, byte[] key, byte[] nonce, String associatedData)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
    return c;
  }
}
