//go:build lktest

package main

/*
#include <stdint.h>
*/
import "C"

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"
	"unsafe"

	"lockerism/native/he"
)

// heSelfTest drives the snapshot and HE exports exactly as a C caller would
// (C types, status codes, handles, buffers) and checks the decrypted scores
// against the plaintext model. It backs lk_he_self_test (test builds only)
// and the Go tests of the ABI; it cannot be a _test.go file because those
// may not use cgo.
func heSelfTest() error {
	errBuf := make([]byte, 512)
	eb := (*C.char)(unsafe.Pointer(&errBuf[0]))
	ec := C.int32_t(len(errBuf))
	msg := func() string {
		for i, b := range errBuf {
			if b == 0 {
				return string(errBuf[:i])
			}
		}
		return string(errBuf)
	}
	must := func(what string, code C.int32_t) error {
		if code != codeOK {
			return fmt.Errorf("%s: code %d: %s", what, int32(code), msg())
		}
		return nil
	}
	expect := func(what string, code C.int32_t, want int32) error {
		if int32(code) != want {
			return fmt.Errorf("%s: code %d, want %d (%s)", what, int32(code), want, msg())
		}
		return nil
	}
	var toRelease []C.uint64_t
	defer func() {
		for _, h := range toRelease {
			lk_release(h, eb, ec)
		}
	}()
	keep := func(h C.uint64_t) C.uint64_t { toRelease = append(toRelease, h); return h }
	readBuf := func(h C.uint64_t) ([]byte, error) {
		var n C.int64_t
		if err := must("buffer_len", lk_buffer_len(h, &n, eb, ec)); err != nil {
			return nil, err
		}
		b := make([]byte, int(n)+1)
		if err := must("buffer_copy", lk_buffer_copy(h, (*C.uint8_t)(unsafe.Pointer(&b[0])), n, eb, ec)); err != nil {
			return nil, err
		}
		return b[:n], nil
	}

	const d = 64
	var info C.uint64_t
	if err := must("params_info", lk_he_params_info(d, &info, eb, ec)); err != nil {
		return err
	}
	keep(info)
	js, err := readBuf(info)
	if err != nil {
		return err
	}
	var pi he.Info
	if err := json.Unmarshal(js, &pi); err != nil || pi.ScoresPerCiphertext != he.RowsPerBlock(d) || pi.MaxScore >= pi.T {
		return fmt.Errorf("params_info: bad JSON %s (%v)", js, err)
	}
	if err := expect("params_info d=0", lk_he_params_info(0, &info, eb, ec), codeInvalidArgument); err != nil {
		return err
	}

	var sk, pk C.uint64_t
	if err := must("keygen", lk_he_keygen(&sk, &pk, eb, ec)); err != nil {
		return err
	}
	keep(sk)
	keep(pk)

	// the snapshot crosses as its canonical bytes; the engine computes the id
	sm := selfTestModel()
	snapBytes, err := sm.Encode()
	if err != nil {
		return err
	}
	mat := sm.M
	matP := (*C.uint8_t)(unsafe.Pointer(&mat[0]))
	snapP := (*C.uint8_t)(unsafe.Pointer(&snapBytes[0]))
	var snap, snapInfo, tmp C.uint64_t
	if err := expect("snapshot_open truncated", lk_snapshot_open(snapP, C.int64_t(len(snapBytes)-1), &snap, &snapInfo, eb, ec), codeMalformedInput); err != nil {
		return err
	}
	if err := expect("snapshot_open negative length", lk_snapshot_open(snapP, -1, &snap, &snapInfo, eb, ec), codeInvalidArgument); err != nil {
		return err
	}
	if err := expect("snapshot_open null outputs", lk_snapshot_open(snapP, C.int64_t(len(snapBytes)), nil, &snapInfo, eb, ec), codeInvalidArgument); err != nil {
		return err
	}
	if err := must("snapshot_open", lk_snapshot_open(snapP, C.int64_t(len(snapBytes)), &snap, &snapInfo, eb, ec)); err != nil {
		return err
	}
	keep(snap)
	keep(snapInfo)
	js, err = readBuf(snapInfo)
	if err != nil {
		return err
	}
	var si snapshotInfo
	id := sha256.Sum256(snapBytes)
	if err := json.Unmarshal(js, &si); err != nil || si.ID != hex.EncodeToString(id[:]) ||
		si.Profiles != sm.N() || si.Features != d || si.Weight != sm.Weight {
		return fmt.Errorf("snapshot_open: bad info %s (%v)", js, err)
	}
	var model C.uint64_t
	var blocks, rows C.int64_t
	if err := expect("model_new on a key", lk_he_model_new(pk, &model, &blocks, &rows, eb, ec), codeInvalidArgument); err != nil {
		return err
	}
	if err := expect("model_new null outputs", lk_he_model_new(snap, &model, nil, &rows, eb, ec), codeInvalidArgument); err != nil {
		return err
	}
	if err := must("model_new", lk_he_model_new(snap, &model, &blocks, &rows, eb, ec)); err != nil {
		return err
	}
	keep(model)

	// like three rows through the ABI, starting from Enc(0)
	zero := make([]int64, d)
	var ct C.uint64_t
	if err := must("encrypt", lk_he_encrypt(pk, (*C.int64_t)(unsafe.Pointer(&zero[0])), d, &ct, eb, ec)); err != nil {
		return err
	}
	keep(ct)
	bad := []int64{-1}
	if err := expect("encrypt negative", lk_he_encrypt(pk, (*C.int64_t)(unsafe.Pointer(&bad[0])), 1, &tmp, eb, ec), codeInvalidArgument); err != nil {
		return err
	}
	u := make([]uint64, d)
	for _, i := range []int{5, 17, 299} {
		row := mat[i*d : i*d+d]
		if err := must("add_row", lk_he_add_row(ct, (*C.uint8_t)(unsafe.Pointer(&row[0])), d, 1, &ct, eb, ec)); err != nil {
			return err
		}
		keep(ct)
		for j := range u {
			u[j] += uint64(row[j])
		}
	}
	if err := expect("add_row sign 2", lk_he_add_row(ct, matP, d, 2, &tmp, eb, ec), codeInvalidArgument); err != nil {
		return err
	}
	if err := expect("add_row on a key", lk_he_add_row(pk, matP, d, 1, &tmp, eb, ec), codeInvalidArgument); err != nil {
		return err
	}

	// serialize and deserialize the interest ciphertext (as the store would)
	var blob C.uint64_t
	if err := must("serialize", lk_he_serialize(ct, &blob, eb, ec)); err != nil {
		return err
	}
	keep(blob)
	ctBytes, err := readBuf(blob)
	if err != nil {
		return err
	}
	var ct2 C.uint64_t
	if err := must("deserialize", lk_he_deserialize(C.int32_t(he.KindCiphertext), (*C.uint8_t)(unsafe.Pointer(&ctBytes[0])), C.int64_t(len(ctBytes)), &ct2, eb, ec)); err != nil {
		return err
	}
	keep(ct2)
	if err := expect("deserialize truncated", lk_he_deserialize(C.int32_t(he.KindCiphertext), (*C.uint8_t)(unsafe.Pointer(&ctBytes[0])), C.int64_t(len(ctBytes)-3), &tmp, eb, ec), codeMalformedInput); err != nil {
		return err
	}
	if err := expect("deserialize as key", lk_he_deserialize(C.int32_t(he.KindPublicKey), (*C.uint8_t)(unsafe.Pointer(&ctBytes[0])), C.int64_t(len(ctBytes)), &tmp, eb, ec), codeMalformedInput); err != nil {
		return err
	}

	// score every block and compare with the plaintext scores
	m, _ := handleValue[*he.Model](model, "self-test")
	want := m.PlainScores(u)
	out := make([]int64, rows)
	for b := C.int64_t(0); b < blocks; b++ {
		var sc C.uint64_t
		if err := must("score_block", lk_he_score_block(model, ct2, b, &sc, eb, ec)); err != nil {
			return err
		}
		keep(sc)
		first, last := m.BlockRows(int(b))
		cnt := C.int64_t(last - first)
		if err := expect("decrypt_scores small buffer", lk_he_decrypt_scores(sk, sc, d, cnt, (*C.int64_t)(unsafe.Pointer(&out[0])), cnt-1, eb, ec), codeBufferTooSmall); err != nil {
			return err
		}
		if err := must("decrypt_scores", lk_he_decrypt_scores(sk, sc, d, cnt, (*C.int64_t)(unsafe.Pointer(&out[0])), C.int64_t(len(out)), eb, ec)); err != nil {
			return err
		}
		for r := 0; r < int(cnt); r++ {
			if uint64(out[r]) != want[first+r] {
				return fmt.Errorf("row %d: decrypted score differs from the plaintext score", first+r)
			}
		}
		var bits C.double
		if err := must("noise_budget", lk_he_noise_budget(sk, sc, &bits, eb, ec)); err != nil {
			return err
		}
		if bits < 10 {
			return fmt.Errorf("noise budget %.1f bits below 10", float64(bits))
		}
	}
	if err := expect("score_block out of range", lk_he_score_block(model, ct2, blocks, &tmp, eb, ec), codeInvalidArgument); err != nil {
		return err
	}
	if err := expect("decrypt with a public key", lk_he_decrypt_scores(pk, ct2, d, 1, (*C.int64_t)(unsafe.Pointer(&out[0])), 1, eb, ec), codeInvalidArgument); err != nil {
		return err
	}
	vec := make([]int64, d)
	if err := must("decrypt_vector", lk_he_decrypt_vector(sk, ct2, d, (*C.int64_t)(unsafe.Pointer(&vec[0])), d, eb, ec)); err != nil {
		return err
	}
	for j := range u {
		if uint64(vec[j]) != u[j] {
			return fmt.Errorf("decrypt_vector: coordinate %d differs", j)
		}
	}

	// concurrent scoring of the same model and ciphertext
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for g := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			eb2 := make([]byte, 256)
			var sc C.uint64_t
			blk := C.int64_t(g) % blocks
			if code := lk_he_score_block(model, ct2, blk, &sc, (*C.char)(unsafe.Pointer(&eb2[0])), 256); code != codeOK {
				errs[g] = fmt.Errorf("concurrent score_block: code %d", int32(code))
				return
			}
			defer lk_release(sc, nil, 0)
			res := make([]int64, rows)
			first, last := m.BlockRows(int(blk))
			if code := lk_he_decrypt_scores(sk, sc, d, C.int64_t(last-first), (*C.int64_t)(unsafe.Pointer(&res[0])), rows, (*C.char)(unsafe.Pointer(&eb2[0])), 256); code != codeOK {
				errs[g] = fmt.Errorf("concurrent decrypt: code %d", int32(code))
				return
			}
			for r := range last - first {
				if uint64(res[r]) != want[first+r] {
					errs[g] = fmt.Errorf("concurrent: row %d differs", first+r)
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
