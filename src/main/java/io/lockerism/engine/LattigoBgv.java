package io.lockerism.engine;

import com.sun.jna.ptr.LongByReference;
import io.lockerism.model.Snapshot;

/**
 * BGV on Lattigo v6, in the native engine. Objects are immutable on the Go side, so every method is
 * safe to call from many threads; each returned object owns one native handle with the lifetime of
 * {@link NativeHandle}.
 */
public final class LattigoBgv implements HeClient, HeScoring {

  private static final int KIND_SECRET_KEY = 1;
  private static final int KIND_PUBLIC_KEY = 2;
  private static final int KIND_CIPHERTEXT = 3;

  private final NativeEngine engine;
  private final NativeLib lib;

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
  public long[] decryptScores(HeSecretKey key, HeCiphertext scores, int features, int rows) {
    long[] out = new long[rows];
    try {
      long sk = handle(key);
      long ct = handle(scores);
      engine.call(
          (err, cap) ->
              lib.lk_he_decrypt_scores(sk, ct, features, rows, out, out.length, err, cap));
      return out;
    } finally {
      NativeHandle.keepAlive(key, scores);
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
  public HeScoringModel compile(Snapshot snapshot) {
    byte[] err = NativeEngine.errorBuffer();
    LongByReference model = new LongByReference();
    LongByReference blocks = new LongByReference();
    LongByReference rowsPerBlock = new LongByReference();
    try (EngineSnapshot s = EngineSnapshot.open(engine, snapshot)) {
      NativeEngine.check(
          lib.lk_he_model_new(s.handle(), model, blocks, rowsPerBlock, err, err.length), err);
      NativeHandle.keepAlive(s);
    }
    return new Model(
        model.getValue(),
        snapshot.size(),
        snapshot.d(),
        Math.toIntExact(blocks.getValue()),
        Math.toIntExact(rowsPerBlock.getValue()));
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

  private final class Model extends NativeHandle implements HeScoringModel {
    private final int profiles;
    private final int features;
    private final int blocks;
    private final int rowsPerBlock;

    Model(long h, int profiles, int features, int blocks, int rowsPerBlock) {
      super(engine, h);
      this.profiles = profiles;
      this.features = features;
      this.blocks = blocks;
      this.rowsPerBlock = rowsPerBlock;
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
    public HeCiphertext scoreBlock(HeCiphertext interest, int block) {
      try {
        long m = handle();
        long ct = LattigoBgv.handle(interest);
        return new Ciphertext(
            engine.callForHandle(
                (o, err, cap) -> lib.lk_he_score_block(m, ct, block, o, err, cap)));
      } finally {
        NativeHandle.keepAlive(this, interest);
      }
    }
  }
}
