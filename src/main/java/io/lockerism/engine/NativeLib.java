package io.lockerism.engine;

import com.sun.jna.Library;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;

/**
 * The C ABI of the release library ({@code native/exports.txt}) as JNA sees it. Every call returns
 * a status code and fills {@code err} with a NUL-terminated message when the code is not OK; see
 * native/abi.go. Only this package may use it.
 */
interface NativeLib extends Library {

  int lk_abi_version();

  int lk_engine_info(LongByReference outJson, byte[] err, int errCap);

  int lk_self_test(byte[] err, int errCap);

  int lk_release(long handle, byte[] err, int errCap);

  int lk_buffer_len(long handle, LongByReference outLen, byte[] err, int errCap);

  int lk_buffer_copy(long handle, byte[] dst, long dstCap, byte[] err, int errCap);

  long lk_live_handles();

  // Snapshots (native/export_snapshot.go): canonical bytes in, handle + info JSON out

  int lk_snapshot_open(
      byte[] data,
      long n,
      LongByReference outSnapshot,
      LongByReference outInfoJson,
      byte[] err,
      int errCap);

  int lk_snapshot_audit(
      long snapshot, byte[] request, long n, LongByReference outJson, byte[] err, int errCap);

  // BGV engine (native/export_he.go)

  int lk_he_params_info(int d, LongByReference outBuf, byte[] err, int errCap);

  int lk_he_keygen(
      LongByReference outSecretKey, LongByReference outPublicKey, byte[] err, int errCap);

  int lk_he_serialize(long obj, LongByReference outBuf, byte[] err, int errCap);

  int lk_he_deserialize(
      int kind, byte[] data, long n, LongByReference outObj, byte[] err, int errCap);

  int lk_he_encrypt(long key, long[] values, int n, LongByReference outCt, byte[] err, int errCap);

  int lk_he_add_row(
      long ct, byte[] row, int d, int sign, LongByReference outCt, byte[] err, int errCap);

  int lk_he_rerandomize(long pk, long ct, LongByReference outCt, byte[] err, int errCap);

  int lk_he_decrypt_vector(
      long sk, long ct, int d, long[] out, long outCap, byte[] err, int errCap);

  // Slot-packed BGV engine (native/export_he_slot.go)

  int lk_he_slot_model_new(
      long snapshot,
      int groups,
      LongByReference outModel,
      LongByReference outBlocks,
      LongByReference outRowsPerBlock,
      IntByReference outGroups,
      byte[] err,
      int errCap);

  int lk_he_query_new(
      long sk, long interest, int d, int groups, LongByReference outQuery, byte[] err, int errCap);

  int lk_he_slot_score(
      long model,
      long query,
      long firstBlock,
      long count,
      LongByReference outReply,
      byte[] err,
      int errCap);

  int lk_he_slot_topk(
      long sk,
      long query,
      long[] replies,
      int nReplies,
      int k,
      int[] excluded,
      int nExcluded,
      long[] outRows,
      long[] outScores,
      int outCap,
      IntByReference outCount,
      byte[] err,
      int errCap);

  int lk_he_slot_decrypt(
      long sk,
      long query,
      long reply,
      LongByReference outFirstRow,
      long[] out,
      long outCap,
      LongByReference outCount,
      byte[] err,
      int errCap);

  int lk_he_auto_groups(long n, int d, IntByReference outGroups, byte[] err, int errCap);

  // Feed proofs (native/export_zk.go)

  int lk_zk_prover_open(
      long snapshot,
      byte[] cacheDir,
      long cacheDirLen,
      int setupIfMissing,
      LongByReference outProver,
      byte[] err,
      int errCap);

  int lk_zk_prover_info(long prover, LongByReference outJson, byte[] err, int errCap);

  int lk_zk_verifier_solidity(long prover, LongByReference outBuf, byte[] err, int errCap);

  int lk_zk_commitments(byte[] request, long n, LongByReference outJson, byte[] err, int errCap);

  int lk_zk_prove(
      long prover,
      int[] likes,
      int nLikes,
      int k,
      long[] heScores,
      long nScores,
      byte[] publisher,
      long publisherLen,
      LongByReference outJson,
      byte[] err,
      int errCap);

  int lk_zk_verify(
      long prover,
      byte[] proof,
      long proofLen,
      byte[] publicInputs,
      long publicLen,
      byte[] err,
      int errCap);

  // Groth16 MPC ceremony (native/export_ceremony.go): JSON requests

  int lk_ceremony_contribute(byte[] request, long n, byte[] err, int errCap);

  int lk_ceremony_run(
      long snapshot, byte[] request, long n, LongByReference outJson, byte[] err, int errCap);

  // Embedded dev chain (native/export_chain.go)

  int lk_chain_start(
      byte[] request,
      long n,
      LongByReference outChain,
      LongByReference outInfoJson,
      byte[] err,
      int errCap);

  int lk_chain_stop(long chain, byte[] err, int errCap);
}
