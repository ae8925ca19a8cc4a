package io.lockerism.cli;

import io.lockerism.catalog.CatalogService;
import io.lockerism.config.AppConfig;
import io.lockerism.model.Snapshot;
import io.lockerism.snapshot.SnapshotService;
import io.lockerism.store.Database;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "snapshot", mixinStandardHelpOptions = true,
    description = "Model snapshots of the catalog.",
    subcommands = {SnapshotCommand.Build.class})
final class SnapshotCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "build", mixinStandardHelpOptions = true,
      description = "Build a snapshot of the whole catalog and make it current.")
  static final class Build implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin DataOptions data;

    @Override
    public Integer call() {
      AppConfig config = data.toConfig();
      try (Database db = Database.open(config.dbUrl(), config.dbUser(), config.dbPassword());
          SnapshotService snapshots =
              new SnapshotService(db, new CatalogService(db), Clock.systemUTC())) {
        var out = spec.commandLine().getOut();
        int[] shown = {-1};
        Snapshot s = snapshots.buildNow(fraction -> {
          int tenth = (int) (fraction * 10);
          if (tenth > shown[0]) {
            shown[0] = tenth;
            out.printf("  %3d%%%n", tenth * 10);
            out.flush();
          }
        });
        out.printf("Snapshot %s is current: %d profiles × %d features, w = %d%n", s.id(),
            s.size(), s.d(), s.weight());
        return 0;
      }
    }
  }
}
