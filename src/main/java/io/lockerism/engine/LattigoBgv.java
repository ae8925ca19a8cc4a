package io.lockerism.engine;

import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import io.lockerism.model.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * BGV on Lattigo v6, in the native engine, slot-packed (docs/he-engine.md): Enc(u) at rest is
 * coefficient-packed so a like is one homomorphic row addition; a feed is a fresh secret-key query
 * built from it, scored into replies of ~7.5–30 bytes per score and decrypted straight into the
 * top-k. Objects are immutable on the Go side, so every method is safe to call from many threads;
 * each returned object owns one native handle with the lifetime of {@link NativeHandle}.
 */
public final class LattigoBgv implements HeClient, HeScoring {

  private static final int KIND_SECRET_KEY = 1;
  private static final int KIND_PUBLIC_KEY = 2;
  private static final int KIND_CIPHERTEXT = 3;
  private static final int KIND_QUERY = 4;
  private static final int KIND_REPLY = 5;

  private final NativeEngine engine;
  private final NativeLib lib;
  private volatile int ringDegree;

  public LattigoBgv(NativeEngine engine) {
    this.engine = engine;
    this.lib = engine.lib();
  }

  @Override
  public HeParameters parameters(int features) {
    return engine.callForJson(
        (o, err, cap) -> lib.lk_he_params_info(features, o, err, cap),
        HeParameters.class,
        "parameters");
  }

  @Override
  public HeKeyPair generateKeys() {
    byte[] err = NativeEngine.errorBuffer();
    LongByReference sk = new LongByReference();
    LongByReference pk = new LongByReference();
    NativeEngine.check(lib.lk_he_keygen(sk, pk, err, err.length), err);
    return new HeKeyPair(new SecretKey(sk.getValue()), new PublicKey(pk.getValue()));
  }

  @Override
  public HeSecretKey readSecretKey(byte[] bytes) {
    return new SecretKey(deserialize(KIND_SECRET_KEY, bytes));
  }

  @Override
  public HePublicKey readPublicKey(byte[] bytes) {
    return new PublicKey(deserialize(KIND_PUBLIC_KEY, bytes));
  }

  @Override
  public HeCiphertext readCiphertext(byte[] bytes) {
    return new Ciphertext(deserialize(KIND_CIPHERTEXT, bytes));
  }

  @Override
  public HeCiphertext encrypt(HePublicKey key, long[] values) {
    try {
      long k = handle(key);
      return new Ciphertext(
          engine.callForHandle(
              (o, err, cap) -> lib.lk_he_encrypt(k, values, values.length, o, err, cap)));
    } finally {
      NativeHandle.keepAlive(key);
    }
  }

  @Override
  public HeCiphertext addRow(HeCiphertext interest, byte[] row, boolean subtract) {
    try {
      long ct = handle(interest);
      int sign = subtract ? -1 : 1;
      return new Ciphertext(
          engine.callForHandle(
              (o, err, cap) -> lib.lk_he_add_row(ct, row, row.length, sign, o, err, cap)));
    } finally {
      NativeHandle.keepAlive(interest);
    }
  }

  @Override
  public HeCiphertext rerandomize(HePublicKey key, HeCiphertext interest) {
    try {
      long pk = handle(key);
      long ct = handle(interest);
      return new Ciphertext(
          engine.callForHandle((o, err, cap) -> lib.lk_he_rerandomize(pk, ct, o, err, cap)));
    } finally {
      NativeHandle.keepAlive(key, interest);
    }
  }

  @Override
  public long[] decryptVector(HeSecretKey key, HeCiphertext interest, int features) {
    long[] out = new long[features];
    try {
      long sk = handle(key);
      long ct = handle(interest);
      engine.call(
          (err, cap) -> lib.lk_he_decrypt_vector(sk, ct, features, out, out.length, err, cap));
      return out;
    } finally {
      NativeHandle.keepAlive(key, interest);
    }
  }

  @Override
  public int groups(int profiles, int features) {
    byte[] err = NativeEngine.errorBuffer();
    IntByReference g = new IntByReference();
    NativeEngine.check(lib.lk_he_auto_groups(profiles, features, g, err, err.length), err);
    return g.getValue();
  }

  @Override
  public HeQuery query(HeSecretKey key, HeCiphertext interest, int features, int groups) {
    try {
      long sk = handle(key);
      long ct = handle(interest);
      return new Query(
          engine.callForHandle(
              (o, err, cap) -> lib.lk_he_query_new(sk, ct, features, groups, o, err, cap)),
          queryMemory(features, groups));
    } finally {
      NativeHandle.keepAlive(key, interest);
    }
  }

  @Override
  public List<ScoredRow> topK(
      HeSecretKey key, HeQuery query, List<HeReply> replies, int k, int[] excluded) {
    long[] handles = new long[replies.size()];
    long[] rows = new long[k];
    long[] scores = new long[k];
    IntByReference count = new IntByReference();
    try {
      long sk = handle(key);
      long q = handle(query);
      for (int i = 0; i < handles.length; i++) {
        handles[i] = handle(replies.get(i));
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
    List<ScoredRow> out = new ArrayList<>(count.getValue());
    for (int i = 0; i < count.getValue(); i++) {
      out.add(new ScoredRow(Math.toIntExact(rows[i]), scores[i]));
    }
    return out;
  }

  @Override
  public long[] decryptReply(
      HeSecretKey key, HeQuery query, HeReply reply, int firstRow, int rows) {
    long[] out = new long[rows];
    LongByReference first = new LongByReference();
    LongByReference count = new LongByReference();
    try {
      long sk = handle(key);
      long q = handle(query);
      long r = handle(reply);
      engine.call(
          (err, cap) -> lib.lk_he_slot_decrypt(sk, q, r, first, out, out.length, count, err, cap));
    } finally {
      NativeHandle.keepAlive(key, query, reply);
    }
    if (first.getValue() != firstRow || count.getValue() != rows) {
      throw new NativeEngineException(
          -1,
          "the reply holds rows "
              + first.getValue()
              + " .. +"
              + count.getValue()
              + ", not "
              + firstRow
              + " .. +"
              + rows);
    }
    return out;
  }

  @Override
  public HeScoringModel compile(Snapshot snapshot) {
    int groups = groups(snapshot.size(), snapshot.d());
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
        snapshot.size(),
        snapshot.d(),
        Math.toIntExact(blocks.getValue()),
        Math.toIntExact(rowsPerBlock.getValue()),
        g.getValue());
  }

  @Override
  public HeQuery readQuery(byte[] bytes) {
    // The wire form packs c0 at 60 bits a point; memory holds c0 and a at 64.
    return new Query(deserialize(KIND_QUERY, bytes), 2L * bytes.length * 64 / 60);
  }

  @Override
  public HeReply readReply(byte[] bytes) {
    return new Reply(deserialize(KIND_REPLY, bytes));
  }

  private long deserialize(int kind, byte[] bytes) {
    return engine.callForHandle(
        (o, err, cap) -> lib.lk_he_deserialize(kind, bytes, bytes.length, o, err, cap));
  }

  /** The handle of an object this engine made (the caller keeps it alive for the call). */
  static long handle(Object o) {
    if (o instanceof NativeHandle h) {
      return h.handle();
    }
    throw new IllegalArgumentException("not an object of this engine: " + o.getClass());
  }

  private byte[] serialize(NativeHandle object) {
    try {
      long h = object.handle();
      return engine.callForBuffer((o, err, cap) -> lib.lk_he_serialize(h, o, err, cap));
    } finally {
      NativeHandle.keepAlive(object);
    }
  }

  private final class SecretKey extends NativeHandle implements HeSecretKey {
    SecretKey(long h) {
      super(engine, h);
    }

    @Override
    public byte[] serialize() {
      return LattigoBgv.this.serialize(this);
    }
  }

  private final class PublicKey extends NativeHandle implements HePublicKey {
    PublicKey(long h) {
      super(engine, h);
    }

    @Override
    public byte[] serialize() {
      return LattigoBgv.this.serialize(this);
    }
  }

  private final class Ciphertext extends NativeHandle implements HeCiphertext {
    Ciphertext(long h) {
      super(engine, h);
    }

    @Override
    public byte[] serialize() {
      return LattigoBgv.this.serialize(this);
    }
  }

  /**
   * A query's H = ⌈D/G⌉ ciphertexts as the engine holds them: c0 and the expanded a, one 64-bit
   * word per NTT point each.
   */
  private long queryMemory(int features, int groups) {
    int degree = ringDegree;
    if (degree == 0) {
      degree = parameters(features).ringDegree();
      ringDegree = degree;
    }
    return 2L * Long.BYTES * degree * ((features + groups - 1) / groups);
  }

  private final class Query extends NativeHandle implements HeQuery {
    private final long memoryBytes;

    Query(long h, long memoryBytes) {
      super(engine, h);
      this.memoryBytes = memoryBytes;
    }

    @Override
    public long memoryBytes() {
      return memoryBytes;
    }

    @Override
    public byte[] serialize() {
      return LattigoBgv.this.serialize(this);
    }
  }

  private final class Reply extends NativeHandle implements HeReply {
    Reply(long h) {
      super(engine, h);
    }

    @Override
    public byte[] serialize() {
      return LattigoBgv.this.serialize(this);
    }
  }

  private final class Model extends NativeHandle implements HeScoringModel {
    private final int profiles;
    private final int features;
    private final int blocks;
    private final int rowsPerBlock;
    private final int groups;

    Model(long h, int profiles, int features, int blocks, int rowsPerBlock, int groups) {
      super(engine, h);
      this.profiles = profiles;
      this.features = features;
      this.blocks = blocks;
      this.rowsPerBlock = rowsPerBlock;
      this.groups = groups;
    }

    @Override
    public int profiles() {
      return profiles;
    }

    @Override
    public int features() {
      return features;
    }

    @Override
    public int blocks() {
      return blocks;
    }

    @Override
    public int rowsPerBlock() {
      return rowsPerBlock;
    }

    @Override
    public int groups() {
      return groups;
    }

    @Override
    public HeReply score(HeQuery query, int firstBlock, int count) {
      try {
        long m = handle();
        long q = LattigoBgv.handle(query);
        return new Reply(
            engine.callForHandle(
                (o, err, cap) -> lib.lk_he_slot_score(m, q, firstBlock, count, o, err, cap)));
      } finally {
        NativeHandle.keepAlive(this, query);
      }
    }
  }
}
