package io.lockerism.engine;

import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import io.lockerism.model.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * The slot-packed BGV engine (docs/he-engine.md, "New engine: slot packing"): the locker builds a
 * secret-key seeded query from the Enc(u) it keeps at rest (u never leaves the engine), the
 * evaluator scores ranges of blocks into replies of ~7.5 bytes per score, and the locker decrypts a
 * feed's replies straight into its top-k. Not yet used by the evaluator or the locker (issue 12
 * stage 2 in progress); {@link LattigoBgv} is the path the app uses today.
 */
public final class SlotBgv {

  private static final int KIND_QUERY = 4;
  private static final int KIND_REPLY = 5;

  private final NativeEngine engine;
  private final NativeLib lib;

  public SlotBgv(NativeEngine engine) {
    this.engine = engine;
    this.lib = engine.lib();
  }

  /** One feed entry: a catalog row and its decrypted score. */
  public record Ranked(int row, long score) {}

  /** Compiles a snapshot; {@code groups} 0 lets the engine pick the folding factor G. */
  public Model compile(Snapshot snapshot, int groups) {
    byte[] err = NativeEngine.errorBuffer();
    LongByReference model = new LongByReference();
    LongByReference blocks = new LongByReference();
    LongByReference rowsPerBlock = new LongByReference();
    IntByReference g = new IntByReference();
    try (EngineSnapshot s = EngineSnapshot.open(engine, snapshot)) {
      NativeEngine.check(
          lib.lk_he_slot_model_new(
              s.handle(), groups, model, blocks, rowsPerBlock, g, err, err.length),
          err);
      NativeHandle.keepAlive(s);
    }
    return new Model(
        model.getValue(),
        snapshot.d(),
        Math.toIntExact(blocks.getValue()),
        Math.toIntExact(rowsPerBlock.getValue()),
        g.getValue());
  }

  /** The query for models of {@code features} features and factor {@code groups}. */
  public Query query(HeSecretKey key, HeCiphertext interest, int features, int groups) {
    try {
      long sk = LattigoBgv.handle(key);
      long ct = LattigoBgv.handle(interest);
      return new Query(
          engine.callForHandle(
              (o, err, cap) -> lib.lk_he_query_new(sk, ct, features, groups, o, err, cap)));
    } finally {
      NativeHandle.keepAlive(key, interest);
    }
  }

  /** Reads a query frame; malformed bytes are a {@link NativeEngineException}. */
  public Query readQuery(byte[] bytes) {
    return new Query(deserialize(KIND_QUERY, bytes));
  }

  /** Reads a reply frame; malformed bytes are a {@link NativeEngineException}. */
  public Reply readReply(byte[] bytes) {
    return new Reply(deserialize(KIND_REPLY, bytes));
  }

  /** Decrypts every reply to {@code query} and returns the k best rows outside excluded. */
  public List<Ranked> topK(
      HeSecretKey key, Query query, List<Reply> replies, int k, int[] excluded) {
    long[] handles = new long[replies.size()];
    long[] rows = new long[k];
    long[] scores = new long[k];
    IntByReference count = new IntByReference();
    try {
      long sk = LattigoBgv.handle(key);
      long q = query.handle();
      for (int i = 0; i < handles.length; i++) {
        handles[i] = replies.get(i).handle();
      }
      engine.call(
          (err, cap) ->
              lib.lk_he_slot_topk(
                  sk,
                  q,
                  handles,
                  handles.length,
                  k,
                  excluded,
                  excluded.length,
                  rows,
                  scores,
                  k,
                  count,
                  err,
                  cap));
    } finally {
      NativeHandle.keepAlive(key, query);
      NativeHandle.keepAlive(replies.toArray());
    }
    List<Ranked> out = new ArrayList<>(count.getValue());
    for (int i = 0; i < count.getValue(); i++) {
      out.add(new Ranked(Math.toIntExact(rows[i]), scores[i]));
    }
    return out;
  }

  private long deserialize(int kind, byte[] bytes) {
    return engine.callForHandle(
        (o, err, cap) -> lib.lk_he_deserialize(kind, bytes, bytes.length, o, err, cap));
  }

  private byte[] serialize(NativeHandle object) {
    try {
      long h = object.handle();
      return engine.callForBuffer((o, err, cap) -> lib.lk_he_serialize(h, o, err, cap));
    } finally {
      NativeHandle.keepAlive(object);
    }
  }

  /** A snapshot compiled for slot-packed scoring (public data only). */
  public final class Model extends NativeHandle {
    private final int features;
    private final int blocks;
    private final int rowsPerBlock;
    private final int groups;

    Model(long h, int features, int blocks, int rowsPerBlock, int groups) {
      super(engine, h);
      this.features = features;
      this.blocks = blocks;
      this.rowsPerBlock = rowsPerBlock;
      this.groups = groups;
    }

    public int features() {
      return features;
    }

    public int blocks() {
      return blocks;
    }

    public int rowsPerBlock() {
      return rowsPerBlock;
    }

    /** The folding factor G a query must be built with. */
    public int groups() {
      return groups;
    }

    /** Scores blocks [firstBlock, firstBlock + count) into one reply (parallel in the engine). */
    public Reply score(Query query, int firstBlock, int count) {
      try {
        long m = handle();
        long q = query.handle();
        return new Reply(
            engine.callForHandle(
                (o, err, cap) -> lib.lk_he_slot_score(m, q, firstBlock, count, o, err, cap)));
      } finally {
        NativeHandle.keepAlive(this, query);
      }
    }
  }

  /** A seeded query (public: it reveals nothing without the secret key). */
  public final class Query extends NativeHandle {
    Query(long h) {
      super(engine, h);
    }

    public byte[] serialize() {
      return SlotBgv.this.serialize(this);
    }
  }

  /** Encrypted scores of a range of blocks, switched to ~7.5 bytes per score on the wire. */
  public final class Reply extends NativeHandle {
    Reply(long h) {
      super(engine, h);
    }

    public byte[] serialize() {
      return SlotBgv.this.serialize(this);
    }
  }
}
