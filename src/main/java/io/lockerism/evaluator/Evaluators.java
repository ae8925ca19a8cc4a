package io.lockerism.evaluator;

import io.lockerism.engine.HeScoring;
import java.net.URI;

/** Picks the evaluator for a deployment: in-process by default, remote when a URL is given. */
public final class Evaluators {

  private Evaluators() {}

  /**
   * A {@link RemoteEvaluator} for {@code evaluatorUrlOrNull} (e.g. {@code http://host:8090}), or a
   * {@link LocalEvaluator} when it is null or blank.
   *
   * @param token the remote evaluator's shared token (required with a URL)
   * @throws IllegalArgumentException if the URL is not an absolute http(s) URL
   */
  public static Evaluator create(String evaluatorUrlOrNull, String token, HeScoring he) {
    if (evaluatorUrlOrNull == null || evaluatorUrlOrNull.isBlank()) {
      return new LocalEvaluator(he);
    }
    return new RemoteEvaluator(parse(evaluatorUrlOrNull.strip()), he, token);
  }

  static URI parse(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("evaluator URL is not a URL: " + url, e);
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "evaluator URL must be an absolute http:// or https:// URL, was " + url);
    }
    return uri;
  }
}
