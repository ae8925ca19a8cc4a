package io.lockerism.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar lockerism.jar [command]}; with no command it serves. */
@Command(
    name = "lockerism",
    mixinStandardHelpOptions = true,
    version = "Lockerism 0.1.0",
    description = "A private, verifiable \"For You\" feed over creator profiles.",
    subcommands = {
      ServeCommand.class,
      ImportCommand.class,
      GenerateCommand.class,
      SnapshotCommand.class,
      EvaluatorCommand.class,
      BenchCommand.class,
      ChainCommand.class,
      CeremonyCommand.class
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (2 for usage errors). */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Like {@link #run(String...)}, writing to the given streams. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    String[] effective = args.length == 0 ? new String[] {"serve"} : args;
    CommandLine cli = new CommandLine(new Main()).setOut(out).setErr(err);
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("error: " + e.getMessage());
          return 1;
        });
    return cli.execute(effective);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
