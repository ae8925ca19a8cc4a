package io.lockerism.cli;

import io.lockerism.app.Components;
import io.lockerism.config.AppConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where data lives; shared by every command that opens the database. */
final class DataOptions {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "${env:LOCKERISM_DATA_DIR:-./lockerism-data}",
      description =
          "Data directory; the embedded database lives in DIR/db (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--db-url",
      paramLabel = "JDBC_URL",
      defaultValue = "${env:LOCKERISM_DB_URL}",
      description = "JDBC URL, e.g. jdbc:postgresql://host/db (default: H2 in the data directory).")
  String dbUrl;

  @Option(
      names = "--db-user",
      paramLabel = "USER",
      defaultValue = "${env:LOCKERISM_DB_USER}",
      description = "Database user (default: sa for H2).")
  String dbUser;

  @Option(
      names = "--db-password-env",
      paramLabel = "VAR",
      defaultValue = "LOCKERISM_DB_PASSWORD",
      description =
          "Environment variable holding the database password (default: ${DEFAULT-VALUE}).")
  String dbPasswordEnv;

  @Option(
      names = "--db-pool-size",
      paramLabel = "N",
      defaultValue = "${env:LOCKERISM_DB_POOL_SIZE:-10}",
      description = "Most database connections held at once (default: ${DEFAULT-VALUE}).")
  int dbPoolSize;

  @Option(
      names = "--h2-tcp",
      defaultValue = "${env:LOCKERISM_H2_TCP:-false}",
      description =
          "Embedded H2 only: share the database between processes (e.g. `import` "
              + "while `serve` runs) through H2's AUTO_SERVER, on loopback only. Every process "
              + "that opens the data directory needs it (default: off).")
  boolean h2Tcp;

  AppConfig toConfig() {
    AppConfig c =
        AppConfig.forDataDir(dataDir)
            .withDatabase(dbUrl, dbUser, System.getenv(dbPasswordEnv))
            .withDatabasePoolSize(dbPoolSize);
    return c.withSecurity(c.security().withH2Tcp(h2Tcp));
  }

  /** The app's parts for this configuration; close them when the command is done. */
  Components components() {
    return Components.of(toConfig());
  }
}
