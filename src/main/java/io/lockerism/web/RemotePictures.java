package io.lockerism.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which profile pictures a page may show: only https pictures on hosts the operator allowed
 * (--picture-host), and none by default, so that no viewer's browser makes a third-party request
 * unless the operator chose it. The same hosts, and only they, are added to the CSP's img-src.
 */
public final class RemotePictures {

  private final Set<String> hosts;

  /**
   * @param hosts host names, or "*.example.com" for any subdomain of example.com
   */
  RemotePictures(Set<String> hosts) {
    this.hosts = Set.copyOf(hosts);
  }

  boolean enabled() {
    return !hosts.isEmpty();
  }

  /** The picture's address if a page may show it, else null (the initials are shown). */
  public String src(String url) {
    if (hosts.isEmpty() || url == null || url.isBlank()) {
      return null;
    }
    try {
      URI uri = new URI(url.strip());
      String host = uri.getHost();
      if (!"https".equalsIgnoreCase(uri.getScheme()) || host == null || uri.getUserInfo() != null) {
        return null;
      }
      return allowed(host.toLowerCase(Locale.ROOT)) ? uri.toASCIIString() : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private boolean allowed(String host) {
    for (String allowed : hosts) {
      boolean match =
          allowed.startsWith("*.")
              ? host.endsWith(allowed.substring(1)) && host.length() > allowed.length() - 1
              : host.equals(allowed);
      if (match) {
        return true;
      }
    }
    return false;
  }

  /** The CSP host sources: " https://a.example https://*.example.com", or "" when off. */
  String cspSources() {
    return hosts.stream().sorted().map(h -> " https://" + h).collect(Collectors.joining());
  }
}
