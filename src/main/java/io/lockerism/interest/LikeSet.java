package io.lockerism.interest;

import io.lockerism.catalog.Profile;
import io.lockerism.locker.SealException;
import io.lockerism.model.ScoreBounds;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A viewer's liked account ids, in the order liked, and the snapshot their interest ciphertext was
 * built for. Encoded to one fixed size whatever the number of likes, so the sealed blob's length
 * says nothing about how many profiles a viewer liked.
 */
record LikeSet(String snapshotId, List<String> accountIds) {

  static final int MAX_LIKES = ScoreBounds.MAX_LIKES;
  private static final int MAX_ID_BYTES = Profile.MAX_ACCOUNT_ID_BYTES;
  private static final int SNAPSHOT_ID_BYTES = 64;
  private static final byte VERSION = 1;
  static final int ENCODED_BYTES = 1 + SNAPSHOT_ID_BYTES + 2 + MAX_LIKES * (2 + MAX_ID_BYTES);

  LikeSet {
    Objects.requireNonNull(snapshotId);
    accountIds = List.copyOf(new LinkedHashSet<>(accountIds));
    if (accountIds.size() > MAX_LIKES) {
      throw new IllegalArgumentException("at most " + MAX_LIKES + " likes");
    }
  }

  static LikeSet empty(String snapshotId) {
    return new LikeSet(snapshotId, List.of());
  }

  boolean contains(String accountId) {
    return accountIds.contains(accountId);
  }

  LikeSet with(String accountId) {
    List<String> ids = new ArrayList<>(accountIds);
    ids.add(accountId);
    return new LikeSet(snapshotId, ids);
  }

  LikeSet without(String accountId) {
    List<String> ids = new ArrayList<>(accountIds);
    ids.remove(accountId);
    return new LikeSet(snapshotId, ids);
  }

  /** The same likes, bound to another snapshot, keeping only ids that snapshot has. */
  LikeSet rebasedOn(String newSnapshotId, Set<String> present) {
    List<String> kept = new ArrayList<>();
    for (String id : accountIds) {
      if (present.contains(id)) {
        kept.add(id);
      }
    }
    return new LikeSet(newSnapshotId, kept);
  }

  byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(ENCODED_BYTES);
    out.put(VERSION);
    byte[] snap = snapshotId.getBytes(StandardCharsets.US_ASCII);
    out.put(snap, 0, Math.min(snap.length, SNAPSHOT_ID_BYTES));
    out.position(1 + SNAPSHOT_ID_BYTES);
    out.putShort((short) accountIds.size());
    for (String id : accountIds) {
      byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
      if (bytes.length > MAX_ID_BYTES) {
        throw new IllegalArgumentException("account id too long");
      }
      out.putShort((short) bytes.length).put(bytes);
    }
    return out.array(); // the rest stays zero: the fixed-size padding
  }

  static LikeSet decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (bytes.length != ENCODED_BYTES || in.get() != VERSION) {
      throw new SealException("unknown like-set format");
    }
    byte[] snap = new byte[SNAPSHOT_ID_BYTES];
    in.get(snap);
    String snapshotId = new String(snap, StandardCharsets.US_ASCII).replace("\0", "");
    int count = in.getShort() & 0xffff;
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] id = new byte[in.getShort() & 0xffff];
      in.get(id);
      ids.add(new String(id, StandardCharsets.UTF_8));
    }
    return new LikeSet(snapshotId, Collections.unmodifiableList(ids));
  }
}
