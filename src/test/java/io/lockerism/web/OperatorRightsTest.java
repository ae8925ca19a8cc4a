package io.lockerism.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.config.AppConfig;
import io.lockerism.testing.HttpSession;
import io.lockerism.testing.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * --operator names are bound to the accounts that hold them when the app starts: a name nobody
 * holds grants nothing (and says so), even to whoever registers it afterwards; names match whatever
 * their case.
 */
class OperatorRightsTest {

  @Test
  void operatorRightsGoOnlyToAccountsThatExistedAtStart() {
    AppConfig config = TestApp.config(false);
    try (TestApp first = TestApp.start(config)) {
      assertEquals(
          303, first.newSession().signUp("opsadmin", "the operator's password").statusCode());
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    TestApp app;
    try {
      app = TestApp.start(config.withOperators(Set.of("OpsAdmin", "ghost")));
    } finally {
      System.setErr(originalErr);
    }
    try (app) {
      String startLog = log.toString(StandardCharsets.UTF_8);
      assertTrue(startLog.contains("--operator ghost: no account has this name"), startLog);

      HttpSession operator = app.newSession();
      assertEquals(303, operator.logIn("opsadmin", "the operator's password").statusCode());
      assertEquals(200, operator.get("/admin").statusCode(), "a mixed-case name still matches");

      HttpSession squatter = app.newSession();
      assertEquals(303, squatter.signUp("ghost", "i am not the operator").statusCode());
      assertEquals(
          403,
          squatter.get("/admin").statusCode(),
          "registering a listed name afterwards grants nothing");
    }
  }
}
