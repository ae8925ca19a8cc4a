package io.lockerism.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lockerism.app.Lockerism;
import io.lockerism.config.AppConfig;
import io.lockerism.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The embedded database is the owner's alone: the data directory is 0700, the database files 0600,
 * and no TCP server is opened unless asked for (--h2-tcp), then on loopback only.
 */
class DataDirectoryTest {

  @Test
  void byDefaultTheDataDirectoryIsOwnerOnlyAndNoOtherProcessCanOpenTheDatabase() throws Exception {
    Path dir = TestApp.tempDir().resolve("fresh-data");
    AppConfig config = TestApp.config(false);
    config =
        AppConfig.forDataDir(dir)
            .withHost("127.0.0.1")
            .withPort(0)
            .withSampleImport(false)
            .withChain(config.chain())
            .withProverCacheDir(TestApp.PROVER_CACHE);
    try (Lockerism app = Lockerism.start(config)) {
      assertEquals("rwx------", mode(dir));
      assertEquals("rwx------", mode(dir.resolve("db")));
      try (Stream<Path> files = Files.list(dir.resolve("db"))) {
        for (Path f : files.toList()) {
          assertEquals("rw-------", mode(f), f.toString());
        }
      }
      Path lock = dir.resolve("db").resolve("lockerism.lock.db");
      assertFalse(
          Files.exists(lock) && Files.readString(lock).contains("server="),
          "no AUTO_SERVER listens, so no address is published for other processes");
    }
  }

  @Test
  void withH2TcpTheServerListensOnLoopbackOnly() throws Exception {
    AppConfig config = TestApp.config(false); // TestApp turns --h2-tcp on
    try (TestApp app = TestApp.start(config)) {
      DriverManager.getConnection(AppConfig.sharedDbUrl(app.dataDir()), "sa", "").close();
      java.util.Properties lock = new java.util.Properties();
      try (var in =
          Files.newInputStream(app.dataDir().resolve("db").resolve("lockerism.lock.db"))) {
        lock.load(in);
      }
      int port = Integer.parseInt(lock.getProperty("server").replaceAll(".*:", ""));
      new java.net.Socket("127.0.0.1", port).close();
      for (java.net.InetAddress address : externalAddresses()) {
        assertThrows(
            java.io.IOException.class,
            () -> new java.net.Socket(address, port).close(),
            "reachable on " + address);
      }
    }
  }

  /** This machine's non-loopback addresses (none on a machine without a network). */
  private static java.util.List<java.net.InetAddress> externalAddresses() throws Exception {
    return java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
        .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
        .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
        .toList();
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
