package io.lockerism.cli;

import io.lockerism.app.Components;
import io.lockerism.catalog.CatalogFileException;
import io.lockerism.catalog.CatalogService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Import a TikTok profiles CSV into the catalog.",
      "The whole file is validated first; any bad row rejects it and nothing is imported."
    })
final class ImportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin DataOptions data;

  @Parameters(paramLabel = "FILE.csv", description = "The CSV file to import.")
  Path file;

  @Override
  public Integer call() {
    if (!Files.isReadable(file)) {
      spec.commandLine().getErr().println("error: cannot read " + file);
      return 1;
    }
    try (Components parts = data.components()) {
      CatalogService catalog = parts.catalog();
      long imported = catalog.importFile(file);
      spec.commandLine()
          .getOut()
          .printf(
              "Imported %d profiles from %s (catalog now holds %d).%n",
              imported, file, catalog.count());
      return 0;
    } catch (CatalogFileException e) {
      var err = spec.commandLine().getErr();
      err.printf("Rejected %s: %d problem(s); nothing was imported.%n", file, e.problems().size());
      e.problems().forEach(p -> err.println("  " + p));
      return 1;
    }
  }
}
