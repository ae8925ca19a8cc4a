package io.lockerism.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * This instance's name among several on one database, kept in {@code DATA_DIR/instance-id} so that
 * it stays the same across restarts: a restarted instance recognizes the proof jobs it owned (and
 * whose witnesses its memory lost). Each instance therefore needs a data directory of its own.
 */
final class InstanceId {

  static final String FILE = "instance-id";

  private InstanceId() {}

  /** The id stored in {@code dataDir}, created (random, owner-only) on first use. */
  static String of(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      String id = Files.readString(file).strip();
      if (!id.matches("[0-9a-f]{32}")) {
        throw new IllegalStateException(file + " is not a valid instance id; delete it to renew");
      }
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }

  private static void create(Path file) throws IOException {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, HexFormat.of().formatHex(bytes), StandardOpenOption.CREATE_NEW);
    } catch (FileAlreadyExistsException e) {
      return; // another process created it first: use theirs
    }
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }
}
