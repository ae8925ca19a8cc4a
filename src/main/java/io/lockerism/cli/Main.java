package io.lockerism.cli;

import java.io.PrintWriter;
import java.util.List;
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
      CeremonyCommand.class,
      ReceiptCommand.class
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
    String[] effective = servesByDefault(args) ? prepend("serve", args) : args;
    CommandLine cli = new CommandLine(new Main()).setOut(out).setErr(err);
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("error: " + e.getMessage());
          return 1;
        });
    return cli.execute(effective);
  }

  /**
   * `serve` is the default command, also when only its options are given (`lockerism --port 9000`);
   * the top level's own -h/-V still print its help and version.
   */
  private static boolean servesByDefault(String[] args) {
    return args.length == 0
        || (args[0].startsWith("-")
            && !List.of("-h", "--help", "-V", "--version").contains(args[0]));
  }

  private static String[] prepend(String first, String[] rest) {
    String[] out = new String[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
