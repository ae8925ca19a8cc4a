package io.lockerism.web;

import io.javalin.http.Context;
import io.lockerism.session.Session;
import io.lockerism.snapshot.KeyOrigins;
import io.lockerism.viewer.AccessService;
import java.util.HashMap;
import java.util.Map;

/** Builds template models with what every page needs: the viewer, the CSRF token, formatting. */
final class Views {

  private static final Formats FORMATS = new Formats();

  private final WebSessions sessions;
  private final AccessService access;
  private final ThymeleafRenderer renderer;
  private final RemotePictures pictures;
  private final KeyOrigins keys;
  private final PrivacyPromises promises;

  Views(
      WebSessions sessions,
      AccessService access,
      ThymeleafRenderer renderer,
      RemotePictures pictures,
      KeyOrigins keys,
      PrivacyPromises promises) {
    this.sessions = sessions;
    this.access = access;
    this.renderer = renderer;
    this.pictures = pictures;
    this.keys = keys;
    this.promises = promises;
  }

  /** One fragment as a string, e.g. for a server-sent event. */
  String fragmentHtml(Context ctx, String template, String fragment, Map<String, Object> model) {
    Map<String, Object> full = withCommon(ctx, sessions.ensure(ctx), model);
    full.put(ThymeleafRenderer.FRAGMENT, fragment);
    return renderer.render(template, full, ctx);
  }

  /** Renders a full page; every page gets a session so its forms carry a CSRF token. */
  void page(Context ctx, String template, Map<String, Object> model) {
    ctx.render(template, withCommon(ctx, sessions.ensure(ctx), model));
  }

  /** Renders one fragment of a template, for htmx swaps. */
  void fragment(Context ctx, String template, String fragment, Map<String, Object> model) {
    Map<String, Object> full = withCommon(ctx, sessions.ensure(ctx), model);
    full.put(ThymeleafRenderer.FRAGMENT, fragment);
    ctx.render(template, full);
  }

  /** True for an htmx request that targets the element with this id. */
  static boolean isHtmxSwapOf(Context ctx, String targetId) {
    return "true".equals(ctx.header("HX-Request"))
        && targetId.equals(ctx.header("HX-Target"))
        && !"true".equals(ctx.header("HX-Boosted"));
  }

  private Map<String, Object> withCommon(Context ctx, Session session, Map<String, Object> model) {
    Map<String, Object> full = new HashMap<>(model);
    full.put("viewer", session.account());
    full.put("operator", access.isOperator(session));
    full.put("csrfToken", session.csrfToken());
    full.put("csrfHeaders", "{\"" + CsrfFilter.HEADER + "\": \"" + session.csrfToken() + "\"}");
    full.put("fmt", FORMATS);
    full.put("pictures", pictures);
    full.put("keys", keys); // templates/keys.html: the note next to every verdict
    full.put("promises", promises);
    full.put("currentPath", ctx.path());
    return full;
  }
}
