package io.lockerism.engine;

import com.sun.jna.Library;
import com.sun.jna.ptr.DoubleByReference;
import com.sun.jna.ptr.LongByReference;

/**
 * The C ABI of {@code native/} as JNA sees it. Every call returns a status code and fills
 * {@code err} with a NUL-terminated message when the code is not zero; see native/abi.go.
 * Only {@link NativeEngine} and its siblings in this package may use it.
 */
interface NativeLib extends Library {

  int lk_abi_version();

  int lk_version(byte[] dst, int dstCap, byte[] err, int errCap);

  int lk_self_test(byte[] err, int errCap);

  int lk_debug_panic(byte[] err, int errCap);

  int lk_release(long handle, byte[] err, int errCap);

  int lk_buffer_len(long handle, LongByReference outLen, byte[] err, int errCap);

  int lk_buffer_copy(long handle, byte[] dst, long dstCap, byte[] err, int errCap);

  long lk_live_handles();

  // BGV engine (native/export_he.go)

  int lk_he_self_test(byte[] err, int errCap);

  int lk_he_params_info(int d, LongByReference outBuf, byte[] err, int errCap);

  int lk_he_keygen(LongByReference outSecretKey, LongByReference outPublicKey, byte[] err,
      int errCap);

  int lk_he_serialize(long obj, LongByReference outBuf, byte[] err, int errCap);

  int lk_he_deserialize(int kind, byte[] data, long n, LongByReference outObj, byte[] err,
      int errCap);

  int lk_he_encrypt(long key, long[] values, int n, LongByReference outCt, byte[] err, int errCap);

  int lk_he_add_row(long ct, byte[] row, int d, int sign, LongByReference outCt, byte[] err,
      int errCap);

  int lk_he_model_new(int d, long n, byte[] matrix, long matrixLen, long[] prior, long priorLen,
      long weight, LongByReference outModel, byte[] err, int errCap);

  int lk_he_model_blocks(long model, LongByReference outBlocks, LongByReference outRowsPerBlock,
      byte[] err, int errCap);

  int lk_he_score_block(long model, long ct, long block, LongByReference outCt, byte[] err,
      int errCap);

  int lk_he_decrypt_scores(long sk, long ct, int d, long rows, long[] out, long outCap,
      byte[] err, int errCap);

  int lk_he_decrypt_vector(long sk, long ct, int d, long[] out, long outCap, byte[] err,
      int errCap);

  int lk_he_noise_budget(long sk, long ct, DoubleByReference outBits, byte[] err, int errCap);

  // Feed proofs (native/export_zk.go)

  int lk_zk_prover_new(byte[] id, long idLen, int d, long n, byte[] matrix, long matrixLen,
      byte[] prior, long priorLen, int weight, int kMax, byte[] cacheDir, long cacheDirLen,
      LongByReference outProver, byte[] err, int errCap);

  int lk_zk_prover_load(byte[] id, long idLen, int d, long n, byte[] matrix, long matrixLen,
      byte[] prior, long priorLen, int weight, int kMax, byte[] cacheDir, long cacheDirLen,
      LongByReference outProver, byte[] err, int errCap);

  int lk_zk_verifier_solidity(long prover, LongByReference outBuf, byte[] err, int errCap);

  int lk_zk_prove(long prover, int[] likes, int nLikes, int k, long[] heScores, long nScores,
      LongByReference outJson, byte[] err, int errCap);

  int lk_zk_verify(long prover, byte[] proof, long proofLen, byte[] publicInputs,
      long publicLen, byte[] err, int errCap);

  int lk_zk_prover_info(long prover, LongByReference outJson, byte[] err, int errCap);

  // Groth16 MPC ceremony (native/export_ceremony.go); paths are UTF-8 byte arrays, lists of
  // paths NUL-separated

  int lk_ceremony_phase1_init(byte[] id, long idLen, int d, long n, byte[] matrix,
      long matrixLen, byte[] prior, long priorLen, int weight, int kMax, byte[] cacheDir,
      long cacheDirLen, byte[] out, long outLen, LongByReference outDomain, byte[] err,
      int errCap);

  int lk_ceremony_phase1_contribute(byte[] in, long inLen, byte[] out, long outLen, byte[] err,
      int errCap);

  int lk_ceremony_phase1_verify(byte[] id, long idLen, int d, long n, byte[] matrix,
      long matrixLen, byte[] prior, long priorLen, int weight, int kMax, byte[] cacheDir,
      long cacheDirLen, byte[] contributions, long contributionsLen, byte[] beacon,
      long beaconLen, byte[] out, long outLen, byte[] err, int errCap);

  int lk_ceremony_phase2_init(byte[] id, long idLen, int d, long n, byte[] matrix,
      long matrixLen, byte[] prior, long priorLen, int weight, int kMax, byte[] cacheDir,
      long cacheDirLen, byte[] srs, long srsLen, byte[] out, long outLen, byte[] err,
      int errCap);

  int lk_ceremony_phase2_contribute(byte[] in, long inLen, byte[] out, long outLen, byte[] err,
      int errCap);

  int lk_ceremony_verify(byte[] id, long idLen, int d, long n, byte[] matrix, long matrixLen,
      byte[] prior, long priorLen, int weight, int kMax, byte[] cacheDir, long cacheDirLen,
      byte[] phase1, long phase1Len, byte[] phase2, long phase2Len, byte[] beacon1,
      long beacon1Len, byte[] beacon2, long beacon2Len, int install, LongByReference outJson,
      byte[] err, int errCap);

  // Embedded dev chain (native/export_chain.go)

  int lk_chain_start(int port, LongByReference outChain, LongByReference outInfoJson, byte[] err,
      int errCap);

  int lk_chain_stop(long chain, byte[] err, int errCap);
}
