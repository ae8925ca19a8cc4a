package io.lockerism.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lockerism.evm.Address;
import io.lockerism.evm.Word;
import io.lockerism.store.Database;
import io.lockerism.testing.PostgresTestDatabase;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several instances follow one ledger into one database (docs/deployment.md): each FeedVerified
 * event must be stored, and announced, exactly once however their polls interleave.
 */
class LedgerRepositoryTest {

  private static final Address LEDGER = Address.parse("0x" + "ab".repeat(20));
  private static final long CHAIN_ID = 1337;

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void twoInstancesStoringTheSameEventsConcurrentlyStoreEachOnce(String kind) throws Exception {
    String url = freshUrl(kind);
    int events = 300;
    List<LedgerRecord> records = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      records.add(record(i));
    }
    try (Database a = open(url);
        Database b = open(url)) {
      CyclicBarrier start = new CyclicBarrier(2);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<Integer>> stored = new ArrayList<>();
        for (Database db : List.of(a, b)) {
          LedgerRepository instance = new LedgerRepository(db);
          stored.add(
              pool.submit(
                  () -> {
                    start.await();
                    int won = 0;
                    for (LedgerRecord r : records) {
                      won += instance.insert(CHAIN_ID, LEDGER, r) ? 1 : 0;
                    }
                    return won;
                  }));
        }
        int total = stored.get(0).get() + stored.get(1).get();
        assertEquals(events, total, "each event reported as new by exactly one instance");
      } finally {
        pool.shutdownNow();
      }
      List<LedgerRecord> listed = new LedgerRepository(a).list(CHAIN_ID, LEDGER, null);
      assertEquals(events, listed.size(), "each event stored once");
    }
  }

  private static LedgerRecord record(int i) {
    Word tx = Word.of(BigInteger.valueOf(1_000_000L + i / 2));
    return new LedgerRecord(
        "cd".repeat(32),
        Word.of(BigInteger.valueOf(i + 1)),
        Word.of(BigInteger.valueOf(i + 2)),
        20,
        Address.parse("0x" + "12".repeat(20)),
        tx,
        100 + i / 2,
        i % 2,
        Instant.ofEpochSecond(1_700_000_000L + i));
  }

  private static String freshUrl(String kind) {
    if (kind.equals("postgres")) {
      PostgresTestDatabase.reset();
      return PostgresTestDatabase.url();
    }
    return "jdbc:h2:mem:ledger-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  private static Database open(String url) {
    return url.startsWith("jdbc:postgresql:")
        ? Database.open(url, PostgresTestDatabase.user(), PostgresTestDatabase.password())
        : Database.open(url, "sa", "");
  }
}
