package io.lockerism.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.jna.ptr.LongByReference;
import java.util.Objects;

/**
 * The embedded development chain (go-ethereum in the native engine): in-memory state, chain id
 * 1337, Cancun rules, HTTP JSON-RPC on 127.0.0.1, a block sealed as soon as a transaction arrives.
 * {@link #close()} stops the chain (its state is discarded) and releases the handle; a chain
 * dropped without close is stopped by the cleaner.
 */
public final class DevChain extends NativeHandle {

  private final Info info;

  private DevChain(NativeEngine engine, long handle, Info info) {
    super(engine, handle, h -> stop(engine, h));
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
    byte[] err = NativeEngine.errorBuffer();
    LongByReference chain = new LongByReference();
    LongByReference infoBuf = new LongByReference();
    NativeEngine.check(engine.lib().lk_chain_start(port, chain, infoBuf, err, err.length), err);
    long h = chain.getValue();
    try {
      JsonNode n = EngineJson.read(engine.takeBuffer(infoBuf.getValue()), JsonNode.class,
          "chain info");
      Info info = new Info(n.path("rpcUrl").asText(), n.path("chainId").asLong(),
          n.path("deployerAddress").asText(), n.path("deployerPrivateKey").asText());
      return new DevChain(engine, h, info);
    } catch (RuntimeException e) {
      try {
        stop(engine, h);
      } finally {
        engine.release(h);
      }
      throw e;
    }
  }

  private static void stop(NativeEngine engine, long h) {
    engine.call((err, cap) -> engine.lib().lk_chain_stop(h, err, cap));
  }

  public Info info() {
    return info;
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
