package io.lockerism.model;

import java.util.Set;

/**
 * Splits profile text into terms, Unicode-aware.
 *
 * <ul>
 *   <li>Text is lowercased code point by code point (locale-independent, so Turkish locales do not
 *       change the result) and split on anything that is not a letter, digit or combining mark
 *       (marks keep Devanagari, Bengali, … words whole).
 *   <li>{@code #tag} becomes the term {@code "#tag"}; the caller weighs hashtags higher because
 *       creators choose them to say what they are about.
 *   <li>Words of scripts written without spaces (Han, Hiragana, Katakana, Thai) are split into
 *       overlapping character bigrams, otherwise a whole sentence would be one term.
 *   <li>Dropped: words shorter than {@link #MIN_WORD_LENGTH} code points, pure numbers, stop words,
 *       and generic reach hashtags (#fyp, #viral, …) that say nothing about a topic.
 * </ul>
 */
final class Tokenizer {

  /** Receives each term of a text, in order of appearance. */
  interface TermSink {
    void term(String term, boolean hashtag);
  }

  static final int MIN_WORD_LENGTH = 3;

  /** Thai, U+0E00, is the lowest code point of the unsegmented scripts handled here. */
  private static final int FIRST_UNSEGMENTED = 0x0E00;

  private static final Set<String> STOP_WORDS =
      Set.of(
          "the",
          "and",
          "for",
          "you",
          "your",
          "with",
          "this",
          "that",
          "are",
          "was",
          "not",
          "but",
          "all",
          "our",
          "have",
          "has",
          "from",
          "what",
          "who",
          "how",
          "just",
          "can",
          "get",
          "out",
          "its",
          "los",
          "las",
          "del",
          "con",
          "por",
          "una",
          "que",
          "und",
          "der",
          "die",
          "das",
          "les",
          "des",
          "est",
          "pour",
          "follow",
          "link",
          "bio",
          "www",
          "com",
          "http",
          "https",
          "tiktok",
          "instagram",
          "youtube",
          "insta",
          "email",
          "gmail",
          "business",
          "contact",
          "inquiries");

  private static final Set<String> GENERIC_HASHTAGS =
      Set.of(
          "fyp",
          "fy",
          "fypシ",
          "foryou",
          "foryoupage",
          "viral",
          "trending",
          "trend",
          "parati",
          "xyzbca",
          "tiktok",
          "duet",
          "capcut",
          "explore",
          "explorepage",
          "pourtoi",
          "fürdich");

  private Tokenizer() {}

  static void tokenize(String text, TermSink sink) {
    StringBuilder word = new StringBuilder(); // reused for every word of the text
    int length = text.length();
    int i = 0;
    while (i < length) {
      int cp = text.codePointAt(i);
      if (cp == '#' && i + 1 < length && isWordPart(text.codePointAt(i + 1))) {
        i = readWord(text, i + 1, word, sink, true);
      } else if (isWordPart(cp)) {
        i = readWord(text, i, word, sink, false);
      } else {
        i += Character.charCount(cp);
      }
    }
  }

  /** Reads one run of word characters starting at {@code start}; returns the index after it. */
  private static int readWord(
      String text, int start, StringBuilder word, TermSink sink, boolean hashtag) {
    word.setLength(0);
    int i = start;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (!isWordPart(cp)) {
        break;
      }
      word.appendCodePoint(Character.toLowerCase(cp));
      i += Character.charCount(cp);
    }
    emit(word.toString(), hashtag, sink);
    return i;
  }

  private static void emit(String word, boolean hashtag, TermSink sink) {
    if (hashtag) {
      if (!GENERIC_HASHTAGS.contains(word) && !isNumber(word)) {
        sink.term("#" + word, true);
      }
    } else if (hasUnsegmentedScript(word)) {
      emitBigrams(word, sink);
    } else if (word.codePointCount(0, word.length()) >= MIN_WORD_LENGTH
        && !STOP_WORDS.contains(word)
        && !isNumber(word)) {
      sink.term(word, false);
    }
  }

  private static void emitBigrams(String word, TermSink sink) {
    int[] cps = word.codePoints().toArray();
    if (cps.length == 1) {
      sink.term(word, false);
      return;
    }
    for (int k = 0; k + 1 < cps.length; k++) {
      sink.term(new String(cps, k, 2), false);
    }
  }

  private static boolean isWordPart(int cp) {
    if (Character.isLetterOrDigit(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
  }

  private static boolean hasUnsegmentedScript(String word) {
    for (int i = 0; i < word.length(); ) {
      int cp = word.codePointAt(i);
      if (isUnsegmented(cp)) {
        return true;
      }
      i += Character.charCount(cp);
    }
    return false;
  }

  /** Scripts without spaces between words. */
  private static boolean isUnsegmented(int cp) {
    if (cp < FIRST_UNSEGMENTED) {
      return false; // fast path: Latin, Cyrillic, Arabic, Devanagari, … (script lookup is slow)
    }
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    return script == Character.UnicodeScript.HAN
        || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA
        || script == Character.UnicodeScript.THAI;
  }

  private static boolean isNumber(String word) {
    for (int i = 0; i < word.length(); ) {
      int cp = word.codePointAt(i);
      if (!Character.isDigit(cp)) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }
}
