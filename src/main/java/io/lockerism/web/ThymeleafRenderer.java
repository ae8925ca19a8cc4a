package io.lockerism.web;

import io.javalin.http.Context;
import io.javalin.rendering.FileRenderer;
import java.util.Map;
import java.util.Set;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/**
 * Renders Thymeleaf templates from {@code templates/} on the classpath. A model entry {@value
 * #FRAGMENT} renders only that fragment, which is how htmx swaps get their partials.
 */
final class ThymeleafRenderer implements FileRenderer {

  static final String FRAGMENT = "_fragment";

  private final TemplateEngine engine = new TemplateEngine();

  ThymeleafRenderer() {
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
    resolver.setPrefix("templates/");
    resolver.setSuffix(".html");
    resolver.setTemplateMode(TemplateMode.HTML);
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCacheable(true);
    engine.setTemplateResolver(resolver);
  }

  @Override
  public String render(String template, Map<String, ?> model, Context ctx) {
    JakartaServletWebApplication app =
        JakartaServletWebApplication.buildApplication(ctx.req().getServletContext());
    WebContext web = new WebContext(app.buildExchange(ctx.req(), ctx.res()));
    web.setVariables(new java.util.HashMap<String, Object>(model));
    Object fragment = model.get(FRAGMENT);
    if (fragment != null) {
      return engine.process(template, Set.of(fragment.toString()), web);
    }
    return engine.process(template, web);
  }
}
