package io.lockerism.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The bench command runs end to end; no timing is asserted. */
class BenchCommandTest {

  @Test
  void benchRunsAtASmallSizeAndPrintsTheTable() {
    String out =
        run(
            0,
            "bench",
            "--profiles",
            "200",
            "--features",
            "64",
            "--runs",
            "2",
            "--likes",
            "5",
            "--remote");
    assertTrue(out.contains("| step (N = 200, D = 64) | median | min | max |"), out);
    assertTrue(out.contains("| encrypted scoring, all blocks (in-process) |"), out);
    assertTrue(out.contains("| query from Enc(u) |"), out);
    assertTrue(out.contains("round trip: query + score + decrypt + top-20 (remote"), out);
    assertTrue(out.matches("(?s).*replies [0-9,]+ B down = [0-9.]+ B per score.*"), out);
    assertTrue(out.contains("encrypted / plaintext"), out);
    assertTrue(out.contains("peak RSS"), out);
  }

  @Test
  void soakPrintsLiveHandles() {
    String out = run(0, "bench", "--profiles", "200", "--soak", "20");
    assertTrue(out.contains("| 20 |"), out);
    assertTrue(out.contains("live native handles after closing"), out);
  }

  @Test
  void loadRunsViewersOnSharedConnectionsAgainstTheThreeRoutesWithoutErrors() {
    String out =
        run(0, "bench", "--load", "--viewers", "2", "--connections", "5", "--seconds", "3");
    assertTrue(out.contains("load: 2 viewers, 5 connections, 3 s"), out);
    for (String route : new String[] {"/catalog", "/for-you", "/api/v1/feed?k=20"}) {
      assertTrue(
          out.matches(
              "(?s).*\\| `GET "
                  + java.util.regex.Pattern.quote(route)
                  + "` \\| [1-9][0-9]* \\| 0 \\|.*"),
          "requests made, none failed, on " + route + ":\n" + out);
    }
  }

  @Test
  void badOptionsAreUsageErrors() {
    run(2, "bench", "--features", "500");
    run(2, "bench", "--load", "--viewers", "0");
    run(2, "bench", "--load", "--viewers", "3", "--connections", "2");
  }

  private static String run(int expectedCode, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    assertEquals(expectedCode, code, out + "\n" + err);
    return out.toString();
  }
}
