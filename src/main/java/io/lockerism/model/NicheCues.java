package io.lockerism.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Niche families and the words/hashtags that signal them.
 *
 * <p>Hashed term columns mix unrelated terms; niche columns give the model a few clean topic axes
 * so that, say, {@code #workoutroutine} and {@code gym} land on the same column even though they
 * hash apart. A hashtag matches a family when it starts with one of its cues ({@code
 * #fitnessmotivation} → fitness); a plain word must equal a cue.
 *
 * <p>When D leaves fewer niche columns than families, family f goes to niche column f mod
 * nicheColumns; the order below puts the most common niches first so they get their own columns.
 */
final class NicheCues {

  record Family(String name, Set<String> cues) {}

  static final List<Family> FAMILIES =
      List.of(
          family(
              "fitness",
              "fitness",
              "fit",
              "gym",
              "workout",
              "bodybuilding",
              "crossfit",
              "yoga",
              "training",
              "muscle",
              "personaltrainer",
              "fitfam",
              "pilates",
              "gains"),
          family(
              "food", "food", "foodie", "cooking", "cook", "recipe", "recipes", "chef", "baking",
              "kitchen", "foodtok", "dinner", "vegan", "mukbang"),
          family(
              "beauty",
              "beauty",
              "makeup",
              "skincare",
              "hair",
              "nails",
              "cosmetics",
              "grwm",
              "lipstick",
              "mua"),
          family(
              "fashion",
              "fashion",
              "style",
              "outfit",
              "ootd",
              "model",
              "streetwear",
              "modeling",
              "clothing"),
          family(
              "comedy",
              "comedy",
              "funny",
              "meme",
              "memes",
              "humor",
              "prank",
              "jokes",
              "skit",
              "comedian"),
          family(
              "music",
              "music",
              "singer",
              "singing",
              "rapper",
              "song",
              "songs",
              "producer",
              "guitar",
              "piano",
              "cover",
              "musician"),
          family("dance", "dance", "dancer", "dancing", "choreography", "dancechallenge"),
          family(
              "gaming",
              "gaming",
              "gamer",
              "game",
              "games",
              "fortnite",
              "minecraft",
              "twitch",
              "esports",
              "streamer",
              "roblox"),
          family(
              "sports",
              "sports",
              "football",
              "soccer",
              "basketball",
              "nba",
              "nfl",
              "athlete",
              "futbol",
              "tennis",
              "boxing",
              "mma"),
          family(
              "travel",
              "travel",
              "traveler",
              "traveling",
              "adventure",
              "wanderlust",
              "vacation",
              "explore"),
          family(
              "pets",
              "pets",
              "pet",
              "dog",
              "dogs",
              "puppy",
              "cat",
              "cats",
              "kitten",
              "animals",
              "dogsoftiktok",
              "catsoftiktok"),
          family(
              "tech",
              "tech",
              "technology",
              "coding",
              "programming",
              "developer",
              "gadgets",
              "software",
              "iphone",
              "ai"),
          family(
              "education",
              "education",
              "learn",
              "learning",
              "science",
              "history",
              "teacher",
              "study",
              "facts",
              "tips",
              "math"));

  static final int FAMILY_COUNT = FAMILIES.size();

  /** Hashtag cues shorter than this only match exactly, so #fitness matches but #fitz does not. */
  private static final int MIN_PREFIX_CUE = 4;

  /** Cue → bit set of the families it signals; one lookup per candidate instead of a scan. */
  private static final Map<String, Integer> FAMILIES_BY_CUE = familiesByCue();

  private static final int LONGEST_CUE =
      FAMILIES_BY_CUE.keySet().stream().mapToInt(String::length).max().orElse(0);

  private NicheCues() {}

  /**
   * The families a term signals, as a bit set (bit f = family f); usually none or one. Hashtags
   * carry their leading '#'.
   */
  static int matchFamilies(String term, boolean hashtag) {
    String bare = hashtag ? term.substring(1) : term;
    int families = FAMILIES_BY_CUE.getOrDefault(bare, 0);
    if (hashtag) {
      for (int length = MIN_PREFIX_CUE;
          length < Math.min(bare.length(), LONGEST_CUE + 1);
          length++) {
        families |= FAMILIES_BY_CUE.getOrDefault(bare.substring(0, length), 0);
      }
    }
    return families;
  }

  private static Map<String, Integer> familiesByCue() {
    Map<String, Integer> byCue = new HashMap<>();
    for (int f = 0; f < FAMILY_COUNT; f++) {
      for (String cue : FAMILIES.get(f).cues()) {
        byCue.merge(cue, 1 << f, (a, b) -> a | b);
      }
    }
    return byCue;
  }

  /** Label for a niche column: the names of the families folded into it. */
  static String columnLabel(int nicheColumn, int nicheColumns) {
    StringBuilder names = new StringBuilder();
    for (int f = nicheColumn; f < FAMILY_COUNT; f += nicheColumns) {
      names.append(names.length() == 0 ? "" : "/").append(FAMILIES.get(f).name());
    }
    return "niche: " + names;
  }

  private static Family family(String name, String... cues) {
    return new Family(name, Set.of(cues));
  }
}
