package io.lockerism.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockerism.catalog.Profile;
import io.lockerism.catalog.TopVideo;
import io.lockerism.evm.TxData;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.ApiClient;
import io.lockerism.testing.HttpSession;
import io.lockerism.testing.TestApp;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API contract: openapi.json documents exactly the routes the server registers under /api/v1,
 * every operation declares its bodies, the schemas name the fields of the response records, and
 * real responses of the running server conform to them.
 */
class OpenApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
  private static final String PASSWORD = "a long contract password";
  private static TestApp app;
  private static JsonNode doc;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.withSample();
    doc = JSON.readTree(app.newSession().get("/api/v1/openapi.json").body());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void everyApiRouteIsDocumentedAndEveryDocumentedRouteExists() {
    Set<String> registered = new TreeSet<>();
    for (String route : app.app().routes()) {
      String method = route.substring(0, route.indexOf(' '));
      if (METHODS.contains(method.toLowerCase(Locale.ROOT))) {
        registered.add(route);
      }
    }
    Set<String> documented = new TreeSet<>();
    doc.get("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey())));
    Set<String> undocumented = new TreeSet<>();
    for (String route : registered) {
      if (route.contains(" /api/") && !documented.contains(route)) {
        undocumented.add(route);
      }
    }
    assertTrue(undocumented.isEmpty(), "routes missing from openapi.json: " + undocumented);
    Set<String> missing = new TreeSet<>(documented);
    missing.removeAll(registered);
    assertTrue(missing.isEmpty(), "documented but not registered: " + missing);
  }

  @Test
  void everyOperationDeclaresItsBodiesAndEveryReferenceResolves() {
    doc.get("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        op -> {
                          String where = op.getKey() + " " + path.getKey();
                          JsonNode responses = op.getValue().get("responses");
                          assertTrue(
                              responses != null && responses.size() > 0,
                              where + " has no responses");
                          boolean success = false;
                          for (Iterator<String> it = responses.fieldNames(); it.hasNext(); ) {
                            String code = it.next();
                            JsonNode r = resolve(responses.get(code));
                            if (code.startsWith("2")) {
                              success = true;
                              if (!code.equals("204")) {
                                assertTrue(
                                    hasSchema(r.get("content")),
                                    where + " " + code + " has no schema");
                              }
                            } else {
                              assertTrue(
                                  r.at("/content/application~1json/schema").isObject(),
                                  where + " " + code + " declares no error body");
                            }
                          }
                          assertTrue(success, where + " declares no success response");
                          JsonNode body = op.getValue().get("requestBody");
                          if (body != null) {
                            assertTrue(
                                body.at("/content/application~1json/schema").isObject(), where);
                          }
                        }));
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    for (String ref : refs) {
      assertTrue(doc.at(ref.substring(1)).isObject(), "unresolved " + ref);
    }
  }

  @Test
  void theSchemasNameTheFieldsOfTheBodyRecords() {
    List<Class<?>> records = new ArrayList<>(Arrays.asList(JsonBodies.class.getDeclaredClasses()));
    records.removeIf(c -> !c.isRecord());
    records.addAll(List.of(Profile.class, TopVideo.class, TxData.class));
    for (Class<?> record : records) {
      JsonNode schema = doc.at("/components/schemas/" + record.getSimpleName());
      assertTrue(schema.isObject(), record.getSimpleName() + " has no schema");
      Set<String> fields = new HashSet<>();
      Arrays.stream(record.getRecordComponents()).forEach(c -> fields.add(c.getName()));
      Set<String> properties = new HashSet<>();
      schema.get("properties").fieldNames().forEachRemaining(properties::add);
      assertEquals(fields, properties, record.getSimpleName());
    }
  }

  @Test
  void realResponsesConformToTheirSchemas() throws Exception {
    ApiClient viewer = ApiClient.signUp(app, "contract_viewer", PASSWORD);
    HttpSession http = viewer.http();
    Snapshot snapshot = viewer.currentSnapshot();
    String liked = snapshot.accountId(4);
    String csrf = viewer.csrfToken();
    conforms("post", "/api/v1/likes", 200, viewer.likeResponse(liked));
    conforms("get", "/api/v1/likes", 200, http.get("/api/v1/likes"));
    conforms("get", "/api/v1/feed", 200, http.get("/api/v1/feed?k=5"));
    conforms("get", "/api/v1/feed", 400, http.get("/api/v1/feed?k=0"));
    conforms("post", "/api/v1/likes/remove", 200, viewer.unlikeResponse(liked));
    conforms("post", "/api/v1/likes", 404, viewer.likeResponse("nobody-here"));
    conforms(
        "post", "/api/v1/likes", 400, http.postJson("/api/v1/likes", "{}", "X-CSRF-Token", csrf));
    conforms("get", "/api/v1/session", 200, http.get("/api/v1/session"));
    conforms("get", "/api/v1/profiles", 200, http.get("/api/v1/profiles?size=3&q=fitness"));
    conforms("get", "/api/v1/profiles/{accountId}", 200, http.get("/api/v1/profiles/" + liked));
    conforms("get", "/api/v1/snapshots/current", 200, http.get("/api/v1/snapshots/current"));
    conforms("get", "/api/v1/chain", 200, http.get("/api/v1/chain"));
    conforms("get", "/api/v1/ledger", 200, http.get("/api/v1/ledger"));
    conforms(
        "post",
        "/api/v1/chain/faucet",
        404,
        http.postJson(
            "/api/v1/chain/faucet",
            "{\"address\":\"0x" + "1".repeat(40) + "\"}",
            "X-CSRF-Token",
            csrf));
    conforms("get", "/healthz", 200, http.get("/healthz"));
    conforms("get", "/readyz", 200, http.get("/readyz"));
    HttpResponse<String> started =
        http.postJson(
            "/api/v1/feed/proofs", ApiClient.shownFeedBody(http, 3), "X-CSRF-Token", csrf);
    conforms("post", "/api/v1/feed/proofs", 202, started);
    String id = JSON.readTree(started.body()).get("id").asText();
    HttpResponse<String> job = http.get("/api/v1/proofs/" + id);
    for (int i = 0;
        i < 1200 && !JSON.readTree(job.body()).get("status").asText().matches("done|failed");
        i++) {
      Thread.sleep(100); // waits for the prover, not for time to pass
      job = http.get("/api/v1/proofs/" + id);
    }
    assertEquals("done", JSON.readTree(job.body()).get("status").asText(), job.body());
    conforms("get", "/api/v1/proofs/{id}", 200, job);
    conforms(
        "get", "/api/v1/proofs/{id}/receipt", 200, http.get("/api/v1/proofs/" + id + "/receipt"));
    HttpResponse<String> list = http.get("/api/v1/proofs");
    conforms("get", "/api/v1/proofs", 200, list);
    assertEquals(id, JSON.readTree(list.body()).at("/proofs/0/id").asText(), list.body());
    conforms(
        "delete", "/api/v1/session", 204, http.delete("/api/v1/session", "X-CSRF-Token", csrf));
    HttpSession anonymous = app.newSession();
    conforms("get", "/api/v1/session", 401, anonymous.get("/api/v1/session"));
    conforms("post", "/api/v1/session", 400, anonymous.postJson("/api/v1/session", "[]"));
    conforms(
        "post",
        "/api/v1/accounts",
        201,
        anonymous.postJson(
            "/api/v1/accounts",
            "{\"username\":\"contract_two\",\"password\":\"" + PASSWORD + "\"}"));
  }

  /** The response has a documented status and its body conforms to the documented schema. */
  private static void conforms(String method, String path, int status, HttpResponse<String> r)
      throws Exception {
    String where = method.toUpperCase(Locale.ROOT) + " " + path + " → " + status;
    assertEquals(status, r.statusCode(), where + ": " + r.body());
    JsonNode response =
        doc.at("/paths/" + path.replace("/", "~1") + "/" + method + "/responses/" + status);
    assertTrue(response.isObject(), where + " is not documented");
    JsonNode schema = resolve(response).at("/content/application~1json/schema");
    if (schema.isMissingNode()) {
      assertTrue(r.body().isEmpty(), where + " has an undocumented body");
      return;
    }
    List<String> problems = new ArrayList<>();
    check(JSON.readTree(r.body()), schema, "$", problems);
    assertTrue(problems.isEmpty(), where + ": " + problems);
  }

  private static void check(JsonNode value, JsonNode schema, String at, List<String> problems) {
    schema = resolve(schema);
    if (value.isNull()) {
      if (!schema.path("nullable").asBoolean()) {
        problems.add(at + " is null");
      }
      return;
    }
    switch (schema.path("type").asText("")) {
      case "object" -> {
        if (!value.isObject()) {
          problems.add(at + " is not an object");
          return;
        }
        schema
            .path("required")
            .forEach(
                req -> {
                  if (!value.has(req.asText())) {
                    problems.add(at + " lacks " + req.asText());
                  }
                });
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        value
            .fields()
            .forEachRemaining(
                f -> {
                  if (properties.has(f.getKey())) {
                    check(
                        f.getValue(), properties.get(f.getKey()), at + "." + f.getKey(), problems);
                  } else if (additional.isObject()) {
                    check(f.getValue(), additional, at + "." + f.getKey(), problems);
                  } else if (properties.size() > 0 || !additional.isMissingNode()) {
                    problems.add(at + " has undocumented " + f.getKey());
                  }
                });
      }
      case "array" -> {
        if (!value.isArray()) {
          problems.add(at + " is not an array");
          return;
        }
        for (int i = 0; i < value.size(); i++) {
          check(value.get(i), schema.get("items"), at + "[" + i + "]", problems);
        }
      }
      case "string" -> {
        if (!value.isTextual()) {
          problems.add(at + " is not a string");
        } else if (schema.has("pattern")
            && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
          problems.add(at + " does not match " + schema.get("pattern").asText());
        } else if (schema.has("enum") && !contains(schema.get("enum"), value.asText())) {
          problems.add(at + " is not one of " + schema.get("enum"));
        }
      }
      case "integer" -> {
        if (!value.isIntegralNumber()) {
          problems.add(at + " is not an integer");
        }
      }
      case "number" -> {
        if (!value.isNumber()) {
          problems.add(at + " is not a number");
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          problems.add(at + " is not a boolean");
        }
      }
      default -> problems.add(at + ": schema without a type");
    }
  }

  private static boolean contains(JsonNode array, String text) {
    for (JsonNode n : array) {
      if (n.asText().equals(text)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode resolve(JsonNode node) {
    while (node.has("$ref")) {
      node = doc.at(node.get("$ref").asText().substring(1));
    }
    return node;
  }

  private static void collectRefs(JsonNode node, List<String> out) {
    if (node.has("$ref")) {
      out.add(node.get("$ref").asText());
    }
    node.forEach(child -> collectRefs(child, out));
  }

  /** Some media type of the content (JSON, or bytes for downloads) declares its schema. */
  private static boolean hasSchema(JsonNode content) {
    if (content == null) {
      return false;
    }
    for (JsonNode media : content) {
      if (media.path("schema").isObject()) {
        return true;
      }
    }
    return false;
  }
}
