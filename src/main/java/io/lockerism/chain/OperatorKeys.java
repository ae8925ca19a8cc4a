package io.lockerism.chain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;

/**
 * Loads the operator's signing key, never from a command-line argument (which would show in the
 * process list and shell history): either a hex private key in an environment variable, or an
 * encrypted JSON keystore (Web3 Secret Storage) whose password is in an environment variable. Error
 * messages name the variable or file, never the key.
 */
public final class OperatorKeys {

  /** The environment variable holding a hex private key. */
  public static final String KEY_ENV = "LOCKERISM_DEPLOYER_KEY";

  /** The environment variable holding the keystore password. */
  public static final String PASSWORD_ENV = "LOCKERISM_KEYSTORE_PASSWORD";

  private OperatorKeys() {}

  /**
   * The key from {@code keystore} (password in {@code passwordVar}) when a keystore is given, else
   * from {@code keyVar}; null when neither is set.
   */
  public static Credentials load(
      Map<String, String> env, String keyVar, Path keystore, String passwordVar) {
    if (keystore != null) {
      String password = env.get(passwordVar);
      if (password == null) {
        throw new IllegalArgumentException(
            "the keystore password is read from the environment "
                + "variable "
                + passwordVar
                + ", which is not set");
      }
      if (!Files.isRegularFile(keystore)) {
        throw new IllegalArgumentException("keystore file not found: " + keystore);
      }
      try {
        return WalletUtils.loadCredentials(password, keystore.toFile());
      } catch (CipherException e) {
        throw new IllegalArgumentException(
            "cannot decrypt keystore " + keystore + " (wrong password?)");
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read keystore " + keystore + ": " + e.getMessage());
      }
    }
    String hex = env.get(keyVar);
    if (hex == null || hex.isBlank()) {
      return null;
    }
    String h = hex.strip();
    if (!WalletUtils.isValidPrivateKey(h)) {
      throw new IllegalArgumentException(
          "the environment variable " + keyVar + " does not hold a 32-byte hex private key");
    }
    return Credentials.create(h);
  }
}
