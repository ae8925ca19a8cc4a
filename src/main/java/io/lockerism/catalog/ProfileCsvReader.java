package io.lockerism.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads TikTok profile CSV files (Bright Data's layout, see {@link CatalogColumn}), streaming: only
 * the current record is held in memory, never the whole file.
 *
 * <p>Importing is all-or-nothing, in two passes over the file:
 *
 * <pre>{@code
 * long imported = ProfileCsvReader.importFile(path, 500, batch -> store.upsert(batch));
 * }</pre>
 *
 * which is {@link #validate(Path)} (every row checked, every problem collected) followed, only when
 * the file is valid, by {@link #readInBatches}. The single-pass {@link #read} methods stop at the
 * first bad row instead.
 */
public final class ProfileCsvReader {

  /** Receives profiles a batch at a time; may throw, e.g. {@code SQLException} from a store. */
  @FunctionalInterface
  public interface BatchSink<X extends Exception> {
    void accept(List<Profile> batch) throws X;
  }

  private ProfileCsvReader() {}

  /** Checks every row of the file. Throws only when the file cannot be read at all. */
  public static CsvValidation validate(Path file) throws CatalogFileException {
    try (InputStream in = open(file)) {
      return validate(in, file.toString());
    } catch (IOException e) {
      throw cannotClose(file, e);
    }
  }

  /** Checks every row of the stream (left open); {@code source} names it in messages. */
  public static CsvValidation validate(InputStream in, String source) throws CatalogFileException {
    List<String> kept = new ArrayList<>();
    long problemCount = 0;
    long rows = 0;
    ProfileCsvRows csv = ProfileCsvRows.open(in, source);
    for (Optional<ProfileCsvRows.Row> row = csv.next(); row.isPresent(); row = csv.next()) {
      if (!row.get().fatal()) {
        rows++;
      }
      if (row.get().problem() != null) {
        problemCount++;
        if (kept.size() < CsvValidation.MAX_KEPT_PROBLEMS) {
          kept.add(row.get().describe());
        }
      }
    }
    return new CsvValidation(rows, kept, problemCount);
  }

  /**
   * Validates the whole file, then, only if it is valid, streams its profiles to {@code sink} in
   * batches of {@code batchSize}. Returns the number of profiles delivered.
   *
   * @throws CatalogFileException listing every problem when any row is bad (nothing is delivered),
   *     or when the file cannot be read
   */
  public static <X extends Exception> long importFile(Path file, int batchSize, BatchSink<X> sink)
      throws CatalogFileException, X {
    validate(file).throwIfInvalid(file.toString());
    return readInBatches(file, batchSize, sink);
  }

  /**
   * Streams the file's profiles to {@code sink} in batches of {@code batchSize} (the last may be
   * smaller). Stops with an exception at the first bad row; batches before it were delivered.
   */
  public static <X extends Exception> long readInBatches(
      Path file, int batchSize, BatchSink<X> sink) throws CatalogFileException, X {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
    }
    List<Profile> batch = new ArrayList<>(batchSize);
    long count;
    try (InputStream in = open(file)) {
      count =
          forEach(
              ProfileCsvRows.open(in, file.toString()),
              file.toString(),
              profile -> {
                batch.add(profile);
                if (batch.size() == batchSize) {
                  deliver(batch, sink);
                }
              });
    } catch (IOException e) {
      throw cannotClose(file, e);
    }
    deliver(batch, sink);
    return count;
  }

  /** Streams the file's profiles to {@code sink}; stops with an exception at the first bad row. */
  public static long read(Path file, Consumer<? super Profile> sink) throws CatalogFileException {
    try (InputStream in = open(file)) {
      return read(in, file.toString(), sink);
    } catch (IOException e) {
      throw cannotClose(file, e);
    }
  }

  /** Like {@link #read(Path, Consumer)} for a stream, which is left open. */
  public static long read(InputStream in, String source, Consumer<? super Profile> sink)
      throws CatalogFileException {
    return forEach(ProfileCsvRows.open(in, source), source, sink::accept);
  }

  private interface ProfileSink<X extends Exception> {
    void accept(Profile profile) throws X;
  }

  private static <X extends Exception> long forEach(
      ProfileCsvRows csv, String source, ProfileSink<X> sink) throws CatalogFileException, X {
    long count = 0;
    for (Optional<ProfileCsvRows.Row> row = csv.next(); row.isPresent(); row = csv.next()) {
      if (row.get().problem() != null) {
        throw new CatalogFileException(source, List.of(row.get().describe()));
      }
      sink.accept(row.get().profile());
      count++;
    }
    return count;
  }

  /** Hands over a full (or final partial) batch and starts the next one. */
  private static <X extends Exception> void deliver(List<Profile> batch, BatchSink<X> sink)
      throws X {
    if (!batch.isEmpty()) {
      sink.accept(List.copyOf(batch));
      batch.clear();
    }
  }

  private static InputStream open(Path file) throws CatalogFileException {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new CatalogFileException(file.toString(), "cannot open: " + e, e);
    }
  }

  private static CatalogFileException cannotClose(Path file, IOException e) {
    return new CatalogFileException(file.toString(), "cannot read: " + e, e);
  }
}
