package io.lockerism.catalog;

import io.lockerism.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The public catalog: search and lookups for the web layer, all-or-nothing CSV imports. */
public final class CatalogService {

  /** Where the build puts the bundled sample catalog (data/profiles-sample.csv) in the jar. */
  public static final String SAMPLE_RESOURCE = "sample/profiles-sample.csv";

  private static final int IMPORT_BATCH = 500;
  private static final Logger LOG = LoggerFactory.getLogger(CatalogService.class);

  private final Database db;
  private final ProfileRepository profiles;

  public CatalogService(Database db) {
    this.db = db;
    this.profiles = new ProfileRepository(db);
  }

  public Page<Profile> search(CatalogQuery query) {
    return profiles.search(query);
  }

  public Optional<Profile> find(String accountId) {
    return profiles.find(accountId);
  }

  /** Every profile, in account-id order: the input of a snapshot build. */
  public java.util.List<Profile> all() {
    return profiles.all();
  }

  /** Profiles by account id, for rendering feeds and like lists. */
  public java.util.Map<String, Profile> findAll(java.util.Collection<String> accountIds) {
    return profiles.findAll(accountIds);
  }

  public long count() {
    return profiles.count();
  }

  /**
   * Imports a CSV file in one transaction: every row is validated first and a file with any bad row
   * is rejected whole (a {@link CatalogFileException} lists each problem) with the catalog
   * unchanged. Existing profiles are updated by account id, so re-importing is idempotent.
   *
   * @return the number of profiles imported
   */
  public long importFile(Path file) throws CatalogFileException {
    try {
      return db.inTransaction(
          c -> {
            try {
              return ProfileCsvReader.importFile(
                  file, IMPORT_BATCH, batch -> profiles.upsertBatch(c, batch));
            } catch (CatalogFileException e) {
              throw new CatalogFileRuntimeException(e);
            }
          });
    } catch (CatalogFileRuntimeException e) {
      throw e.getCause();
    }
  }

  /**
   * Gives profiles imported by an older version their "Name A–Z" sort key (once, after the upgrade;
   * a no-op afterwards).
   */
  public void fillNameKeys() {
    long filled = profiles.fillNameKeys();
    if (filled > 0) {
      LOG.info("Keyed {} profile names for sorting", filled);
    }
  }

  /** Imports the bundled sample catalog when the catalog is empty; true when it did. */
  public boolean importSampleIfEmpty() {
    if (count() > 0) {
      return false;
    }
    Path tmp = null;
    try (InputStream in =
        CatalogService.class.getClassLoader().getResourceAsStream(SAMPLE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the bundled sample catalog is missing from the jar");
      }
      tmp = Files.createTempFile("lockerism-sample", ".csv");
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      long n = importFile(tmp);
      LOG.info("Imported the bundled sample catalog: {} profiles", n);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CatalogFileException e) {
      throw new IllegalStateException(
          "the bundled sample catalog is invalid: " + e.getMessage(), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // a leftover temp file is harmless
      }
    }
  }

  /** Carries a checked CatalogFileException out of a transaction lambda. */
  private static final class CatalogFileRuntimeException extends RuntimeException {
    CatalogFileRuntimeException(CatalogFileException cause) {
      super(cause);
    }

    @Override
    public synchronized CatalogFileException getCause() {
      return (CatalogFileException) super.getCause();
    }
  }
}
