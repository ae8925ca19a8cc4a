package io.lockerism.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Keeps the data directory to its owner: the directory and its db/ folder 0700, the database files
 * 0600. The directory mode is what protects files created later (H2's trace or temp files, whose
 * mode follows the umask): other users cannot reach into a 0700 directory. A no-op where the file
 * system has no POSIX permissions.
 */
public final class PrivateFiles {

  private static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /** Creates {@code dataDir} (and db/) owner-only, or narrows them when they exist. */
  public static void secureDataDirectory(Path dataDir) {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    try {
      for (Path dir : new Path[] {dataDir, dataDir.resolve("db")}) {
        if (Files.isDirectory(dir)) {
          Files.setPosixFilePermissions(dir, DIRECTORY);
        } else {
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
          Files.setPosixFilePermissions(dir, DIRECTORY); // createDirectories obeys the umask
        }
      }
      secureFiles(dataDir.resolve("db"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restrict the data directory " + dataDir, e);
    }
  }

  /** Narrows the regular files directly in {@code dir} to 0600. */
  public static void secureFiles(Path dir) {
    if (!Files.isDirectory(dir)
        || !FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f)) {
          Files.setPosixFilePermissions(f, FILE);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restrict the files in " + dir, e);
    }
  }
}
