package io.lockerism.catalog;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the {@code top_videos} cell: a JSON array of video objects. Key names vary between exports,
 * so each field accepts a few spellings (case-insensitive); unknown keys are ignored.
 */
final class TopVideosJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<String> VIDEO_ID = List.of("video_id", "videoid", "id");
  private static final List<String> DESCRIPTION = List.of("description", "desc", "title");
  private static final List<String> PLAY_COUNT =
      List.of("playcount", "play_count", "views", "view_count");
  private static final List<String> LIKE_COUNT =
      List.of("diggcount", "digg_count", "likes", "like_count");
  private static final List<String> COMMENT_COUNT = List.of("commentcount", "comment_count");
  private static final List<String> SHARE_COUNT = List.of("share_count", "sharecount", "shares");
  private static final List<String> CREATED_AT =
      List.of("create_date", "create_time", "createtime", "created_at");
  private static final List<String> VIDEO_URL = List.of("video_url", "videourl", "url");

  private TopVideosJson() {}

  /** Empty, "null" and "[]" all mean no videos. */
  static List<TopVideo> parse(String raw) {
    String value = raw.strip();
    if (value.isEmpty() || value.equals("null")) {
      return List.of();
    }
    JsonNode array = readTree(value);
    if (!array.isArray()) {
      throw new InvalidValueException("is not a JSON array");
    }
    List<TopVideo> videos = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      videos.add(video(i, array.get(i)));
    }
    return videos;
  }

  private static JsonNode readTree(String value) {
    try {
      return JSON.readTree(value);
    } catch (JacksonException e) {
      throw new InvalidValueException("is not valid JSON (" + e.getOriginalMessage() + ")");
    }
  }

  private static TopVideo video(int index, JsonNode node) {
    if (!node.isObject()) {
      throw new InvalidValueException("[" + index + "] is not a JSON object");
    }
    Map<String, JsonNode> fields = lowerCaseFields(node);
    try {
      return new TopVideo(
          text(fields, VIDEO_ID),
          text(fields, DESCRIPTION),
          count(fields, PLAY_COUNT),
          count(fields, LIKE_COUNT),
          count(fields, COMMENT_COUNT),
          count(fields, SHARE_COUNT),
          instant(fields, CREATED_AT),
          url(fields, VIDEO_URL));
    } catch (InvalidValueException e) {
      throw new InvalidValueException("[" + index + "]." + e.getMessage());
    }
  }

  private static Map<String, JsonNode> lowerCaseFields(JsonNode node) {
    Map<String, JsonNode> fields = new java.util.HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      fields.putIfAbsent(field.getKey().toLowerCase(Locale.ROOT), field.getValue());
    }
    return fields;
  }

  /** The first present, non-null value among the accepted spellings, with its key. */
  private static Map.Entry<String, JsonNode> find(Map<String, JsonNode> fields, List<String> keys) {
    for (String key : keys) {
      JsonNode value = fields.get(key);
      if (value != null && !value.isNull()) {
        return Map.entry(key, value);
      }
    }
    return null;
  }

  private static String text(Map<String, JsonNode> fields, List<String> keys) {
    Map.Entry<String, JsonNode> found = find(fields, keys);
    if (found == null) {
      return "";
    }
    if (found.getValue().isContainerNode()) {
      throw new InvalidValueException(found.getKey() + ": is not a string");
    }
    return found.getValue().asText();
  }

  private static long count(Map<String, JsonNode> fields, List<String> keys) {
    Map.Entry<String, JsonNode> found = find(fields, keys);
    if (found == null) {
      return 0;
    }
    JsonNode value = found.getValue();
    try {
      if (value.isNumber()) {
        return wholeNonNegative(value.decimalValue());
      }
      if (value.isTextual()) {
        return CellValues.count(value.asText());
      }
    } catch (ArithmeticException | InvalidValueException e) {
      // fall through to the message below
    }
    throw new InvalidValueException(
        found.getKey()
            + ": "
            + CellValues.quote(value.toString())
            + " is not a non-negative integer");
  }

  private static String url(Map<String, JsonNode> fields, List<String> keys) {
    Map.Entry<String, JsonNode> found = find(fields, keys);
    try {
      return CellValues.url(text(fields, keys));
    } catch (InvalidValueException e) {
      throw new InvalidValueException(found.getKey() + ": " + e.getMessage());
    }
  }

  private static long wholeNonNegative(BigDecimal number) {
    if (number.signum() < 0) {
      throw new ArithmeticException("negative");
    }
    return number.longValueExact();
  }

  private static Instant instant(Map<String, JsonNode> fields, List<String> keys) {
    Map.Entry<String, JsonNode> found = find(fields, keys);
    if (found == null) {
      return null;
    }
    JsonNode value = found.getValue();
    try {
      return value.isNumber()
          ? CellValues.instant(value.decimalValue().toPlainString())
          : CellValues.instant(value.asText());
    } catch (InvalidValueException e) {
      throw new InvalidValueException(found.getKey() + ": " + e.getMessage());
    }
  }
}
