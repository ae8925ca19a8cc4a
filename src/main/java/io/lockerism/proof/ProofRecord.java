package io.lockerism.proof;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockerism.evm.Hex;
import io.lockerism.evm.Word;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What a proved job keeps, sealed under the viewer's vault key: the proof with its public values
 * and the openings of its commitments — the like-set L (ascending snapshot indices), the feed F
 * (snapshot indices in rank order) and both salts. Together they link the viewer to the proof, and
 * through the ledger to the wallet that publishes it, so none of it is stored in plaintext.
 *
 * <p>Encoded as JSON padded with spaces to {@value #PADDED_BYTES} bytes, so the sealed blob's
 * length says nothing about the number of likes or the feed length.
 */
record ProofRecord(
    ProofResult result, List<Integer> likes, List<Integer> feed, Word saltL, Word saltF) {

  /** At most 100 likes, 50 feed entries, 6 words and a 384-byte proof fit well below this. */
  static final int PADDED_BYTES = 4096;

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  ProofRecord {
    likes = List.copyOf(likes);
    feed = List.copyOf(feed);
  }

  /** The JSON layout (Jackson binds records by their components). */
  private record Stored(
      String proof,
      List<String> publicInputs,
      String commitL,
      String commitF,
      int k,
      List<Integer> likes,
      List<Integer> feed,
      String saltL,
      String saltF) {}

  byte[] encode() {
    Stored s =
        new Stored(
            result.proofHex(),
            result.publicInputs().stream().map(Word::toString).toList(),
            result.commitL().toString(),
            result.commitF().toString(),
            result.k(),
            likes,
            feed,
            saltL.toString(),
            saltF.toString());
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(s);
    } catch (IOException e) {
      throw new IllegalStateException("a proof record does not encode", e);
    }
    if (json.length > PADDED_BYTES) {
      throw new IllegalStateException("a proof record is longer than its padded size");
    }
    byte[] padded = new byte[PADDED_BYTES];
    System.arraycopy(json, 0, padded, 0, json.length);
    Arrays.fill(padded, json.length, PADDED_BYTES, (byte) ' ');
    return padded;
  }

  static ProofRecord decode(byte[] padded) {
    Stored s;
    try {
      s = JSON.readValue(new String(padded, StandardCharsets.UTF_8).strip(), Stored.class);
    } catch (IOException e) {
      throw new IllegalStateException("a stored proof record does not decode", e);
    }
    ProofResult result =
        new ProofResult(
            Hex.parse(s.proof(), "a stored proof"),
            s.publicInputs().stream().map(w -> Word.parse(w, "a stored public input")).toList(),
            Word.parse(s.commitL(), "a stored C_L"),
            Word.parse(s.commitF(), "a stored C_F"),
            s.k());
    return new ProofRecord(
        result,
        s.likes(),
        s.feed(),
        Word.parse(s.saltL(), "a stored salt"),
        Word.parse(s.saltF(), "a stored salt"));
  }
}
