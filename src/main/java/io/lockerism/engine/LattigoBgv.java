package io.lockerism.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.jna.ptr.DoubleByReference;
import com.sun.jna.ptr.LongByReference;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * BGV on Lattigo v6, in the native engine. Objects are immutable on the Go side, so every method
 * is safe to call from many threads; each returned object owns one native handle that
 * {@code close()} releases (a {@link Cleaner} releases forgotten ones).
 */
public final class LattigoBgv implements HeClient, HeScoring {

  private static final int KIND_SECRET_KEY = 1;
  private static final int KIND_PUBLIC_KEY = 2;
  private static final int KIND_CIPHERTEXT = 3;
  private static final Cleaner CLEANER = Cleaner.create();
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final NativeEngine engine;
  private final NativeLib lib;

  public LattigoBgv(NativeEngine engine) {
    this.engine = engine;
    this.lib = engine.lib();
  }

  @Override
  public HeParameters parameters(int features) {
    long buf = out((o, err) -> lib.lk_he_params_info(features, o, err, err.length));
    try {
      return JSON.readValue(engine.takeBuffer(buf), HeParameters.class);
    } catch (IOException e) {
      throw new NativeEngineException("engine returned unreadable parameters", e);
    }
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
    long k = handle(key);
    return new Ciphertext(out((o, err) -> lib.lk_he_encrypt(k, values, values.length, o, err,
        err.length)));
  }

  @Override
  public HeCiphertext addRow(HeCiphertext interest, byte[] row, boolean subtract) {
    long ct = handle(interest);
    int sign = subtract ? -1 : 1;
    return new Ciphertext(out((o, err) -> lib.lk_he_add_row(ct, row, row.length, sign, o, err,
        err.length)));
  }

  @Override
  public long[] decryptScores(HeSecretKey key, HeCiphertext scores, int features, int rows) {
    long[] out = new long[rows];
    byte[] err = NativeEngine.errorBuffer();
    NativeEngine.check(lib.lk_he_decrypt_scores(handle(key), handle(scores), features, rows, out,
        out.length, err, err.length), err);
    return out;
  }

  @Override
  public long[] decryptVector(HeSecretKey key, HeCiphertext interest, int features) {
    long[] out = new long[features];
    byte[] err = NativeEngine.errorBuffer();
    NativeEngine.check(lib.lk_he_decrypt_vector(handle(key), handle(interest), features, out,
        out.length, err, err.length), err);
    return out;
  }

  @Override
  public double noiseBudget(HeSecretKey key, HeCiphertext ciphertext) {
    DoubleByReference bits = new DoubleByReference();
    byte[] err = NativeEngine.errorBuffer();
    NativeEngine.check(lib.lk_he_noise_budget(handle(key), handle(ciphertext), bits, err,
        err.length), err);
    return bits.getValue();
  }

  @Override
  public HeScoringModel compile(int features, int profiles, byte[] matrix, long[] prior,
      int weight) {
    long model = out((o, err) -> lib.lk_he_model_new(features, profiles, matrix, matrix.length,
        prior, prior.length, weight, o, err, err.length));
    byte[] err = NativeEngine.errorBuffer();
    LongByReference blocks = new LongByReference();
    LongByReference rowsPerBlock = new LongByReference();
    try {
      NativeEngine.check(lib.lk_he_model_blocks(model, blocks, rowsPerBlock, err, err.length), err);
    } catch (RuntimeException e) {
      engine.release(model);
      throw e;
    }
    return new Model(model, profiles, features, Math.toIntExact(blocks.getValue()),
        Math.toIntExact(rowsPerBlock.getValue()));
  }

  private long deserialize(int kind, byte[] bytes) {
    return out((o, err) -> lib.lk_he_deserialize(kind, bytes, bytes.length, o, err, err.length));
  }

  /** Runs a call that yields one handle through an out-parameter. */
  private static long out(HandleCall call) {
    byte[] err = NativeEngine.errorBuffer();
    LongByReference o = new LongByReference();
    NativeEngine.check(call.invoke(o, err), err);
    return o.getValue();
  }

  private static long handle(Object o) {
    if (o instanceof Handle h) {
      return h.handle();
    }
    throw new IllegalArgumentException("not an object of this engine: " + o.getClass());
  }

  @FunctionalInterface
  private interface HandleCall {
    int invoke(LongByReference out, byte[] err);
  }

  private byte[] serialize(Handle object) {
    long h = object.handle();
    return engine.takeBuffer(out((o, err) -> lib.lk_he_serialize(h, o, err, err.length)));
  }

  /** One native handle, released exactly once by close() or, failing that, by the cleaner. */
  private abstract class Handle implements AutoCloseable {
    private final long handle;
    private final AtomicBoolean released = new AtomicBoolean();
    private final Cleaner.Cleanable cleanable;

    Handle(long handle) {
      this.handle = handle;
      AtomicBoolean flag = released;
      NativeEngine e = engine;
      this.cleanable = CLEANER.register(this, () -> {
        if (flag.compareAndSet(false, true)) {
          e.release(handle);
        }
      });
    }

    long handle() {
      if (released.get()) {
        throw new IllegalStateException("this engine object was closed");
      }
      return handle;
    }

    @Override
    public void close() {
      cleanable.clean();
    }
  }

  private final class SecretKey extends Handle implements HeSecretKey {
    SecretKey(long h) {
      super(h);
    }

    @Override
    public byte[] serialize() {
      return LattigoBgv.this.serialize(this);
    }
  }

  private final class PublicKey extends Handle implements HePublicKey {
    PublicKey(long h) {
      super(h);
    }

    @Override
    public byte[] serialize() {
      return LattigoBgv.this.serialize(this);
    }
  }

  private final class Ciphertext extends Handle implements HeCiphertext {
    Ciphertext(long h) {
      super(h);
    }

    @Override
    public byte[] serialize() {
      return LattigoBgv.this.serialize(this);
    }
  }

  private final class Model extends Handle implements HeScoringModel {
    private final int profiles;
    private final int features;
    private final int blocks;
    private final int rowsPerBlock;

    Model(long h, int profiles, int features, int blocks, int rowsPerBlock) {
      super(h);
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
      long m = handle();
      long ct = LattigoBgv.handle(interest);
      return new Ciphertext(out((o, err) -> lib.lk_he_score_block(m, ct, block, o, err,
          err.length)));
    }
  }
}
