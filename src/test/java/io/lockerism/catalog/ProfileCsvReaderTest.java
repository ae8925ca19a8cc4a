package io.lockerism.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProfileCsvReaderTest {
  private static final String HEADER =
      String.join(",", Arrays.stream(CatalogColumn.values()).map(CatalogColumn::header).toList());

  private static final String VIDEOS =
      "[{\"video_id\":\"7231\",\"description\":\"pasta night #cooking\","
          + "\"playcount\":1200,\"diggcount\":80,\"commentcount\":5,\"share_count\":2,"
          + "\"create_date\":\"2023-05-01T10:00:00.000Z\","
          + "\"video_url\":\"https://www.tiktok.com/@chef/video/7231\"}]";

  @TempDir Path dir;

  // ---- reading good files ----

  @Test
  void readsEveryFieldOfACompleteRow() throws Exception {
    Profile p = single(csv(HEADER, row(Map.of())));

    assertEquals("6800000000000000001", p.accountId());
    assertEquals("Chef Ana", p.nickname());
    assertEquals("Cooking every day 🍝 #food", p.biography());
    assertEquals("https://linktr.ee/chefana", p.bioLink());
    assertTrue(p.verified());
    assertEquals(15000, p.followers());
    assertEquals(120, p.following());
    assertEquals(300000, p.likes());
    assertEquals(210, p.videosCount());
    assertEquals(0.0534, p.avgEngagementRate());
    assertEquals(0.0012, p.commentEngagementRate());
    assertEquals(0.05, p.likeEngagementRate());
    assertEquals(Instant.parse("2019-12-17T09:32:18Z"), p.createTime());
    assertEquals("MS4wLjABAAAA", p.id());
    assertEquals("https://www.tiktok.com/@chefana", p.url());
    assertEquals("https://p16.tiktokcdn.com/a.jpeg", p.profilePicUrl());
    assertEquals(Instant.parse("2024-06-12T08:00:00Z"), p.scrapedAt());
    assertEquals(
        List.of(
            new TopVideo(
                "7231",
                "pasta night #cooking",
                1200,
                80,
                5,
                2,
                Instant.parse("2023-05-01T10:00:00Z"),
                "https://www.tiktok.com/@chef/video/7231")),
        p.topVideos());
  }

  @Test
  void keepsNewlinesInsideQuotedFieldsAndCountsTheirLines() throws Exception {
    String text =
        csv(
            HEADER,
            row(Map.of("biography", "line one\nline two\nline three")),
            row(Map.of("account_id", "2", "followers", "abc")));

    CsvValidation validation = validate(text);

    assertEquals(
        List.of("line 5: followers: \"abc\" is not a non-negative integer"), validation.problems());
    assertEquals(2, validation.rows());
    Profile first = readAll(csv(HEADER, row(Map.of("biography", "line one\nline two")))).get(0);
    assertEquals("line one\nline two", first.biography());
  }

  @Test
  void unescapesDoubledQuotes() throws Exception {
    Profile p =
        single(
            HEADER
                + "\n"
                + "2024-06-12,42,\"The \"\"Real\"\" Chef\",\"say \"\"hi\"\"\",,,,,,,,,,,,,,\n");

    assertEquals("The \"Real\" Chef", p.nickname());
    assertEquals("say \"hi\"", p.biography());
  }

  @Test
  void skipsAUtf8ByteOrderMark() throws Exception {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body = csv(HEADER, row(Map.of())).getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(bom);
    bytes.write(body);

    List<Profile> read = new ArrayList<>();
    ProfileCsvReader.read(new ByteArrayInputStream(bytes.toByteArray()), "bom.csv", read::add);

    assertEquals("6800000000000000001", read.get(0).accountId());
  }

  @Test
  void acceptsCrlfLineEndingsWithExactLineNumbers() throws Exception {
    String text =
        String.join(
                "\r\n",
                HEADER,
                row(Map.of("biography", "two\r\nlines")),
                row(Map.of("account_id", "2", "likes", "-5")))
            + "\r\n";

    CsvValidation validation = validate(text);

    assertEquals(
        List.of("line 4: likes: \"-5\" is not a non-negative integer"), validation.problems());
    String crlfFree = csv(HEADER, row(Map.of())).replace("\n", "\r\n");
    assertEquals("Chef Ana", single(crlfFree).nickname());
  }

  @Test
  void matchesColumnsByNameInAnyOrderIgnoringCaseSpacesAndExtras() throws Exception {
    String text =
        " Followers ,extra_column,ACCOUNT_ID,nickname,is_verified\n"
            + "1234.0,whatever,77,Zed,FALSE\n";

    Profile p = single(text);

    assertEquals("77", p.accountId());
    assertEquals(1234, p.followers());
    assertEquals("Zed", p.nickname());
    assertFalse(p.verified());
  }

  @Test
  void leavesEmptyOrMissingOptionalFieldsAtTheirDefaults() throws Exception {
    String allEmpty = HEADER + "\n,99,,,,,,,,,,,,,,,,\n";
    for (String text : List.of(allEmpty, "account_id\n99\n")) {
      Profile p = single(text);
      assertEquals("99", p.accountId());
      assertEquals("", p.nickname());
      assertEquals("", p.bioLink());
      assertFalse(p.verified());
      assertEquals(0, p.followers());
      assertNull(p.avgEngagementRate());
      assertNull(p.createTime());
      assertNull(p.scrapedAt());
      assertEquals(List.of(), p.topVideos());
    }
  }

  @Test
  void skipsBlankLinesWithoutLosingLineNumbers() throws Exception {
    String text =
        HEADER
            + "\n\n"
            + row(Map.of())
            + "\n\n\n"
            + row(Map.of("account_id", "2", "is_verified", "maybe"))
            + "\n";

    CsvValidation validation = validate(text);

    assertEquals(2, validation.rows());
    assertEquals(
        List.of("line 6: is_verified: \"maybe\" is not true/false/1/0"), validation.problems());
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "followers|1234.0|1234",
        "followers|1.2E6|1200000",
        "videos_count|  17 |17",
        "is_verified|TRUE|true",
        "is_verified|1|true",
        "is_verified|0|false",
        "create_time|1576575138|2019-12-17T09:32:18Z",
        "create_time|1576575138.5|2019-12-17T09:32:18.500Z",
        "create_time|2019-12-17T09:32:18|2019-12-17T09:32:18Z",
        "create_time|2019-12-17 09:32:18|2019-12-17T09:32:18Z",
        "create_time|2019-12-17T10:32:18+01:00|2019-12-17T09:32:18Z",
        "create_time|2019-12-17T10:32:18+0100|2019-12-17T09:32:18Z",
        "create_time|2019-12-17|2019-12-17T00:00:00Z",
        "bio_link|linktr.ee/chef|https://linktr.ee/chef",
        "bio_link|HTTP://Example.com/x?y=1|HTTP://Example.com/x?y=1",
      })
  void acceptsLenientSpellingsOfValidValues(String column, String raw, String expected)
      throws Exception {
    Profile p = single(csv(HEADER, row(Map.of(column, raw))));

    Object actual =
        switch (column) {
          case "followers" -> p.followers();
          case "videos_count" -> p.videosCount();
          case "is_verified" -> p.verified();
          case "create_time" -> p.createTime();
          default -> p.bioLink();
        };
    assertEquals(expected, String.valueOf(actual));
  }

  @Test
  void acceptsAlternativeTopVideoKeysAndIgnoresUnknownOnes() throws Exception {
    String videos =
        "[{\"VIDEO_ID\":7231,\"desc\":\"hi\",\"playcount\":\"10\",\"likes\":3.0,"
            + "\"comment_count\":2,\"sharecount\":1,\"create_time\":1682935200,\"music\":{\"x\":1}}]";

    TopVideo v = single(csv(HEADER, row(Map.of("top_videos", videos)))).topVideos().get(0);

    assertEquals(
        new TopVideo("7231", "hi", 10, 3, 2, 1, Instant.parse("2023-05-01T10:00:00Z"), ""), v);
  }

  // ---- reporting bad rows ----

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "followers|abc|followers: \"abc\" is not a non-negative integer",
        "following|-1|following: \"-1\" is not a non-negative integer",
        "likes|12.5|likes: \"12.5\" is not a non-negative integer",
        "videos_count|99999999999999999999|videos_count: \"99999999999999999999\" is not a non-negative integer",
        "awg_engagement_rate|-0.1|awg_engagement_rate: \"-0.1\" is not a non-negative decimal",
        "like_engagement_rate|5%|like_engagement_rate: \"5%\" is not a non-negative decimal",
        "comment_engagement_rate|NaN|comment_engagement_rate: \"NaN\" is not a non-negative decimal",
        "is_verified|yes|is_verified: \"yes\" is not true/false/1/0",
        "timestamp|yesterday|timestamp: \"yesterday\" is not an ISO-8601 date-time or epoch seconds",
        "create_time|2019-13-45|create_time: \"2019-13-45\" is not an ISO-8601 date-time or epoch seconds",
        "bio_link|ftp://files.example.com|bio_link: \"ftp://files.example.com\" is not an http(s) URL",
        "url|tiktok profile|url: \"tiktok profile\" is not an http(s) URL",
        "profile_pic_url|javascript:alert(1)|profile_pic_url: \"javascript:alert(1)\" is not an http(s) URL",
        "top_videos|{\"video_id\":1}|top_videos: is not a JSON array",
        "top_videos|[1]|top_videos: [0] is not a JSON object",
        "top_videos|[{\"playcount\":-3}]|top_videos: [0].playcount: \"-3\" is not a non-negative integer",
        "top_videos|[{},{\"video_url\":\"x\"}]|top_videos: [1].video_url: \"x\" is not an http(s) URL",
        "top_videos|[{\"create_date\":\"soon\"}]|top_videos: [0].create_date: \"soon\" is not an ISO-8601 date-time or epoch seconds",
        "account_id|'   '|account_id: is required but empty",
      })
  void reportsEachKindOfBadFieldWithItsLine(String column, String raw, String message)
      throws Exception {
    Map<String, String> badRow = new java.util.HashMap<>(Map.of("account_id", "2"));
    badRow.put(column, raw);
    String text = csv(HEADER, row(Map.of()), row(badRow));

    assertEquals(List.of("line 3: " + message), validate(text).problems());
  }

  @Test
  void reportsMalformedJsonInTopVideos() throws Exception {
    String text = csv(HEADER, row(Map.of("top_videos", "[{\"video_id\":")));

    String problem = validate(text).problems().get(0);

    assertTrue(problem.startsWith("line 2: top_videos: is not valid JSON ("), problem);
  }

  @Test
  void rejectsOverlongOrControlCharacterAccountIds() throws Exception {
    String text =
        csv(
            HEADER,
            row(Map.of("account_id", "x".repeat(129))),
            row(Map.of("account_id", "ab\u0007c")));

    assertEquals(
        List.of(
            "line 2: account_id: is 129 bytes of UTF-8, more than 128",
            "line 3: account_id: \"ab\\u0007c\" contains control characters"),
        validate(text).problems());
  }

  @Test
  void namesAllBadFieldsOfARowInOneMessage() throws Exception {
    String text = csv(HEADER, row(Map.of("followers", "many", "url", "nope")));

    assertEquals(
        List.of(
            "line 2: followers: \"many\" is not a non-negative integer; "
                + "url: \"nope\" is not an http(s) URL"),
        validate(text).problems());
  }

  @Test
  void reportsDuplicateAccountIdsWithTheFirstLine() throws Exception {
    String text =
        csv(
            HEADER,
            row(Map.of("account_id", "7")),
            row(Map.of("account_id", "8")),
            row(Map.of("account_id", " 7 ")));

    assertEquals(
        List.of("line 4: account_id: \"7\" is a duplicate of line 2"), validate(text).problems());
  }

  @Test
  void reportsRowsWithTheWrongNumberOfFields() throws Exception {
    String text = csv(HEADER, "1,2,3", row(Map.of()) + ",surplus");

    assertEquals(
        List.of(
            "line 2: has 3 fields, the header has 18", "line 3: has 19 fields, the header has 18"),
        validate(text).problems());
  }

  @Test
  void reportsAMissingRequiredColumnAsAFileProblem() throws Exception {
    CsvValidation validation = validate("nickname,followers\nAna,12\n");

    assertFalse(validation.valid());
    assertEquals(List.of("line 1: missing required column account_id"), validation.problems());
  }

  @Test
  void reportsAColumnNamedTwice() throws Exception {
    assertEquals(
        List.of("line 1: column followers appears twice"),
        validate("account_id,followers,Followers\n1,2,3\n").problems());
  }

  @Test
  void reportsAnEmptyFile() throws Exception {
    for (String empty : List.of("", "\n\n")) {
      CsvValidation validation = validate(empty);
      assertEquals(
          List.of("line 1: the file is empty; expected a header row"), validation.problems());
      assertEquals(0, validation.rows());
    }
  }

  @Test
  void reportsAnUnterminatedQuoteAtTheRecordStart() throws Exception {
    String text =
        csv(
            HEADER,
            row(Map.of()),
            row(Map.of("account_id", "2")),
            "2024-06-12,3,\"never closed,,,,,,,,,,,,,,,");

    CsvValidation validation = validate(text);

    assertEquals(1, validation.problems().size());
    assertTrue(
        validation.problems().get(0).startsWith("line 4: malformed CSV:"),
        validation.problems().get(0));
  }

  @Test
  void reportsBytesThatAreNotUtf8() throws Exception {
    String text =
        csv(
            HEADER,
            row(Map.of("account_id", "1")),
            row(Map.of("account_id", "2", "nickname", "Jos\u00e9")),
            row(Map.of("account_id", "3")));
    byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);

    CsvValidation validation = ProfileCsvReader.validate(new ByteArrayInputStream(latin1), "x");

    assertEquals(List.of("line 3: nickname: is not valid UTF-8 text"), validation.problems());
  }

  @Test
  void readsAHugeFieldIntactAndRejectsOneBeyondTheLimit() throws Exception {
    String bigBio = "🍝 pasta ".repeat(50_000); // 450,000 chars, with surrogate pairs
    assertEquals(bigBio, single(csv(HEADER, row(Map.of("biography", bigBio)))).biography());

    String tooBig = "x".repeat(CellValues.MAX_TEXT_CHARS + 1);
    assertEquals(
        List.of("line 2: biography: is 1048577 characters, more than 1048576"),
        validate(csv(HEADER, row(Map.of("biography", tooBig)))).problems());
  }

  @Test
  void capsTheKeptProblemsButCountsThemAll() throws Exception {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (int i = 0; i < CsvValidation.MAX_KEPT_PROBLEMS + 5; i++) {
      text.append(row(Map.of("account_id", "id" + i, "followers", "bad"))).append('\n');
    }

    CsvValidation validation = validate(text.toString());

    assertEquals(CsvValidation.MAX_KEPT_PROBLEMS, validation.problems().size());
    assertEquals(CsvValidation.MAX_KEPT_PROBLEMS + 5, validation.problemCount());
    CatalogFileException e =
        assertThrows(CatalogFileException.class, () -> validation.throwIfInvalid("f.csv"));
    assertEquals("... 5 more problems not listed", e.problems().get(e.problems().size() - 1));
  }

  // ---- the importer's entry points ----

  @Test
  void importFileDeliversAValidFileInBatches() throws Exception {
    Path file =
        write(
            csv(
                HEADER,
                row(Map.of("account_id", "1")),
                row(Map.of("account_id", "2")),
                row(Map.of("account_id", "3")),
                row(Map.of("account_id", "4")),
                row(Map.of("account_id", "5"))));
    List<List<String>> batches = new ArrayList<>();

    long count =
        ProfileCsvReader.importFile(
            file, 2, batch -> batches.add(batch.stream().map(Profile::accountId).toList()));

    assertEquals(5, count);
    assertEquals(List.of(List.of("1", "2"), List.of("3", "4"), List.of("5")), batches);
  }

  @Test
  void importFileRejectsTheWholeFileListingEveryProblem() throws Exception {
    Path file =
        write(
            csv(
                HEADER,
                row(Map.of("account_id", "1")),
                row(Map.of("account_id", "2", "likes", "x")),
                row(Map.of("account_id", "3")),
                row(Map.of("account_id", "1"))));
    List<Profile> delivered = new ArrayList<>();

    CatalogFileException e =
        assertThrows(
            CatalogFileException.class,
            () -> ProfileCsvReader.importFile(file, 1, delivered::addAll));

    assertEquals(List.of(), delivered);
    assertEquals(
        List.of(
            "line 3: likes: \"x\" is not a non-negative integer",
            "line 5: account_id: \"1\" is a duplicate of line 2"),
        e.problems());
    assertTrue(e.getMessage().startsWith(file + ": line 3: likes"), e.getMessage());
  }

  @Test
  void batchSinkExceptionsReachTheCaller() throws Exception {
    Path file = write(csv(HEADER, row(Map.of())));

    java.sql.SQLException thrown =
        assertThrows(
            java.sql.SQLException.class,
            () ->
                ProfileCsvReader.importFile(
                    file,
                    10,
                    batch -> {
                      throw new java.sql.SQLException("db down");
                    }));

    assertEquals("db down", thrown.getMessage());
  }

  @Test
  void singlePassReadStopsAtTheFirstBadRow() throws Exception {
    Path file =
        write(
            csv(
                HEADER,
                row(Map.of("account_id", "1")),
                row(Map.of("account_id", "2", "is_verified", "no")),
                row(Map.of("account_id", "3"))));
    List<String> seen = new ArrayList<>();

    CatalogFileException e =
        assertThrows(
            CatalogFileException.class,
            () -> ProfileCsvReader.read(file, p -> seen.add(p.accountId())));

    assertEquals(List.of("1"), seen);
    assertEquals(List.of("line 3: is_verified: \"no\" is not true/false/1/0"), e.problems());
  }

  @Test
  void aMissingFileIsACatalogFileException() {
    Path missing = dir.resolve("nope.csv");

    CatalogFileException e =
        assertThrows(CatalogFileException.class, () -> ProfileCsvReader.validate(missing));

    assertTrue(e.getMessage().contains("cannot open"), e.getMessage());
  }

  // ---- helpers ----

  /** A complete, valid row; {@code overrides} replaces cells by column name. */
  static String row(Map<String, String> overrides) {
    Map<String, String> cells = new LinkedHashMap<>();
    cells.put("timestamp", "2024-06-12T08:00:00Z");
    cells.put("account_id", "6800000000000000001");
    cells.put("nickname", "Chef Ana");
    cells.put("biography", "Cooking every day 🍝 #food");
    cells.put("awg_engagement_rate", "0.0534");
    cells.put("comment_engagement_rate", "0.0012");
    cells.put("like_engagement_rate", "0.05");
    cells.put("bio_link", "https://linktr.ee/chefana");
    cells.put("is_verified", "true");
    cells.put("followers", "15000");
    cells.put("following", "120");
    cells.put("likes", "300000");
    cells.put("videos_count", "210");
    cells.put("create_time", "2019-12-17T09:32:18.000Z");
    cells.put("id", "MS4wLjABAAAA");
    cells.put("top_videos", VIDEOS);
    cells.put("url", "https://www.tiktok.com/@chefana");
    cells.put("profile_pic_url", "https://p16.tiktokcdn.com/a.jpeg");
    overrides.forEach(
        (column, value) -> {
          if (cells.replace(column, value) == null) {
            throw new IllegalArgumentException("no column " + column);
          }
        });
    return CSVFormat.RFC4180.format(cells.values().toArray());
  }

  private static String csv(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  private static CsvValidation validate(String text) throws CatalogFileException {
    return ProfileCsvReader.validate(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.csv");
  }

  private static List<Profile> readAll(String text) throws CatalogFileException {
    List<Profile> profiles = new ArrayList<>();
    ProfileCsvReader.read(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.csv", profiles::add);
    return profiles;
  }

  private static Profile single(String text) throws CatalogFileException {
    CsvValidation validation = validate(text);
    assertEquals(List.of(), validation.problems());
    List<Profile> profiles = readAll(text);
    assertEquals(1, profiles.size());
    return profiles.get(0);
  }

  private Path write(String text) throws Exception {
    Path file = dir.resolve("profiles.csv");
    Files.writeString(file, text);
    return file;
  }
}
