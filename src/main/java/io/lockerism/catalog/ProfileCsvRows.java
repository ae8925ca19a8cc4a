package io.lockerism.catalog;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;

/**
 * Streams the rows of a profiles CSV one at a time, each either a {@link Profile} or a problem tied
 * to the physical line where its record starts. Holds one record in memory, plus the account-id
 * fingerprints needed to detect duplicates.
 */
final class ProfileCsvRows implements Closeable {
  /**
   * One outcome. {@code fatal} problems (bad header, broken quoting) end the file: nothing after
   * them can be read reliably.
   */
  record Row(long line, Profile profile, String problem, boolean fatal) {
    String describe() {
      return "line " + line + ": " + problem;
    }
  }

  // Blank lines are kept as records (and skipped here) so the line count stays exact.
  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

  private final String source;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final AccountIdSet seenIds = new AccountIdSet();
  private ProfileRowMapper mapper;
  private int headerWidth;
  private long recordLine;
  private boolean finished;

  private ProfileCsvRows(String source, CSVParser parser) {
    this.source = source;
    this.parser = parser;
    this.records = parser.iterator();
  }

  /** Opens UTF-8 text (an optional byte-order mark is skipped); malformed bytes are problems. */
  static ProfileCsvRows open(InputStream in, String source) throws CatalogFileException {
    try {
      InputStream withoutBom = BOMInputStream.builder().setInputStream(in).get();
      // The decoder reads ahead, so an exception would point at the wrong line; instead a bad
      // byte becomes a marker character that the row checks report on the right line.
      CharsetDecoder markingUtf8 =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPLACE)
              .onUnmappableCharacter(CodingErrorAction.REPLACE)
              .replaceWith(String.valueOf(CellValues.NOT_UTF8));
      Reader reader = new InputStreamReader(withoutBom, markingUtf8);
      return new ProfileCsvRows(
          source, CSVParser.builder().setReader(reader).setFormat(FORMAT).get());
    } catch (IOException e) {
      throw new CatalogFileException(source, "cannot read: " + e.getMessage(), e);
    }
  }

  /** The next data row, or empty at the end of the file (and after a fatal problem). */
  Optional<Row> next() throws CatalogFileException {
    if (finished) {
      return Optional.empty();
    }
    try {
      Optional<Row> headerProblem = mapper == null ? readHeader() : Optional.empty();
      if (headerProblem.isPresent()) {
        return finish(headerProblem);
      }
      Optional<CSVRecord> record = nextNonBlankRecord();
      return record.isEmpty() ? finish(Optional.empty()) : Optional.of(check(record.get()));
    } catch (UncheckedIOException e) {
      return finish(Optional.of(readFailure(e.getCause())));
    }
  }

  private Optional<Row> readHeader() {
    Optional<CSVRecord> header = nextNonBlankRecord();
    if (header.isEmpty()) {
      return Optional.of(fatal(1, "the file is empty; expected a header row"));
    }
    Map<CatalogColumn, Integer> positions = new EnumMap<>(CatalogColumn.class);
    List<String> cells = header.get().toList();
    for (int i = 0; i < cells.size(); i++) {
      Optional<CatalogColumn> column = CatalogColumn.forHeader(cells.get(i));
      if (column.isPresent() && positions.putIfAbsent(column.get(), i) != null) {
        return Optional.of(fatal(recordLine, "column " + column.get().header() + " appears twice"));
      }
    }
    for (CatalogColumn column : CatalogColumn.values()) {
      if (column.required() && !positions.containsKey(column)) {
        return Optional.of(fatal(recordLine, "missing required column " + column.header()));
      }
    }
    headerWidth = cells.size();
    mapper = new ProfileRowMapper(positions);
    return Optional.empty();
  }

  /** Reads the next record that is not a blank line, noting the line where it starts. */
  private Optional<CSVRecord> nextNonBlankRecord() {
    while (true) {
      // The parser has consumed exactly the lines of the records before this one.
      recordLine = parser.getCurrentLineNumber() + 1;
      if (!records.hasNext()) {
        return Optional.empty();
      }
      CSVRecord record = records.next();
      if (!isBlankLine(record)) {
        return Optional.of(record);
      }
    }
  }

  private static boolean isBlankLine(CSVRecord record) {
    return record.size() == 1 && record.get(0).isEmpty();
  }

  /** Broken quoting ends the file with a problem; a failing disk is an exception. */
  private Row readFailure(IOException cause) throws CatalogFileException {
    if (cause instanceof CSVException) {
      return fatal(recordLine, "malformed CSV: " + cause.getMessage());
    }
    throw new CatalogFileException(source, "cannot read: " + cause.getMessage(), cause);
  }

  private Row check(CSVRecord record) {
    long line = recordLine;
    if (record.size() != headerWidth) {
      return problem(line, "has " + record.size() + " fields, the header has " + headerWidth);
    }
    ProfileRowMapper.Mapped mapped = mapper.map(record);
    if (mapped.problem() != null) {
      return problem(line, mapped.problem());
    }
    String accountId = mapped.profile().accountId();
    long firstLine = seenIds.addOrFirstLine(accountId, line);
    if (firstLine != 0) {
      return problem(
          line,
          "account_id: " + CellValues.quote(accountId) + " is a duplicate of line " + firstLine);
    }
    return new Row(line, mapped.profile(), null, false);
  }

  private Optional<Row> finish(Optional<Row> last) {
    finished = true;
    return last;
  }

  private static Row problem(long line, String message) {
    return new Row(line, null, message, false);
  }

  private static Row fatal(long line, String message) {
    return new Row(line, null, message, true);
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
