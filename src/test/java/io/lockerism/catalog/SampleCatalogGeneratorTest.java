package io.lockerism.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SampleCatalogGeneratorTest {
  private static String sampleText;
  private static List<Profile> sample;

  @BeforeAll
  static void generateTheSample() throws Exception {
    sampleText =
        generate(SampleCatalogGenerator.SAMPLE_SEED, SampleCatalogGenerator.SAMPLE_PROFILES);
    sample = new ArrayList<>();
    ProfileCsvReader.read(stream(sampleText), "sample", sample::add);
  }

  @Test
  void sameSeedAndCountGiveIdenticalOutput() throws Exception {
    assertEquals(generate(42, 200), generate(42, 200));
    assertNotEquals(generate(42, 200), generate(43, 200));
  }

  @Test
  void aLargerCatalogStartsWithTheRowsOfASmallerOne() throws Exception {
    assertTrue(generate(5, 120).startsWith(generate(5, 40)));
  }

  @Test
  void writesTheHeaderInTheDataSetsColumnOrder() throws Exception {
    String header =
        Arrays.stream(CatalogColumn.values())
            .map(CatalogColumn::header)
            .collect(Collectors.joining(","));

    assertEquals(header + "\n", generate(1, 0));
  }

  @Test
  void outputPassesTheValidator() throws Exception {
    for (long seed : new long[] {1, 2, SampleCatalogGenerator.SAMPLE_SEED}) {
      CsvValidation validation = ProfileCsvReader.validate(stream(generate(seed, 1000)), "gen");
      assertEquals(List.of(), validation.problems());
      assertEquals(1000, validation.rows());
    }
  }

  @Test
  void theCommittedSampleIsTheGeneratorsOutput() throws IOException {
    Path committed = Path.of("data", "profiles-sample.csv");

    assertEquals(
        sampleText,
        Files.readString(committed, StandardCharsets.UTF_8),
        "regenerate data/profiles-sample.csv with seed " + SampleCatalogGenerator.SAMPLE_SEED);
  }

  @Test
  void coversEveryNicheInBiosOrVideos() {
    Set<String> tagsUsed =
        sample.stream()
            .flatMap(p -> p.topVideos().stream().map(TopVideo::description))
            .flatMap(d -> Arrays.stream(d.split(" ")))
            .filter(word -> word.startsWith("#"))
            .collect(Collectors.toSet());

    assertTrue(SampleVocabulary.NICHES.size() >= 20);
    for (SampleVocabulary.Niche niche : SampleVocabulary.NICHES) {
      assertTrue(tagsUsed.contains(niche.hashtags().get(0)), niche.key());
    }
  }

  @Test
  void writesBiosInSeveralLanguagesWithEmojiAndHashtags() {
    List<String> bios = sample.stream().map(Profile::biography).toList();

    assertTrue(bios.stream().anyMatch(b -> b.contains("料理") || b.contains("発信中")), "Japanese");
    assertTrue(bios.stream().anyMatch(b -> b.contains("Creador de contenido")), "Spanish");
    assertTrue(bios.stream().anyMatch(b -> b.contains("Criador de conteúdo")), "Portuguese");
    assertTrue(bios.stream().anyMatch(b -> b.contains("Kreator")), "Indonesian");
    assertTrue(bios.stream().anyMatch(b -> b.contains("jede Woche")), "German");
    assertTrue(bios.stream().anyMatch(b -> b.contains("chaque semaine")), "French");
    assertTrue(bios.stream().filter(b -> b.contains("#")).count() > 100, "hashtags");
    assertTrue(
        bios.stream().filter(b -> b.codePoints().anyMatch(c -> c > 0x1F000)).count() > 500,
        "emoji");
    assertTrue(bios.stream().anyMatch(b -> b.contains("\n")), "multi-line bios");
  }

  @Test
  void someAccountsMixTwoNiches() {
    long mixed = sample.stream().filter(p -> p.biography().contains(" | ")).count();

    assertTrue(mixed > 100 && mixed < 300, "mixed: " + mixed);
  }

  @Test
  void followerCountsAreHeavyTailedAndVerificationFavoursBigAccounts() {
    long[] followers = sample.stream().mapToLong(Profile::followers).sorted().toArray();
    long median = followers[followers.length / 2];

    assertTrue(median >= 1_000 && median < 50_000, "median " + median);
    long millionaires = Arrays.stream(followers).filter(f -> f >= 1_000_000).count();
    assertTrue(millionaires >= 3 && millionaires <= 50, "accounts with 1M+: " + millionaires);
    assertTrue(verifiedShare(1_000_000, Long.MAX_VALUE) > 0.2);
    assertTrue(verifiedShare(0, 100_000) < 0.02);
  }

  @Test
  void statisticsAreConsistentWithEachOther() {
    for (Profile p : sample) {
      assertTrue(p.likes() > 0 && p.videosCount() >= 3, p.accountId());
      double expectedLikeRate = (double) p.likes() / p.videosCount() / p.followers();
      assertEquals(expectedLikeRate, p.likeEngagementRate(), 1e-6, p.accountId());
      assertTrue(p.avgEngagementRate() > p.likeEngagementRate(), p.accountId());
      assertTrue(p.createTime().isBefore(p.scrapedAt()), p.accountId());
    }
  }

  @Test
  void eachProfileHasThreeToSixNicheVideos() {
    for (Profile p : sample) {
      assertTrue(p.topVideos().size() >= 3 && p.topVideos().size() <= 6, p.accountId());
      for (TopVideo v : p.topVideos()) {
        assertTrue(v.description().contains("#"), v.description());
        assertTrue(v.playCount() >= v.likeCount(), v.videoId());
        assertTrue(
            !v.createdAt().isAfter(p.scrapedAt()) && !v.createdAt().isBefore(p.createTime()));
        assertEquals(p.url() + "/video/" + v.videoId(), v.videoUrl());
      }
    }
  }

  @Test
  void accountIdsAndUrlsLookLikeTikToks() {
    for (Profile p : sample) {
      assertTrue(p.accountId().matches("6[89]\\d{17}"), p.accountId());
      assertTrue(p.url().matches("https://www\\.tiktok\\.com/@[a-z]+[._][a-z]+\\d+"), p.url());
      assertTrue(p.profilePicUrl().startsWith("https://"), p.profilePicUrl());
    }
    assertEquals(sample.size(), sample.stream().map(Profile::url).distinct().count());
  }

  private double verifiedShare(long minFollowers, long maxFollowers) {
    List<Profile> band =
        sample.stream()
            .filter(p -> p.followers() >= minFollowers && p.followers() < maxFollowers)
            .toList();
    return band.stream().filter(Profile::verified).count() / (double) band.size();
  }

  private static String generate(long seed, int profiles) throws IOException {
    StringWriter out = new StringWriter();
    SampleCatalogGenerator.write(seed, profiles, out);
    return out.toString();
  }

  private static ByteArrayInputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
