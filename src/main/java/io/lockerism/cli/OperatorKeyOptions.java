package io.lockerism.cli;

import io.lockerism.chain.OperatorKeys;
import java.nio.file.Path;
import java.util.Map;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Option;

/**
 * Where an operator command's signing key comes from: a hex key in an environment variable, or an
 * encrypted keystore whose password is in one. Never a command-line argument, never printed.
 */
final class OperatorKeyOptions {

  @Option(
      names = "--keystore",
      paramLabel = "FILE",
      description = "Encrypted JSON keystore holding the key.")
  Path keystore;

  @Option(
      names = "--key-env",
      paramLabel = "VAR",
      defaultValue = OperatorKeys.KEY_ENV,
      description = "Environment variable with the hex key (default: ${DEFAULT-VALUE}).")
  String keyEnv;

  @Option(
      names = "--password-env",
      paramLabel = "VAR",
      defaultValue = OperatorKeys.PASSWORD_ENV,
      description =
          "Environment variable with the keystore password (default: " + "${DEFAULT-VALUE}).")
  String passwordEnv;

  /** The key; {@code role} names it in the error when none is configured. */
  Credentials require(Map<String, String> environment, String role) {
    Credentials key = OperatorKeys.load(environment, keyEnv, keystore, passwordEnv);
    if (key == null) {
      throw new IllegalArgumentException(
          "no " + role + " key: set " + keyEnv + " or pass --keystore");
    }
    return key;
  }
}
