package io.lockerism.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** `serve` is the default command, with or without its options. */
class DefaultCommandTest {

  @Test
  void serveOptionsWithoutTheCommandNameAreServesOptions() {
    CliRunner.Result r = CliRunner.main("--port", "9000", "--help");
    assertEquals(0, r.exit(), r.all());
    assertTrue(r.out().contains("--chain-port"), "serve's own help: " + r.out());
    assertFalse(r.all().contains("Unknown option"), r.all());
  }

  @Test
  void theTopLevelHelpStillListsTheCommands() {
    CliRunner.Result r = CliRunner.main("--help");
    assertEquals(0, r.exit(), r.all());
    assertTrue(r.out().contains("evaluator") && r.out().contains("ceremony"), r.out());
  }
}
