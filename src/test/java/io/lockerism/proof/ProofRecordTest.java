package io.lockerism.proof;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lockerism.evm.Word;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The sealed proof record's plaintext: one fixed size, and it reads back what was written. */
class ProofRecordTest {

  @Test
  void recordsOfNoLikesAndOfTheMostLikesEncodeToOneSizeAndReadBack() {
    ProofRecord small = record(List.of(), List.of(4), 1);
    List<Integer> manyLikes = IntStream.range(999_000, 999_100).boxed().toList();
    List<Integer> longFeed = IntStream.range(1_000_000, 1_000_050).boxed().toList();
    ProofRecord large = record(manyLikes, longFeed, 50);
    byte[] a = small.encode();
    byte[] b = large.encode();
    assertEquals(ProofRecord.PADDED_BYTES, a.length);
    assertEquals(ProofRecord.PADDED_BYTES, b.length);
    ProofRecord back = ProofRecord.decode(b);
    assertEquals(manyLikes, back.likes());
    assertEquals(longFeed, back.feed());
    assertEquals(large.saltL(), back.saltL());
    assertEquals(large.saltF(), back.saltF());
    assertArrayEquals(large.result().proof(), back.result().proof());
    assertEquals(large.result().publicInputs(), back.result().publicInputs());
    assertEquals(large.result().commitF(), back.result().commitF());
    assertEquals(50, back.result().k());
  }

  private static ProofRecord record(List<Integer> likes, List<Integer> feed, int k) {
    List<Word> inputs = new ArrayList<>();
    for (int i = 0; i < 6; i++) { // one more than today's five: room for another public input
      inputs.add(Word.of(BigInteger.ONE.shiftLeft(250).subtract(BigInteger.valueOf(i))));
    }
    byte[] proof = new byte[384];
    proof[383] = 7;
    return new ProofRecord(
        new ProofResult(proof, inputs, inputs.get(2), inputs.get(3), k),
        likes,
        feed,
        Word.of(BigInteger.ONE.shiftLeft(253)),
        Word.of(BigInteger.ONE.shiftLeft(252)));
  }
}
