package io.lockerism.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.config.AppConfig;
import io.lockerism.testing.HttpSession;
import io.lockerism.testing.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Provokes database failures on a vault row (a lock timeout during a password change, a key
 * violation) and checks that nothing the app logged, and no exception it raised, carries the row's
 * salt, sealed keys or password hash: from those a password guess could be tested offline.
 */
class NoRowValuesInLogsTest {

  private static final String PASSWORD = "sam's very long password";

  @Test
  void failuresOnAVaultRowLogNoneOfItsValues() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    System.setErr(new PrintStream(new Tee(originalErr, captured), true, StandardCharsets.UTF_8));
    try (TestApp app = TestApp.empty()) {
      HttpSession sam = app.newSession();
      assertEquals(303, sam.signUp("sam", PASSWORD).statusCode());
      String url = AppConfig.sharedDbUrl(app.dataDir());
      List<String> secrets = secretsOf(url);

      try (Connection locker = DriverManager.getConnection(url, "sa", "")) {
        locker.setAutoCommit(false);
        try (PreparedStatement ps =
            locker.prepareStatement(
                "SELECT * FROM vaults WHERE account_id = (SELECT id FROM accounts"
                    + " WHERE username = 'sam') FOR UPDATE")) {
          ps.executeQuery().close();
        }
        var failed =
            sam.submitForm(
                "/account",
                "/account/password",
                Map.of("currentPassword", PASSWORD, "newPassword", "another long password"));
        assertEquals(500, failed.statusCode(), "the vault row stayed locked past the lock timeout");
        assertTrue(
            failed.headers().firstValue("Content-Security-Policy").isPresent(),
            "a 500 has the security headers too");
        locker.rollback();
      }

      StoreException duplicate =
          assertThrows(
              StoreException.class,
              () -> app.app().components().database().inTransaction(c -> copyVaultRow(c)));
      StringWriter trace = new StringWriter();
      duplicate.printStackTrace(new PrintWriter(trace));
      assertTrue(
          duplicate.getCause() instanceof SQLException sql && sql.getSQLState().startsWith("23"),
          "the SQLState is kept for callers");

      System.err.flush();
      String log = captured.toString(StandardCharsets.UTF_8) + trace;
      assertTrue(log.contains("Unhandled error"), "the lock timeout was logged");
      for (String secret : secrets) {
        assertFalse(log.contains(secret), "the log carries a row value: " + secret);
      }
      for (Path f : files(app.dataDir().resolve("db"))) {
        if (f.toString().endsWith(".trace.db")) {
          String content = Files.readString(f, StandardCharsets.ISO_8859_1);
          secrets.forEach(s -> assertFalse(content.contains(s), "H2's trace file: " + s));
        }
      }
    } finally {
      System.setErr(originalErr);
    }
  }

  /** The vault's secret columns and the password hash, in every encoding a message may use. */
  private static List<String> secretsOf(String url) throws SQLException {
    List<String> out = new ArrayList<>(List.of(PASSWORD));
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT v.kdf_salt, v.sealed_vault_key,"
                        + " v.sealed_he_secret_key, a.password_hash FROM vaults v JOIN accounts a"
                        + " ON a.id = v.account_id WHERE a.username = 'sam'")) {
      assertTrue(rs.next());
      for (int i = 1; i <= 3; i++) {
        byte[] value = rs.getBytes(i);
        // A stretch from the start is enough to recognize a value, printed whole or abbreviated.
        byte[] head = java.util.Arrays.copyOf(value, Math.min(value.length, 12));
        out.add(HexFormat.of().formatHex(head));
        out.add(HexFormat.of().withUpperCase().formatHex(head));
        out.add(Base64.getEncoder().encodeToString(head).substring(0, 12));
      }
      String hash = rs.getString(4);
      out.add(hash.substring(hash.lastIndexOf('$') + 1));
    }
    return out;
  }

  private static Object copyVaultRow(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO vaults SELECT * FROM vaults")) {
      ps.executeUpdate();
    }
    return null;
  }

  private static List<Path> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  /** Writes to both streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws java.io.IOException {
      a.write(x);
      synchronized (b) {
        b.write(x);
      }
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      synchronized (b) {
        b.write(buf, off, len);
      }
    }
  }
}
