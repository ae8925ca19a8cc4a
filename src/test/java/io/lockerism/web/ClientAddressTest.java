package io.lockerism.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** One spelling per address, so a configured trusted proxy matches however Jetty prints it. */
class ClientAddressTest {

  @Test
  void addressesAreCanonicalAndNamesAreNeverLookedUp() {
    assertEquals(ClientAddress.canonical("::1"), ClientAddress.canonical("[0:0:0:0:0:0:0:1]"));
    assertEquals("127.0.0.1", ClientAddress.canonical(" 127.0.0.1 "));
    assertEquals("localhost", ClientAddress.canonical("localhost"), "not resolved");
    assertEquals("dead.beef", ClientAddress.canonical("dead.beef"), "not resolved");
  }
}
