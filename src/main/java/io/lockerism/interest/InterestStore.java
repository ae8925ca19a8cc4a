package io.lockerism.interest;

import io.lockerism.engine.HeCiphertext;
import io.lockerism.engine.HeClient;
import io.lockerism.engine.HePublicKey;
import io.lockerism.locker.Vault;
import io.lockerism.model.LikeAction;
import io.lockerism.model.PlaintextScorer;
import io.lockerism.model.Snapshot;
import io.lockerism.store.Database;
import io.lockerism.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Each viewer's like-set (sealed in their vault) and encrypted interest Enc(u), and the one thing
 * that changes them: a like or unlike adds or subtracts the profile's row M_i homomorphically —
 * nothing is decrypted. The interest always belongs to exactly one snapshot: when another one is
 * current, it is rebuilt from the like-set (profiles no longer in the catalog drop out).
 *
 * <p>Every Enc(u) written is freshly random: a first insert and a rebuild are fresh public-key
 * encryptions, and a like or unlike re-randomizes the row addition's result. Otherwise two stored
 * versions of one viewer's Enc(u) (two backups, the WAL, an old page) would differ by exactly the
 * liked row, which anyone can match against the public catalog. The sealed like-set is sealed with
 * a fresh nonce every time and padded to one size, so it changes unrecognizably too.
 *
 * <p>Reads take no row lock (plain MVCC reads); only an update serializes per viewer — in memory
 * within this instance, and with a row lock across instances — so concurrent likes from several
 * sessions lose nothing, and feeds never wait for them.
 */
public final class InterestStore {

  private final Database db;
  private final HeClient he;
  private final InterestRepository rows = new InterestRepository();
  private final WriterLocks writers = new WriterLocks(256);

  public InterestStore(Database db, HeClient he) {
    this.db = db;
    this.he = he;
  }

  /** Gives a viewer an empty like-set and Enc(0) under {@code snapshot} unless they have one. */
  public void ensureCreated(Vault vault, Snapshot snapshot) {
    if (db.withConnection(c -> rows.exists(c, vault.accountId()))) {
      return;
    }
    LikeSet empty = LikeSet.empty(snapshot.id());
    try (HeCiphertext zero = encrypt(vault.publicKey(), snapshot, empty)) {
      byte[] sealed = vault.sealLikes(empty.encode());
      byte[] interest = zero.serialize();
      db.withConnection(c -> rows.insert(c, vault.accountId(), sealed, interest));
    }
  }

  /**
   * The viewer's interest under {@code snapshot}, rebuilt (and stored) first when it belongs to
   * another snapshot. Takes no row lock.
   */
  public ViewerInterest read(Vault vault, Snapshot snapshot) {
    InterestRepository.InterestRow row =
        db.withConnection(c -> rows.find(c, vault.accountId())).orElseThrow(InterestStore::missing);
    LikeSet likes = LikeSet.decode(vault.openLikes(row.sealedLikes()));
    if (!likes.snapshotId().equals(snapshot.id())) {
      return update(vault, snapshot, null).interest(); // the caller closes its ciphertext
    }
    return view(snapshot, likes, he.readCiphertext(row.interest()), row.interest());
  }

  /**
   * Likes or unlikes the profile at {@code index} of {@code snapshot}: Enc(u ± M_i) and the
   * like-set change together, in one transaction, or neither does.
   */
  public InterestUpdate apply(Vault vault, Snapshot snapshot, int index, LikeAction action) {
    return update(vault, snapshot, new Change(index, snapshot.accountId(index), action));
  }

  private InterestUpdate update(Vault vault, Snapshot snapshot, Change change) {
    ReentrantLock writer = writers.of(vault.accountId());
    writer.lock();
    try {
      InterestUpdate[] made = new InterestUpdate[1];
      try {
        return db.inTransaction(
            c -> {
              made[0] = updateLocked(c, vault, snapshot, change);
              return made[0];
            });
      } catch (RuntimeException e) {
        if (made[0] != null) {
          made[0].close(); // computed, but the commit failed
        }
        throw e;
      }
    } finally {
      writer.unlock();
    }
  }

  private InterestUpdate updateLocked(Connection c, Vault vault, Snapshot snapshot, Change change)
      throws SQLException {
    InterestRepository.InterestRow row =
        rows.findForUpdate(c, vault.accountId()).orElseThrow(InterestStore::missing);
    LikeSet likes = LikeSet.decode(vault.openLikes(row.sealedLikes()));
    boolean dirty = !likes.snapshotId().equals(snapshot.id());
    HeCiphertext interest;
    if (dirty) {
      likes = likes.rebasedOn(snapshot.id(), Set.copyOf(snapshot.accountIds()));
      interest = encrypt(vault.publicKey(), snapshot, likes); // fresh: needs no re-randomizing
    } else {
      interest = he.readCiphertext(row.interest());
    }
    try {
      InterestUpdate.Outcome outcome = InterestUpdate.Outcome.UNCHANGED;
      if (change != null) {
        outcome = outcomeOf(likes, change);
      }
      if (outcome == InterestUpdate.Outcome.CHANGED) {
        HeCiphertext next = changed(vault.publicKey(), interest, snapshot, change);
        interest.close();
        interest = next;
        likes =
            change.action() == LikeAction.LIKE
                ? likes.with(change.accountId())
                : likes.without(change.accountId());
        dirty = true;
      }
      byte[] stored = row.interest();
      if (dirty) {
        stored = interest.serialize();
        rows.update(c, vault.accountId(), vault.sealLikes(likes.encode()), stored);
      }
      return new InterestUpdate(outcome, view(snapshot, likes, interest, stored));
    } catch (SQLException | RuntimeException e) {
      interest.close();
      throw e;
    }
  }

  /** Enc(u ± M_i), re-randomized: its bytes share nothing recognizable with {@code interest}. */
  private HeCiphertext changed(
      HePublicKey key, HeCiphertext interest, Snapshot snapshot, Change change) {
    // The engine's addRow still takes a subtract flag; this is the one place it is set.
    try (HeCiphertext added =
        he.addRow(interest, row(snapshot, change.index()), change.action() == LikeAction.UNLIKE)) {
      return he.rerandomize(key, added);
    }
  }

  private static InterestUpdate.Outcome outcomeOf(LikeSet likes, Change change) {
    if (change.action().isReflectedBy(likes.contains(change.accountId()))) {
      return InterestUpdate.Outcome.UNCHANGED;
    }
    if (change.action() == LikeAction.LIKE && likes.accountIds().size() >= LikeSet.MAX_LIKES) {
      return InterestUpdate.Outcome.LIKE_LIMIT;
    }
    return InterestUpdate.Outcome.CHANGED;
  }

  private ViewerInterest view(
      Snapshot snapshot, LikeSet likes, HeCiphertext interest, byte[] stored) {
    Set<Integer> liked = new HashSet<>();
    for (String id : likes.accountIds()) {
      liked.add(snapshot.indexOf(id));
    }
    return new ViewerInterest(snapshot, interest, stored, Set.copyOf(liked), likes.accountIds());
  }

  private HeCiphertext encrypt(HePublicKey key, Snapshot snapshot, LikeSet likes) {
    Set<Integer> indices = new HashSet<>();
    for (String id : likes.accountIds()) {
      indices.add(snapshot.indexOf(id));
    }
    int[] u = PlaintextScorer.interest(snapshot, indices);
    return he.encrypt(key, Arrays.stream(u).asLongStream().toArray());
  }

  private static byte[] row(Snapshot snapshot, int index) {
    int[] r = snapshot.row(index);
    byte[] out = new byte[r.length];
    for (int j = 0; j < r.length; j++) {
      out[j] = (byte) r[j];
    }
    return out;
  }

  private static StoreException missing() {
    return new StoreException("the viewer's interest row is missing", null);
  }

  /** A typed like or unlike of the profile at {@code index} (account id {@code accountId}). */
  private record Change(int index, String accountId, LikeAction action) {}
}
