package io.lockerism.web;

import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The address a request came from, as throttling keys it. {@code X-Forwarded-For} is believed only
 * when the connection comes from a configured trusted proxy, since anyone else can write any
 * address there (and so step around per-address limits). The proxy appends the address it saw, so
 * the list is read from the right, skipping further trusted proxies.
 */
final class ClientAddress {

  /** An IPv4 or IPv6 literal, roughly; never a name (no lookups), never anything longer. */
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private final Set<String> trustedProxies;

  ClientAddress(Set<String> trustedProxies) {
    this.trustedProxies =
        trustedProxies.stream()
            .map(ClientAddress::canonical)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  String of(Context ctx) {
    String remote = canonical(ctx.req().getRemoteAddr());
    if (!trustedProxies.contains(remote)) {
      return remote;
    }
    List<String> forwarded =
        ctx.req().getHeaders("X-Forwarded-For") == null
            ? List.of()
            : java.util.Collections.list(ctx.req().getHeaders("X-Forwarded-For")).stream()
                .flatMap(h -> java.util.Arrays.stream(h.split(",")))
                .map(String::strip)
                .toList();
    for (int i = forwarded.size() - 1; i >= 0; i--) {
      String hop = canonical(forwarded.get(i));
      if (!IP_LITERAL.matcher(hop).matches()) {
        return remote;
      }
      if (!trustedProxies.contains(hop)) {
        return hop;
      }
    }
    return remote;
  }

  /**
   * One spelling per address ("[::1]", "0:0:0:0:0:0:0:1" and "::1" alike), so that a configured
   * proxy matches however Jetty prints it. Only IP literals are parsed: never a name lookup.
   */
  static String canonical(String address) {
    String a = address.strip();
    if (a.startsWith("[") && a.endsWith("]")) {
      a = a.substring(1, a.length() - 1);
    }
    if (!IP_LITERAL.matcher(a).matches() || !(a.contains(":") || a.matches("[0-9.]+"))) {
      return a;
    }
    try {
      return java.net.InetAddress.getByName(a).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      return a;
    }
  }
}
