package io.lockerism.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.jna.ptr.LongByReference;
import java.io.IOException;
import java.util.Objects;

/**
 * The embedded development chain (go-ethereum in the native engine): in-memory state, chain id
 * 1337, Cancun rules, HTTP JSON-RPC on 127.0.0.1, a block sealed as soon as a transaction arrives.
 * {@link #close()} stops the chain (its state is discarded) and releases the handle.
 */
public final class DevChain implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final NativeEngine engine;
  private final long handle;
  private final Info info;
  private boolean closed;

  private DevChain(NativeEngine engine, long handle, Info info) {
    this.engine = engine;
    this.handle = handle;
    this.info = info;
  }

  /**
   * Starts a chain listening on 127.0.0.1:port; port 0 picks a free port. A port already in use
   * fails with a {@link NativeEngineException} naming it.
   */
  public static DevChain start(NativeEngine engine, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    NativeLib lib = engine.lib();
    byte[] err = NativeEngine.errorBuffer();
    LongByReference chain = new LongByReference();
    LongByReference infoBuf = new LongByReference();
    NativeEngine.check(lib.lk_chain_start(port, chain, infoBuf, err, err.length), err);
    long h = chain.getValue();
    try {
      JsonNode n = JSON.readTree(engine.takeBuffer(infoBuf.getValue()));
      Info info = new Info(n.path("rpcUrl").asText(), n.path("chainId").asLong(),
          n.path("deployerAddress").asText(), n.path("deployerPrivateKey").asText());
      return new DevChain(engine, h, info);
    } catch (IOException | RuntimeException e) {
      stopQuietly(engine, h);
      throw e instanceof RuntimeException r ? r
          : new NativeEngineException("engine returned unreadable chain info", e);
    }
  }

  private static void stopQuietly(NativeEngine engine, long h) {
    try {
      byte[] err = NativeEngine.errorBuffer();
      engine.lib().lk_chain_stop(h, err, err.length);
    } finally {
      engine.release(h);
    }
  }

  public Info info() {
    return info;
  }

  /** Stops the chain and releases its handle; a second call does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      byte[] err = NativeEngine.errorBuffer();
      NativeEngine.check(engine.lib().lk_chain_stop(handle, err, err.length), err);
    } finally {
      engine.release(handle);
    }
  }

  @Override
  public String toString() {
    return info.toString();
  }

  /**
   * What a running chain reports. The deployer key is a fresh development-only key funded at
   * genesis; {@link #toString()} omits it, so logging an Info never leaks it.
   */
  public record Info(String rpcUrl, long chainId, String deployerAddress,
      String deployerPrivateKey) {

    public Info {
      Objects.requireNonNull(rpcUrl, "rpcUrl");
      Objects.requireNonNull(deployerAddress, "deployerAddress");
      Objects.requireNonNull(deployerPrivateKey, "deployerPrivateKey");
    }

    @Override
    public String toString() {
      return "dev chain " + chainId + " at " + rpcUrl + ", deployer " + deployerAddress;
    }
  }
}
