package io.lockerism.model;

import io.lockerism.catalog.Profile;
import io.lockerism.catalog.TopVideo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Profiles for tests and benchmarks. */
final class TestCatalog {

  private TestCatalog() {}

  static Profile profile(String accountId, String bio, long followers, String... videos) {
    return profile(accountId, bio, followers, 0.05, false, videos);
  }

  static Profile profile(
      String accountId,
      String bio,
      long followers,
      Double engagementRate,
      boolean verified,
      String... videos) {
    List<TopVideo> topVideos =
        Arrays.stream(videos)
            .map(text -> new TopVideo("v-" + accountId, text, 1000, 100, 10, 1, null, ""))
            .toList();
    return new Profile(
        accountId,
        accountId,
        bio,
        "",
        verified,
        followers,
        10,
        followers * 20,
        topVideos.size(),
        engagementRate,
        null,
        null,
        null,
        accountId,
        "",
        "",
        null,
        topVideos);
  }

  /** A small catalog with clear topics: fitness, cooking, gaming, plus an empty profile. */
  static List<Profile> topical() {
    return List.of(
        profile(
            "fit_anna",
            "Personal trainer. Strength training and mobility #fitness #gym",
            120_000,
            "Leg day workout for beginners #fitness #gym #workout",
            "Protein breakfast ideas #fitness #protein"),
        profile(
            "fit_ben",
            "Bodybuilding coach, gym life every day #gym #workout",
            45_000,
            "Chest workout routine #gym #fitness #bodybuilding",
            "Deadlift form check #gym #workout"),
        profile(
            "chef_carla",
            "Home cooking and easy recipes from my kitchen #cooking",
            300_000,
            "Creamy pasta recipe in 15 minutes #cooking #recipe #pasta",
            "Sourdough bread baking #baking #recipe"),
        profile(
            "chef_dan",
            "Chef sharing dinner recipes #food #recipe",
            80_000,
            "Garlic butter steak dinner #cooking #dinner",
            "Easy ramen recipe #recipe"),
        profile(
            "gamer_eve",
            "Minecraft builds and Fortnite clips #gaming",
            2_000_000,
            "Insane Fortnite victory royale #gaming #fortnite",
            "Minecraft castle build #minecraft #gaming"),
        profile("empty_frank", "", 0, null, false),
        profile("star_gina", "Actress. Official account.", 40_000_000, 0.12, true));
  }

  /**
   * A synthetic catalog of n profiles over a few topics, reproducible from the seed, sized like
   * real profiles (a bio and up to ten video descriptions with hashtags).
   */
  static List<Profile> synthetic(int n, long seed) {
    String[][] topics = {
      {"fitness", "gym", "workout", "protein", "squat", "cardio", "muscle", "running"},
      {"cooking", "recipe", "pasta", "baking", "dinner", "kitchen", "spicy", "dessert"},
      {"gaming", "fortnite", "minecraft", "stream", "console", "speedrun", "roblox", "clips"},
      {"makeup", "skincare", "beauty", "lipstick", "routine", "glow", "serum", "nails"},
      {"travel", "beach", "mountains", "hotel", "flight", "backpacking", "island", "roadtrip"},
      {"music", "guitar", "singer", "cover", "piano", "producer", "beats", "concert"},
      {"dogs", "puppy", "cats", "kitten", "rescue", "pets", "training", "shelter"},
      {"comedy", "funny", "prank", "skit", "memes", "jokes", "parody", "sketch"}
    };
    String[] filler = {"today", "love", "life", "daily", "best", "new", "vlog", "story", "week"};
    Random random = new Random(seed);
    List<Profile> profiles = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String[] topic = topics[random.nextInt(topics.length)];
      String bio = sentence(random, topic, filler, 12) + " #" + topic[0];
      String[] videos = new String[random.nextInt(11)];
      for (int v = 0; v < videos.length; v++) {
        videos[v] = sentence(random, topic, filler, 20) + " #" + pick(random, topic) + " #fyp";
      }
      long followers = (long) Math.pow(10, 2 + random.nextDouble() * 6);
      profiles.add(
          profile(
              "user" + i + "_" + Long.toHexString(random.nextLong()),
              bio,
              followers,
              random.nextDouble() * 0.2,
              random.nextInt(20) == 0,
              videos));
    }
    return profiles;
  }

  private static String sentence(Random random, String[] topic, String[] filler, int words) {
    StringBuilder sentence = new StringBuilder();
    for (int w = 0; w < words; w++) {
      sentence.append(random.nextBoolean() ? pick(random, topic) : pick(random, filler));
      sentence.append(' ');
    }
    return sentence.toString();
  }

  private static String pick(Random random, String[] words) {
    return words[random.nextInt(words.length)];
  }
}
