package io.lockerism.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.lockerism.catalog.SampleVocabulary.Language;
import io.lockerism.catalog.SampleVocabulary.Niche;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes synthetic TikTok profile catalogs in the Bright Data CSV layout ({@link CatalogColumn}).
 *
 * <p>Deterministic: the same seed and count give byte-identical output on any JVM, because each row
 * comes from its own {@link SeededRandom} stream and numbers are formatted without locale or
 * JDK-version dependence. Streaming: rows are written as they are made, so a million-row catalog
 * needs no more memory than one row.
 *
 * <p>Content is meant to look like the real data set to the feature extractor: 22 niches with their
 * own hashtags and video topics, bios in seven languages with emoji, heavy-tailed (log-normal)
 * follower counts with consistent likes and engagement, verification that is more likely for big
 * accounts, and about one account in five mixing two niches.
 */
public final class SampleCatalogGenerator {
  /** The seed of the bundled sample, data/profiles-sample.csv. */
  public static final long SAMPLE_SEED = 20240612L;

  /** The number of profiles in the bundled sample. */
  public static final int SAMPLE_PROFILES = 1000;

  // LF rather than RFC 4180's CRLF keeps the committed sample diff-friendly; readers take both.
  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180
          .builder()
          .setRecordSeparator('\n')
          .setHeader(
              Arrays.stream(CatalogColumn.values())
                  .map(CatalogColumn::header)
                  .toArray(String[]::new))
          .get();
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final JsonFactory JSON = new JsonFactory();

  private static final long FIRST_CREATE_TIME =
      Instant.parse("2016-09-01T00:00:00Z").getEpochSecond();
  private static final long LAST_CREATE_TIME =
      Instant.parse("2023-12-31T23:59:59Z").getEpochSecond();
  private static final long FIRST_SCRAPE = Instant.parse("2024-06-10T00:00:00Z").getEpochSecond();
  private static final long LAST_SCRAPE = Instant.parse("2024-06-14T23:59:59Z").getEpochSecond();
  private static final long TWO_YEARS = 2L * 365 * 24 * 3600;
  private static final BigInteger ID_MULTIPLIER = BigInteger.valueOf(73_197_226_343_118_923L);
  private static final BigInteger ID_MODULUS = BigInteger.TEN.pow(17);
  private static final double MIXED_NICHE_SHARE = 0.2;
  private static final String BASE64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private SampleCatalogGenerator() {}

  /**
   * Writes a header and {@code profiles} rows to {@code out} (not closed; flushed at the end).
   * Profile {@code i} depends only on {@code seed} and {@code i}, so a larger catalog with the same
   * seed starts with the rows of a smaller one.
   */
  public static void write(long seed, int profiles, Writer out) throws IOException {
    if (profiles < 0) {
      throw new IllegalArgumentException("profiles must not be negative: " + profiles);
    }
    CSVPrinter printer = new CSVPrinter(out, FORMAT);
    for (int i = 0; i < profiles; i++) {
      printer.printRecord(new ProfileMaker(seed, i).cells());
    }
    printer.flush();
  }

  /** Makes the cells of one profile row from its own random stream. */
  private static final class ProfileMaker {
    private final SeededRandom random;
    private final int index;
    private final Language language;
    private final Niche niche;
    private final Niche secondNiche;
    private final String handle;
    private final String displayName;
    private final long followers;
    private final long createTime;
    private final long scrapedAt;

    ProfileMaker(long seed, int index) {
      this.random = SeededRandom.forItem(seed, index);
      this.index = index;
      this.language = pickLanguage();
      this.niche = random.pick(SampleVocabulary.NICHES);
      this.secondNiche = random.chance(MIXED_NICHE_SHARE) ? otherNiche() : null;
      String[] name =
          random.pick(SampleVocabulary.FIRST_NAMES.get(language.ordinal())).split("\\|");
      // The index makes every handle unique: the handle word always ends in a letter.
      this.handle = name[0] + (random.chance(0.5) ? "_" : ".") + niche.handleWord() + index;
      this.displayName = name[1];
      this.followers = clamp(Math.round(random.logNormal(6_000, 2.1)), 12, 150_000_000);
      this.createTime = random.between(FIRST_CREATE_TIME, LAST_CREATE_TIME);
      this.scrapedAt = random.between(FIRST_SCRAPE, LAST_SCRAPE);
    }

    List<String> cells() {
      long videos = clamp(Math.round(random.logNormal(140, 1.0)), 3, 9_000);
      long likes = Math.round(followers * random.logNormal(11, 0.6));
      double likeRate = (double) likes / videos / followers;
      double commentRate = likeRate * uniform(0.008, 0.04);
      double shareRate = likeRate * uniform(0.005, 0.03);
      return List.of(
          ISO_MILLIS.format(Instant.ofEpochSecond(scrapedAt)),
          accountId(),
          nickname(),
          biography(),
          decimal(likeRate + commentRate + shareRate),
          decimal(commentRate),
          decimal(likeRate),
          bioLink(),
          String.valueOf(random.chance(verifiedChance())),
          String.valueOf(followers),
          String.valueOf(clamp(Math.round(random.logNormal(180, 1.2)), 0, 9_000)),
          String.valueOf(likes),
          String.valueOf(videos),
          ISO_MILLIS.format(Instant.ofEpochSecond(createTime)),
          "MS4wLjABAAAA" + randomChars(BASE64URL, 52),
          topVideosJson(),
          "https://www.tiktok.com/@" + handle,
          "https://p16-sign-va.tiktokcdn.com/tos-maliva-avt-0068/"
              + randomChars("0123456789abcdef", 32)
              + "~c5_720x720.jpeg");
    }

    private Language pickLanguage() {
      int total = Arrays.stream(Language.values()).mapToInt(l -> l.weight).sum();
      int ticket = random.nextInt(total);
      for (Language candidate : Language.values()) {
        ticket -= candidate.weight;
        if (ticket < 0) {
          return candidate;
        }
      }
      throw new AssertionError("weights cover the ticket range");
    }

    private Niche otherNiche() {
      Niche other = random.pick(SampleVocabulary.NICHES);
      return other == niche ? null : other;
    }

    /**
     * A 19-digit id starting 68/69 like TikTok's. Unique because multiplying (index + 1) by a
     * number coprime to 10 permutes the residues mod 10^17, so distinct indices never collide.
     */
    private String accountId() {
      long scrambled =
          BigInteger.valueOf(index + 1L).multiply(ID_MULTIPLIER).mod(ID_MODULUS).longValue();
      return (random.chance(0.5) ? "68" : "69") + String.format(Locale.ROOT, "%017d", scrambled);
    }

    private String nickname() {
      String label = niche.label(language);
      return switch (random.nextInt(4)) {
        case 0 ->
            language == Language.JA ? displayName + label : displayName + " " + capitalize(label);
        case 1 -> displayName + " " + random.pick(niche.emoji());
        case 2 -> handle;
        default -> displayName;
      };
    }

    private String biography() {
      if (random.chance(0.08)) {
        return ""; // some creators leave the bio empty
      }
      String label = niche.label(language);
      String bio =
          random
              .pick(language.bioTemplates)
              .replace("{emoji}", random.pick(niche.emoji()))
              .replace("{Label}", capitalize(label))
              .replace("{label}", label)
              .replace("{city}", random.pick(language.cities))
              .replace("{handle}", handle)
              .replace("{tags}", hashtags(niche, 2));
      if (secondNiche != null) {
        bio += " | " + secondNiche.label(language) + " " + random.pick(secondNiche.emoji());
      }
      return bio;
    }

    private String bioLink() {
      return switch (random.nextInt(8)) {
        case 0 -> "https://linktr.ee/" + handle;
        case 1 -> "https://www.youtube.com/@" + handle;
        case 2 -> "https://www.instagram.com/" + handle;
        default -> "";
      };
    }

    /** Big accounts are far more often verified: about even odds at 1.5M followers. */
    private double verifiedChance() {
      double log10 = StrictMath.log10(followers);
      return 1 / (1 + StrictMath.exp(-3 * (log10 - 6.2)));
    }

    private String topVideosJson() {
      StringWriter text = new StringWriter();
      try (JsonGenerator json = JSON.createGenerator(text)) {
        json.writeStartArray();
        int count = (int) random.between(3, 6);
        for (int v = 0; v < count; v++) {
          writeVideo(json);
        }
        json.writeEndArray();
      } catch (IOException e) {
        throw new UncheckedIOException("writing JSON to a string cannot fail", e);
      }
      return text.toString();
    }

    private void writeVideo(JsonGenerator json) throws IOException {
      Niche videoNiche = secondNiche != null && random.chance(0.4) ? secondNiche : niche;
      String videoId =
          "7" + String.format(Locale.ROOT, "%018d", random.between(0, 999_999_999_999_999_999L));
      long plays = clamp(Math.round(followers * random.logNormal(1.2, 1.1)), 50, 2_000_000_000);
      long diggs = Math.round(plays * uniform(0.02, 0.15));
      long posted = random.between(Math.max(createTime, scrapedAt - TWO_YEARS), scrapedAt);
      json.writeStartObject();
      json.writeStringField("video_id", videoId);
      json.writeStringField("description", videoDescription(videoNiche));
      json.writeNumberField("playcount", plays);
      json.writeNumberField("diggcount", diggs);
      json.writeNumberField("commentcount", Math.round(diggs * uniform(0.005, 0.05)));
      json.writeNumberField("share_count", Math.round(diggs * uniform(0.002, 0.06)));
      json.writeStringField("create_date", ISO_MILLIS.format(Instant.ofEpochSecond(posted)));
      json.writeStringField("video_url", "https://www.tiktok.com/@" + handle + "/video/" + videoId);
      json.writeEndObject();
    }

    private String videoDescription(Niche videoNiche) {
      String topic = random.pick(videoNiche.topics());
      String emoji = random.pick(videoNiche.emoji());
      String text =
          switch (random.nextInt(5)) {
            case 0 -> "POV: " + topic + " " + emoji;
            case 1 -> "Part " + random.between(1, 12) + ": " + topic;
            case 2 -> topic + "?? wait for the end " + emoji;
            case 3 -> "trying " + topic + " for the first time";
            default -> capitalize(topic) + " " + emoji;
          };
      if (language != Language.EN && random.chance(0.5)) {
        text = language.todayPrefix + " " + text;
      }
      String tags = hashtags(videoNiche, (int) random.between(2, 4));
      return text + " " + tags + (random.chance(0.5) ? " #fyp" : "");
    }

    /** {@code count} distinct hashtags of the niche, in a random order. */
    private String hashtags(Niche from, int count) {
      List<String> pool = new ArrayList<>(from.hashtags());
      List<String> chosen = new ArrayList<>();
      for (int i = 0; i < count && !pool.isEmpty(); i++) {
        chosen.add(pool.remove(random.nextInt(pool.size())));
      }
      return String.join(" ", chosen);
    }

    private double uniform(double min, double max) {
      return min + (max - min) * random.nextDouble();
    }

    private String randomChars(String alphabet, int length) {
      StringBuilder text = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      return text.toString();
    }
  }

  /** Six decimals, always with a dot: stable across locales and JDK versions. */
  private static String decimal(double value) {
    return String.format(Locale.ROOT, "%.6f", value);
  }

  private static long clamp(long value, long min, long max) {
    return Math.max(min, Math.min(max, value));
  }

  private static String capitalize(String text) {
    return text.isEmpty()
        ? text
        : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
  }
}
