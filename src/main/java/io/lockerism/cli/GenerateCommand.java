package io.lockerism.cli;

import io.lockerism.catalog.SampleCatalogGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description =
        "Write a synthetic catalog CSV in the TikTok profiles schema (deterministic per seed).")
final class GenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--profiles",
      paramLabel = "N",
      required = true,
      description = "Number of profiles to generate.")
  int profiles;

  @Option(names = "--out", paramLabel = "FILE.csv", required = true, description = "Output file.")
  Path out;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "" + SampleCatalogGenerator.SAMPLE_SEED,
      description = "Random seed (default: ${DEFAULT-VALUE}, the bundled sample's).")
  long seed;

  @Override
  public Integer call() throws IOException {
    if (profiles < 1) {
      throw new ParameterException(spec.commandLine(), "--profiles must be at least 1");
    }
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      SampleCatalogGenerator.write(seed, profiles, w);
    }
    spec.commandLine().getOut().printf("Wrote %d profiles to %s%n", profiles, out);
    return 0;
  }
}
