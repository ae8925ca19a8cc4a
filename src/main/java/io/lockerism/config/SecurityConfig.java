package io.lockerism.config;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Settings that limit who may reach what (docs/security.md).
 *
 * @param trustedProxies addresses of reverse proxies whose X-Forwarded-For names the client (empty:
 *     the connection's own address is the client's)
 * @param evaluatorToken the shared secret sent to a remote evaluator (null: none)
 * @param h2Tcp let other processes reach the embedded H2 database over a loopback TCP server (H2's
 *     AUTO_SERVER), e.g. `lockerism import` while `serve` runs; off by default
 * @param pictureHosts hosts (e.g. {@code p16-sign-va.tiktokcdn.com} or {@code *.tiktokcdn.com})
 *     whose https profile pictures browsers may load; empty (the default): no third-party request
 *     at all, every creator is shown by their initials
 */
public record SecurityConfig(
    Set<String> trustedProxies, String evaluatorToken, boolean h2Tcp, Set<String> pictureHosts) {

  /** A host name, or a wildcard over one's subdomains, as a CSP host source takes it. */
  private static final Pattern HOST =
      Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");

  public SecurityConfig {
    trustedProxies = trustedProxies == null ? Set.of() : Set.copyOf(trustedProxies);
    evaluatorToken = evaluatorToken == null || evaluatorToken.isBlank() ? null : evaluatorToken;
    pictureHosts = pictureHosts(pictureHosts);
  }

  public static SecurityConfig defaults() {
    return new SecurityConfig(Set.of(), null, false, Set.of());
  }

  public SecurityConfig withTrustedProxies(Set<String> proxies) {
    return new SecurityConfig(proxies, evaluatorToken, h2Tcp, pictureHosts);
  }

  public SecurityConfig withEvaluatorToken(String token) {
    return new SecurityConfig(trustedProxies, token, h2Tcp, pictureHosts);
  }

  public SecurityConfig withH2Tcp(boolean enabled) {
    return new SecurityConfig(trustedProxies, evaluatorToken, enabled, pictureHosts);
  }

  public SecurityConfig withPictureHosts(Set<String> hosts) {
    return new SecurityConfig(trustedProxies, evaluatorToken, h2Tcp, hosts);
  }

  private static Set<String> pictureHosts(Set<String> hosts) {
    Set<String> clean = new TreeSet<>();
    for (String host : hosts == null ? Set.<String>of() : hosts) {
      String h = host.strip().toLowerCase(Locale.ROOT);
      if (h.isEmpty()) {
        continue;
      }
      if (!HOST.matcher(h).matches()) {
        throw new IllegalArgumentException(
            "a picture host is a host name such as cdn.example.com or *.example.com, got '"
                + host
                + "'");
      }
      clean.add(h);
    }
    return Set.copyOf(clean);
  }

  @Override
  public String toString() {
    return "SecurityConfig[trustedProxies="
        + trustedProxies
        + ", evaluatorToken="
        + (evaluatorToken == null ? "none" : "(set)")
        + ", h2Tcp="
        + h2Tcp
        + ", pictureHosts="
        + pictureHosts
        + "]";
  }
}
