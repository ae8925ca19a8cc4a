package io.lockerism.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.catalog.CatalogService;
import io.lockerism.catalog.Profile;
import io.lockerism.config.AppConfig;
import io.lockerism.store.Database;
import io.lockerism.testing.TestApp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ImportCommandTest {

  private static final String HEADER =
      "timestamp,account_id,nickname,biography,"
          + "awg_engagement_rate,comment_engagement_rate,like_engagement_rate,bio_link,is_verified,"
          + "followers,following,likes,videos_count,create_time,id,top_videos,url,profile_pic_url\r\n";

  private final Path dataDir = TestApp.tempDir();

  private record Result(int exit, String out, String err) {}

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(exit, out.toString(), err.toString());
  }

  private Path csv(String body) throws Exception {
    Path file = Files.createTempFile(dataDir, "profiles", ".csv");
    Files.writeString(file, HEADER + body, StandardCharsets.UTF_8);
    return file;
  }

  private static String row(String id, String nickname, String followers) {
    return "2024-05-01T00:00:00Z,"
        + id
        + ","
        + nickname
        + ",\"Bio with \"\"quotes\"\"\nand a newline"
        + " #cooking\",0.05,0.01,0.04,,false,"
        + followers
        + ",10,1000,5,2020-01-01T00:00:00Z,"
        + "src"
        + id
        + ",\"[{\"\"description\"\":\"\"Pasta night #cooking\"\",\"\"playcount\"\":100}]\","
        + "https://www.tiktok.com/@"
        + nickname
        + ",\r\n";
  }

  private Profile stored(String accountId) {
    AppConfig config = AppConfig.forDataDir(dataDir);
    try (Database db = Database.open(config.dbUrl(), config.dbUser(), config.dbPassword())) {
      return new CatalogService(db).find(accountId).orElse(null);
    }
  }

  private long count() {
    AppConfig config = AppConfig.forDataDir(dataDir);
    try (Database db = Database.open(config.dbUrl(), config.dbUser(), config.dbPassword())) {
      return new CatalogService(db).count();
    }
  }

  @Test
  void importsAValidFileAndReimportingIsIdempotent() throws Exception {
    Path good = csv(row("101", "chef_ana", "1500") + row("102", "baker_bo", "99"));
    Result first = run("import", good.toString(), "--data-dir", dataDir.toString());
    assertEquals(0, first.exit(), first.err());
    assertTrue(first.out().contains("Imported 2 profiles"), first.out());
    assertEquals("Bio with \"quotes\"\nand a newline #cooking", stored("101").biography());

    Path updated = csv(row("101", "chef_ana", "2500"));
    assertEquals(0, run("import", good.toString(), "--data-dir", dataDir.toString()).exit());
    assertEquals(0, run("import", updated.toString(), "--data-dir", dataDir.toString()).exit());
    assertEquals(2, count(), "upsert by account_id, no duplicates");
    assertEquals(2500, stored("101").followers());
  }

  @Test
  void aFileWithBadRowsIsRejectedWholeNamingEachLineAndChangesNothing() throws Exception {
    Path good = csv(row("201", "runner_cy", "700"));
    assertEquals(0, run("import", good.toString(), "--data-dir", dataDir.toString()).exit());

    // line 2-3: a valid two-line record that would update 201; line 4: bad followers;
    // line 6: missing account id.
    Path bad =
        csv(
            row("201", "runner_cy", "9999")
                + row("202", "lifter_di", "abc")
                + row("", "nobody", "5"));
    Result result = run("import", bad.toString(), "--data-dir", dataDir.toString());
    assertEquals(1, result.exit());
    assertTrue(result.err().contains("nothing was imported"), result.err());
    assertTrue(result.err().contains("line 4") && result.err().contains("followers"), result.err());
    assertTrue(
        result.err().contains("line 6") && result.err().contains("account_id"), result.err());
    assertEquals(1, count());
    assertEquals(
        700, stored("201").followers(), "the valid row of a rejected file was not applied");
  }

  @Test
  void missingFileAndBadFlagsExitNonZeroWithAMessage() {
    Result missing =
        run("import", dataDir.resolve("nope.csv").toString(), "--data-dir", dataDir.toString());
    assertEquals(1, missing.exit());
    assertTrue(missing.err().contains("cannot read"));

    Result badFlag = run("import", "profiles.csv", "--frobnicate");
    assertEquals(2, badFlag.exit());
    assertTrue(badFlag.err().contains("Unknown option"), badFlag.err());
  }

  @Test
  void everyCommandHasHelp() {
    for (String cmd : new String[] {"serve", "import", "generate"}) {
      Result help = run(cmd, "--help");
      assertEquals(0, help.exit(), cmd);
      assertTrue(help.out().contains("Usage: lockerism " + cmd), help.out());
    }
    Result top = run("--help");
    assertEquals(0, top.exit());
    assertTrue(top.out().contains("serve") && top.out().contains("import"));
  }
}
