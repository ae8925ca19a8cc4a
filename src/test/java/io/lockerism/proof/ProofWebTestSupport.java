package io.lockerism.proof;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockerism.testing.ApiClient;

/** Starts a proof of the viewer's feed through the API and waits for it. */
public final class ProofWebTestSupport {

  private ProofWebTestSupport() {}

  /** A proof for no wallet (the zero address): it verifies, but no transaction can record it. */
  public static JsonNode prove(ApiClient viewer, int k) throws InterruptedException {
    return prove(viewer, k, null);
  }

  /** A proof for {@code publisher}, the only wallet whose transaction can record it. */
  public static JsonNode prove(ApiClient viewer, int k, String publisher)
      throws InterruptedException {
    String id = viewer.expect(202, viewer.startProof(k, publisher)).get("id").asText();
    JsonNode job = ProofWebTest.awaitDone(viewer, id);
    if (!job.get("status").asText().equals("done")) {
      throw new AssertionError("the proof failed: " + job);
    }
    return job;
  }
}
