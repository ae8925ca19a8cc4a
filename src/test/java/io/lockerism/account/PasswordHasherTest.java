package io.lockerism.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  private final PasswordHasher hasher = new PasswordHasher();

  @Test
  void hashesAreSaltedArgon2idPhcStringsThatVerifyOnlyTheRightPassword() {
    char[] password = "an excellent password".toCharArray();
    String a = hasher.hash(password);
    String b = hasher.hash(password);
    assertTrue(a.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), a);
    assertNotEquals(a, b, "a fresh salt each time");
    assertTrue(hasher.verify(password, a));
    assertTrue(hasher.verify(password, b));
    assertFalse(hasher.verify("an excellent passworD".toCharArray(), a));
  }

  @Test
  void malformedOrForeignHashesNeverVerify() {
    char[] password = "whatever it is".toCharArray();
    assertFalse(hasher.verify(password, "plain text"));
    assertFalse(hasher.verify(password, "$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA"));
    assertFalse(hasher.verify(password, "$argon2id$v=19$m=8,t=1,x=1$c2FsdHNhbHQ$aGFzaA"));
  }

  @Test
  void derivationIsDeterministicForTheSameSaltAndParameters() {
    byte[] salt = new byte[16];
    byte[] one = PasswordHasher.derive("pw".toCharArray(), salt, 1024, 1, 1, 32);
    byte[] two = PasswordHasher.derive("pw".toCharArray(), salt, 1024, 1, 1, 32);
    assertArrayEquals(one, two);
    salt[0] = 1;
    assertFalse(
        java.util.Arrays.equals(
            one, PasswordHasher.derive("pw".toCharArray(), salt, 1024, 1, 1, 32)));
  }
}
