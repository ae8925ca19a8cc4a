package io.lockerism.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DevChainTest {

  @Test
  void startsOnAFreePortAndNeverPrintsTheKey() {
    NativeEngine engine = NativeEngine.load();
    long handles = engine.liveHandles();
    try (DevChain chain = DevChain.start(engine, 0)) {
      DevChain.Info info = chain.info();
      assertEquals(1337, info.chainId());
      assertTrue(info.rpcUrl().startsWith("http://127.0.0.1:"), info.rpcUrl());
      assertTrue(info.deployerAddress().matches("0x[0-9a-fA-F]{40}"));
      assertTrue(info.deployerPrivateKey().matches("0x[0-9a-f]{64}"));
      String key = info.deployerPrivateKey().substring(2);
      assertFalse(chain.toString().contains(key));
      assertFalse(info.toString().contains(key));
      assertTrue(chain.toString().contains(info.deployerAddress()));
    }
    assertEquals(handles, engine.liveHandles(), "the chain handle is released on close");
  }
}
