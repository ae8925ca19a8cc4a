package io.lockerism.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The release library — the one packed in the jar, built without test exports — loads through JNA,
 * passes the start-up self-test and has none of the test exports. It runs in a child JVM: this JVM
 * has the lktest library loaded, and one process holds one Go runtime.
 */
class ReleaseLibraryTest {

  private static final Path RELEASE = Path.of("target/native/linux-x86-64");

  @Test
  void theReleaseLibraryLoadsSelfTestsAndHasNoTestExports() throws Exception {
    assertTrue(
        Files.isRegularFile(RELEASE.resolve("liblockerism.so")),
        "the Maven build puts the release library in " + RELEASE);
    Path log = Files.createTempFile("release-library", ".log");
    try {
      Process p =
          new ProcessBuilder(
                  List.of(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-cp",
                      System.getProperty("java.class.path"),
                      "-Djna.library.path=" + RELEASE.toAbsolutePath(),
                      Child.class.getName()))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM finished");
      String out = Files.readString(log, StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), out);
      assertTrue(out.contains("self-test passed"), out);
      assertTrue(out.contains("lk_debug_panic absent"), out);
      assertTrue(out.contains("lk_he_reply_noise_budget absent"), out);
      assertTrue(out.contains("lk_he_self_test absent"), out);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** Runs in the child JVM: load, self-test, try every test export. */
  static final class Child {
    public static void main(String[] args) throws IOException {
      NativeEngine engine = NativeEngine.load();
      engine.selfTest();
      System.out.println("self-test passed: " + engine.version());
      TestExports test = TestExports.load();
      byte[] err = NativeEngine.errorBuffer();
      report("lk_debug_panic", () -> test.lk_debug_panic(err, err.length));
      report(
          "lk_he_reply_noise_budget",
          () -> test.lk_he_reply_noise_budget(0, 0, 0, null, err, err.length));
      report("lk_he_self_test", () -> test.lk_he_self_test(err, err.length));
    }

    private static void report(String name, Runnable call) {
      try {
        call.run();
        System.out.println(name + " PRESENT");
      } catch (UnsatisfiedLinkError expected) {
        System.out.println(name + " absent");
      }
    }
  }
}
