package io.lockerism.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lockerism.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The public catalog table: batch upserts for imports, search and lookups for pages and API. */
public final class ProfileRepository {

  private static final Pattern HASHTAG = Pattern.compile("#[\\p{L}\\p{N}_]+");
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
  private static final TypeReference<List<TopVideo>> TOP_VIDEOS = new TypeReference<>() {};

  private static final String COLUMNS =
      "account_id, nickname, biography, bio_link, verified,"
          + " followers, following, likes, videos_count, avg_engagement_rate,"
          + " comment_engagement_rate, like_engagement_rate, create_time, source_id, url,"
          + " profile_pic_url, scraped_at, top_videos, search_text";
  private static final String INSERT =
      "INSERT INTO profiles ("
          + COLUMNS
          + ", name_key)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String UPDATE =
      "UPDATE profiles SET nickname = ?, biography = ?,"
          + " bio_link = ?, verified = ?, followers = ?, following = ?, likes = ?, videos_count = ?,"
          + " avg_engagement_rate = ?, comment_engagement_rate = ?, like_engagement_rate = ?,"
          + " create_time = ?, source_id = ?, url = ?, profile_pic_url = ?, scraped_at = ?,"
          + " top_videos = ?, search_text = ?, name_key = ? WHERE account_id = ?";

  /** Rows keyed per transaction when filling in name keys: bounds memory and lock time. */
  private static final int NAME_KEY_BATCH = 500;

  private final Database db;

  public ProfileRepository(Database db) {
    this.db = db;
  }

  public long count() {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM profiles");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  public Optional<Profile> find(String accountId) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM profiles WHERE account_id = ?")) {
            ps.setString(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(read(rs)) : Optional.<Profile>empty();
            }
          }
        });
  }

  /** The profiles with these account ids (missing ids are left out). */
  public java.util.Map<String, Profile> findAll(Collection<String> ids) {
    java.util.Map<String, Profile> out = new java.util.HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    return db.withConnection(
        c -> {
          String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM profiles WHERE account_id IN (" + marks + ")")) {
            int i = 1;
            for (String id : ids) {
              ps.setString(i++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                Profile p = read(rs);
                out.put(p.accountId(), p);
              }
            }
          }
          return out;
        });
  }

  /** Every profile ordered by account id, the catalog order snapshots are built in. */
  public List<Profile> all() {
    return db.withConnection(
        c -> {
          List<Profile> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT " + COLUMNS + " FROM profiles ORDER BY account_id");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(read(rs));
            }
          }
          return out;
        });
  }

  /**
   * Gives every row without a name key (imported before the key existed) its key, a batch at a
   * time; returns how many rows were keyed.
   */
  public long fillNameKeys() {
    long filled = 0;
    int batch;
    do {
      batch = db.inTransaction(ProfileRepository::fillNameKeyBatch);
      filled += batch;
    } while (batch == NAME_KEY_BATCH);
    return filled;
  }

  private static int fillNameKeyBatch(Connection c) throws SQLException {
    List<String[]> rows = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT account_id, nickname FROM profiles WHERE name_key IS NULL"
                + " ORDER BY account_id LIMIT "
                + NAME_KEY_BATCH)) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE profiles SET name_key = ? WHERE account_id = ?")) {
      for (String[] row : rows) {
        ps.setString(1, NameKeys.of(row[1]));
        ps.setString(2, row[0]);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return rows.size();
  }

  public Page<Profile> search(CatalogQuery query) {
    SqlFilter filter = SqlFilter.of(query);
    return db.withConnection(
        c -> {
          long total;
          try (PreparedStatement ps =
              c.prepareStatement("SELECT COUNT(*) FROM profiles" + filter.where())) {
            filter.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              total = rs.getLong(1);
            }
          }
          String sql =
              "SELECT "
                  + COLUMNS
                  + " FROM profiles"
                  + filter.where()
                  + " ORDER BY "
                  + query.sort().orderBy()
                  + " LIMIT ? OFFSET ?";
          List<Profile> items = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            int next = filter.bind(ps, 1);
            ps.setInt(next, query.pageSize());
            ps.setLong(next + 1, query.offset());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                items.add(read(rs));
              }
            }
          }
          return new Page<>(items, query.page(), query.pageSize(), total);
        });
  }

  /**
   * Inserts new profiles and updates existing ones (by account id) on the caller's connection, so
   * an import can run all its batches in one transaction.
   */
  public void upsertBatch(Connection c, List<Profile> batch) throws SQLException {
    Set<String> existing = existingIds(c, batch.stream().map(Profile::accountId).toList());
    try (PreparedStatement insert = c.prepareStatement(INSERT);
        PreparedStatement update = c.prepareStatement(UPDATE)) {
      for (Profile p : batch) {
        if (existing.contains(p.accountId())) {
          bindUpdate(update, p);
          update.addBatch();
        } else {
          bindInsert(insert, p);
          insert.addBatch();
        }
      }
      insert.executeBatch();
      update.executeBatch();
    }
  }

  private static Set<String> existingIds(Connection c, Collection<String> ids) throws SQLException {
    Set<String> found = new HashSet<>();
    if (ids.isEmpty()) {
      return found;
    }
    String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
    try (PreparedStatement ps =
        c.prepareStatement("SELECT account_id FROM profiles WHERE account_id IN (" + marks + ")")) {
      int i = 1;
      for (String id : ids) {
        ps.setString(i++, id);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
    }
    return found;
  }

  private static void bindInsert(PreparedStatement ps, Profile p) throws SQLException {
    ps.setString(1, p.accountId());
    bindValues(ps, 2, p);
  }

  private static void bindUpdate(PreparedStatement ps, Profile p) throws SQLException {
    int next = bindValues(ps, 1, p);
    ps.setString(next, p.accountId());
  }

  /** Binds every column but account_id from position {@code i}; returns the next position. */
  private static int bindValues(PreparedStatement ps, int i, Profile p) throws SQLException {
    ps.setString(i++, p.nickname());
    ps.setString(i++, p.biography());
    ps.setString(i++, p.bioLink());
    ps.setBoolean(i++, p.verified());
    ps.setLong(i++, p.followers());
    ps.setLong(i++, p.following());
    ps.setLong(i++, p.likes());
    ps.setLong(i++, p.videosCount());
    setDouble(ps, i++, p.avgEngagementRate());
    setDouble(ps, i++, p.commentEngagementRate());
    setDouble(ps, i++, p.likeEngagementRate());
    setInstant(ps, i++, p.createTime());
    ps.setString(i++, p.id());
    ps.setString(i++, p.url());
    ps.setString(i++, p.profilePicUrl());
    setInstant(ps, i++, p.scrapedAt());
    ps.setString(i++, toJson(p.topVideos()));
    ps.setString(i++, searchText(p));
    ps.setString(i++, NameKeys.of(p.nickname()));
    return i;
  }

  /** What search matches: nickname, biography and every hashtag of the top videos. */
  static String searchText(Profile p) {
    StringBuilder text = new StringBuilder(p.nickname()).append('\n').append(p.biography());
    for (TopVideo v : p.topVideos()) {
      Matcher m = HASHTAG.matcher(v.description());
      while (m.find()) {
        text.append(' ').append(m.group());
      }
    }
    return text.toString().toLowerCase(Locale.ROOT);
  }

  private static Profile read(ResultSet rs) throws SQLException {
    return new Profile(
        rs.getString("account_id"),
        rs.getString("nickname"),
        rs.getString("biography"),
        rs.getString("bio_link"),
        rs.getBoolean("verified"),
        rs.getLong("followers"),
        rs.getLong("following"),
        rs.getLong("likes"),
        rs.getLong("videos_count"),
        getDouble(rs, "avg_engagement_rate"),
        getDouble(rs, "comment_engagement_rate"),
        getDouble(rs, "like_engagement_rate"),
        getInstant(rs, "create_time"),
        rs.getString("source_id"),
        rs.getString("url"),
        rs.getString("profile_pic_url"),
        getInstant(rs, "scraped_at"),
        fromJson(rs.getString("top_videos")));
  }

  private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.DOUBLE);
    } else {
      ps.setDouble(i, v);
    }
  }

  private static void setInstant(PreparedStatement ps, int i, Instant v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(i, v.atOffset(java.time.ZoneOffset.UTC));
    }
  }

  private static Double getDouble(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  private static Instant getInstant(ResultSet rs, String column) throws SQLException {
    java.time.OffsetDateTime t = rs.getObject(column, java.time.OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static String toJson(List<TopVideo> videos) {
    try {
      return JSON.writeValueAsString(videos);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("top videos could not be written as JSON", e);
    }
  }

  private static List<TopVideo> fromJson(String json) {
    try {
      return JSON.readValue(json, TOP_VIDEOS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored top videos are not valid JSON", e);
    }
  }

  /** The WHERE clause of a catalog query with its parameters, bound in order. */
  private record SqlFilter(String where, List<Object> params) {

    static SqlFilter of(CatalogQuery q) {
      List<String> clauses = new ArrayList<>();
      List<Object> params = new ArrayList<>();
      for (String word : q.text().split("\\s+")) {
        if (!word.isEmpty()) {
          // A word matches the words of a profile, its @handle (the end of its TikTok address)
          // or, exactly, its account id: people search for a creator by any of these.
          String lower = word.toLowerCase(Locale.ROOT);
          String handle = lower.startsWith("@") ? lower.substring(1) : lower;
          clauses.add(
              "(search_text LIKE ? ESCAPE '\\' OR LOWER(url) LIKE ? ESCAPE '\\'"
                  + " OR account_id = ?)");
          params.add("%" + escapeLike(lower) + "%");
          params.add("%/@" + escapeLike(handle) + "%");
          params.add(word);
        }
      }
      if (q.verified() != null) {
        clauses.add("verified = ?");
        params.add(q.verified());
      }
      if (q.minFollowers() != null) {
        clauses.add("followers >= ?");
        params.add(q.minFollowers());
      }
      if (q.maxFollowers() != null) {
        clauses.add("followers <= ?");
        params.add(q.maxFollowers());
      }
      String where = clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
      return new SqlFilter(where, params);
    }

    int bind(PreparedStatement ps, int first) throws SQLException {
      int i = first;
      for (Object p : params) {
        ps.setObject(i++, p);
      }
      return i;
    }

    private static String escapeLike(String word) {
      return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
  }
}
