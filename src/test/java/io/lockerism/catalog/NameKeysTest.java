package io.lockerism.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.store.Database;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NameKeysTest {

  @Test
  void keysSortByLanguageWithCaseAndAccentsOnlyBreakingTies() {
    List<String> names =
        List.of("lucia_reads683", "Léa Mode", "Lea Mode", "lea mode", "Zoë", "Ana");
    List<String> sorted =
        names.stream().sorted(java.util.Comparator.comparing(NameKeys::of)).toList();
    assertEquals(
        List.of("Ana", "lea mode", "Lea Mode", "Léa Mode", "lucia_reads683", "Zoë"), sorted);
  }

  @Test
  void aVeryLongNameGetsAKeyThatFitsTheColumn() {
    String key = NameKeys.of("🎶".repeat(500) + "x".repeat(5000));
    assertTrue(key.length() <= NameKeys.MAX_KEY_LENGTH, "length " + key.length());
  }

  /** Rows from before the key column existed get their key when the app starts. */
  @Test
  void rowsWithoutAKeyAreKeyedInBatches() throws Exception {
    try (Database db =
        Database.open("jdbc:h2:mem:names-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "")) {
      CatalogService catalog = new CatalogService(db);
      catalog.importSampleIfEmpty();
      db.inTransaction(
          c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE profiles SET name_key = NULL")) {
              return ps.executeUpdate();
            }
          });

      assertEquals(1000, new ProfileRepository(db).fillNameKeys());
      assertEquals(0, new ProfileRepository(db).fillNameKeys());
      Page<Profile> first =
          catalog.search(new CatalogQuery("", null, null, null, CatalogQuery.Sort.NAME_ASC, 1, 24));
      assertTrue(first.items().get(0).nickname().compareToIgnoreCase("b") < 0);
    }
  }
}
