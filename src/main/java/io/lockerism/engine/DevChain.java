package io.lockerism.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.jna.ptr.LongByReference;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The embedded development chain (go-ethereum in the native engine): chain id 1337, Cancun rules,
 * HTTP JSON-RPC on 127.0.0.1, a block sealed as soon as a transaction arrives; its state lives in
 * memory or under a data directory that a later start continues from. {@link #close()} stops the
 * chain (an in-memory one's state is discarded) and releases the handle; a chain dropped without
 * close is stopped by the cleaner.
 */
public final class DevChain extends NativeHandle {

  private final Info info;

  private DevChain(NativeEngine engine, long handle, Info info) {
    super(engine, handle, h -> stop(engine, h));
    this.info = info;
  }

  /**
   * Starts an in-memory chain listening on 127.0.0.1:port; port 0 picks a free port. A port already
   * in use fails with a {@link NativeEngineException} naming it.
   */
  public static DevChain start(NativeEngine engine, int port) {
    return start(engine, port, null);
  }

  /**
   * Starts a chain whose blocks, state and deployer key (DIR/deployer.key, 0600) are kept under
   * {@code dataDir}, so a later start on the same directory continues the same chain; null keeps it
   * in memory.
   */
  public static DevChain start(NativeEngine engine, int port, Path dataDir) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("port", port);
    if (dataDir != null) {
      request.put("dataDir", dataDir.toAbsolutePath().toString());
    }
    byte[] req = EngineJson.write(request);
    byte[] err = NativeEngine.errorBuffer();
    LongByReference chain = new LongByReference();
    LongByReference infoBuf = new LongByReference();
    NativeEngine.check(
        engine.lib().lk_chain_start(req, req.length, chain, infoBuf, err, err.length), err);
    long h = chain.getValue();
    try {
      JsonNode n =
          EngineJson.read(engine.takeBuffer(infoBuf.getValue()), JsonNode.class, "chain info");
      Info info =
          new Info(
              n.path("rpcUrl").asText(),
              n.path("chainId").asLong(),
              n.path("deployerAddress").asText(),
              n.path("deployerPrivateKey").asText());
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
  public record Info(
      String rpcUrl, long chainId, String deployerAddress, String deployerPrivateKey) {

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
