package io.lockerism.config;

import java.util.Set;

/**
 * Settings that limit who may reach what (docs/security.md).
 *
 * @param trustedProxies addresses of reverse proxies whose X-Forwarded-For names the client (empty:
 *     the connection's own address is the client's)
 * @param evaluatorToken the shared secret sent to a remote evaluator (null: none)
 * @param h2Tcp let other processes reach the embedded H2 database over a loopback TCP server (H2's
 *     AUTO_SERVER), e.g. `lockerism import` while `serve` runs; off by default
 */
public record SecurityConfig(Set<String> trustedProxies, String evaluatorToken, boolean h2Tcp) {

  public SecurityConfig {
    trustedProxies = trustedProxies == null ? Set.of() : Set.copyOf(trustedProxies);
    evaluatorToken = evaluatorToken == null || evaluatorToken.isBlank() ? null : evaluatorToken;
  }

  public static SecurityConfig defaults() {
    return new SecurityConfig(Set.of(), null, false);
  }

  public SecurityConfig withTrustedProxies(Set<String> proxies) {
    return new SecurityConfig(proxies, evaluatorToken, h2Tcp);
  }

  public SecurityConfig withEvaluatorToken(String token) {
    return new SecurityConfig(trustedProxies, token, h2Tcp);
  }

  public SecurityConfig withH2Tcp(boolean enabled) {
    return new SecurityConfig(trustedProxies, evaluatorToken, enabled);
  }

  @Override
  public String toString() {
    return "SecurityConfig[trustedProxies="
        + trustedProxies
        + ", evaluatorToken="
        + (evaluatorToken == null ? "none" : "(set)")
        + ", h2Tcp="
        + h2Tcp
        + "]";
  }
}
