package io.lockerism.catalog;

import static io.lockerism.catalog.CatalogColumn.*;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.csv.CSVRecord;

/**
 * Turns one CSV record into a {@link Profile}, checking every field. All bad fields of a row are
 * reported together, so a user fixes a row once rather than once per field.
 */
final class ProfileRowMapper {
  /** A mapped row: exactly one of {@code profile} and {@code problem} is non-null. */
  record Mapped(Profile profile, String problem) {}

  private final Map<CatalogColumn, Integer> positions;

  ProfileRowMapper(Map<CatalogColumn, Integer> positions) {
    this.positions = new EnumMap<>(positions);
  }

  Mapped map(CSVRecord record) {
    List<String> problems = new ArrayList<>();
    Cells cells = new Cells(record, problems);
    Profile profile =
        new Profile(
            cells.get(ACCOUNT_ID, CellValues::accountId, ""),
            cells.get(NICKNAME, CellValues::text, ""),
            cells.get(BIOGRAPHY, CellValues::text, ""),
            cells.get(BIO_LINK, CellValues::bioLink, ""),
            cells.get(IS_VERIFIED, CellValues::flag, false),
            cells.get(FOLLOWERS, CellValues::count, 0L),
            cells.get(FOLLOWING, CellValues::count, 0L),
            cells.get(LIKES, CellValues::count, 0L),
            cells.get(VIDEOS_COUNT, CellValues::count, 0L),
            cells.get(AVG_ENGAGEMENT_RATE, CellValues::rate, null),
            cells.get(COMMENT_ENGAGEMENT_RATE, CellValues::rate, null),
            cells.get(LIKE_ENGAGEMENT_RATE, CellValues::rate, null),
            cells.get(CREATE_TIME, CellValues::instant, null),
            cells.get(ID, CellValues::text, ""),
            cells.get(URL, CellValues::url, ""),
            cells.get(PROFILE_PIC_URL, CellValues::url, ""),
            cells.get(TIMESTAMP, CellValues::instant, null),
            cells.get(TOP_VIDEOS, raw -> TopVideosJson.parse(CellValues.text(raw)), List.of()));
    return problems.isEmpty()
        ? new Mapped(profile, null)
        : new Mapped(null, String.join("; ", problems));
  }

  /** Reads cells by column, recording a problem (and using a placeholder) for bad values. */
  private final class Cells {
    private final CSVRecord record;
    private final List<String> problems;

    Cells(CSVRecord record, List<String> problems) {
      this.record = record;
      this.problems = problems;
    }

    <T> T get(CatalogColumn column, Function<String, T> parse, T placeholder) {
      Integer position = positions.get(column);
      String raw = position == null ? "" : record.get(position);
      try {
        CellValues.checkEncoding(raw);
        return parse.apply(raw);
      } catch (InvalidValueException e) {
        problems.add(column.header() + ": " + e.getMessage());
        return placeholder;
      }
    }
  }
}
