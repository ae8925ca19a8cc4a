package io.lockerism.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {

  @Test
  void lowercasesAndSplitsOnPunctuation() {
    assertEquals(List.of("strength", "mobility", "coach"), terms("Strength & MOBILITY... coach!"));
  }

  @Test
  void keepsHashtagsAsTheirOwnTerms() {
    assertEquals(List.of("leg", "day", "#fitness", "#gymlife"), terms("Leg day #Fitness #gymLife"));
  }

  @Test
  void dropsShortWordsStopWordsNumbersAndGenericHashtags() {
    assertEquals(List.of("recipe"), terms("my recipe for you 2024 #fyp #ForYou #viral in ok"));
  }

  @Test
  void handlesNonLatinScripts() {
    assertEquals(
        List.of("приготовление", "ужина", "#рецепт", "straße"),
        terms("Приготовление УЖИНА #рецепт Straße"));
    assertEquals(List.of("मेरा", "खाना"), terms("मेरा खाना")); // combining marks stay in words
  }

  @Test
  void splitsUnspacedScriptsIntoBigrams() {
    assertEquals(List.of("料理", "理動", "動画", "#料理"), terms("料理動画 #料理"));
  }

  @Test
  void emptyTextHasNoTerms() {
    assertEquals(List.of(), terms(""));
    assertEquals(List.of(), terms("# ## !!"));
  }

  @Test
  void fnv1a64MatchesThePublishedTestVectors() {
    assertEquals(0xcbf29ce484222325L, Fnv1a64.hash(""));
    assertEquals(0xaf63dc4c8601ec8cL, Fnv1a64.hash("a"));
    assertEquals(0x85944171f73967e8L, Fnv1a64.hash("foobar"));
  }

  /** Values from an independent implementation (Python), including non-ASCII UTF-8 input. */
  @Test
  void termHashIsFnv1aThenFmix64() {
    assertEquals(0xd556a6d344ec3176L, Fnv1a64.hash("#fitness"));
    assertEquals(0x75cda9bf58a73d1bL, Fnv1a64.termHash("#fitness"));
    assertEquals(0xb0318cec635a766dL, Fnv1a64.termHash("кухня"));
    assertEquals(0x5acb190340455783L, Fnv1a64.termHash("料理"));
  }

  private static List<String> terms(String text) {
    List<String> terms = new ArrayList<>();
    Tokenizer.tokenize(text, (term, hashtag) -> terms.add(term));
    return terms;
  }
}
