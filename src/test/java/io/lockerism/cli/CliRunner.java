package io.lockerism.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs CLI commands in-process, capturing output and the exit code. */
final class CliRunner {

  record Result(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }

  private CliRunner() {}

  /** {@code lockerism args...} as {@link Main#run} runs it. */
  static Result main(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(exit, out.toString(), err.toString());
  }

  /** {@code lockerism snapshot register args...} with the given environment. */
  static Result register(Map<String, String> env, String... args) {
    SnapshotCommand.Register cmd = new SnapshotCommand.Register();
    cmd.environment = env;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        new CommandLine(cmd).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          c.getErr().println("error: " + e.getMessage());
          return 1;
        });
    return new Result(cli.execute(args), out.toString(), err.toString());
  }
}
