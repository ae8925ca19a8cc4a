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
	if err := json.Unmarshal(js, &pi); err != nil || pi.D != d || pi.MaxScore != he.MaxScore(d) || pi.MaxScore >= pi.T {
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

	// re-randomize, as the store does on every write: same u, another c1
	var fresh C.uint64_t
	if err := must("rerandomize", lk_he_rerandomize(pk, ct, &fresh, eb, ec)); err != nil {
		return err
	}
	keep(fresh)
	var before, after C.uint64_t
	if err := must("serialize", lk_he_serialize(ct, &before, eb, ec)); err != nil {
		return err
	}
	keep(before)
	if err := must("serialize", lk_he_serialize(fresh, &after, eb, ec)); err != nil {
		return err
	}
	keep(after)
	beforeBytes, err := readBuf(before)
	if err != nil {
		return err
	}
	afterBytes, err := readBuf(after)
	if err != nil {
		return err
	}
	if len(afterBytes) != len(beforeBytes) || c1Survives(beforeBytes, afterBytes) {
		return fmt.Errorf("rerandomize: c1 was not renewed")
	}
	ct = fresh
	if err := expect("rerandomize with a secret key", lk_he_rerandomize(sk, ct, &tmp, eb, ec), codeInvalidArgument); err != nil {
		return err
	}
	if err := expect("rerandomize a key", lk_he_rerandomize(pk, pk, &tmp, eb, ec), codeInvalidArgument); err != nil {
		return err
	}
	if err := expect("rerandomize a released handle", lk_he_rerandomize(pk, 1<<62, &tmp, eb, ec), codeUnknownHandle); err != nil {
		return err
	}
	if err := expect("rerandomize without output", lk_he_rerandomize(pk, ct, nil, eb, ec), codeInvalidArgument); err != nil {
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

	vec := make([]int64, d)
	if err := must("decrypt_vector", lk_he_decrypt_vector(sk, ct2, d, (*C.int64_t)(unsafe.Pointer(&vec[0])), d, eb, ec)); err != nil {
		return err
	}
	for j := range u {
		if uint64(vec[j]) != u[j] {
			return fmt.Errorf("decrypt_vector: coordinate %d differs", j)
		}
	}

	// concurrent queries and scoring of one model: every goroutine builds
	// its own query from the same Enc(u) and decrypts its reply
	var mdl C.uint64_t
	var blocks, rows C.int64_t
	var g C.int32_t
	if err := must("slot_model_new", lk_he_slot_model_new(snap, 0, &mdl, &blocks, &rows, &g, eb, ec)); err != nil {
		return err
	}
	keep(mdl)
	want := he.PlainScores(d, sm.M, bytesToU64(sm.B), uint64(sm.Weight), u)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = concurrentSlotRound(sk, ct2, mdl, d, g, C.int64_t(i)%blocks, want)
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

// c1Survives reports whether the serialized ciphertexts a and b share any
// 8-byte word of c1 (the last n coefficients of the frame), at any position:
// after a re-randomization they should not (≈ 2^-36 by chance).
func c1Survives(a, b []byte) bool {
	const c1Bytes = 8 * 4096
	seen := map[string]bool{}
	for i := len(a) - c1Bytes; i < len(a); i += 8 {
		seen[string(a[i:i+8])] = true
	}
	for i := len(b) - c1Bytes; i < len(b); i += 8 {
		if seen[string(b[i:i+8])] {
			return true
		}
	}
	return false
}

// concurrentSlotRound builds a query, scores one block and checks its
// decrypted scores: one goroutine's share of heSelfTest's concurrency check.
func concurrentSlotRound(sk, ct, mdl C.uint64_t, d, g C.int32_t, blk C.int64_t, want []uint64) error {
	eb2 := make([]byte, 256)
	eb := (*C.char)(unsafe.Pointer(&eb2[0]))
	var q, r C.uint64_t
	if code := lk_he_query_new(sk, ct, d, g, &q, eb, 256); code != codeOK {
		return fmt.Errorf("concurrent query_new: code %d", int32(code))
	}
	defer lk_release(q, nil, 0)
	if code := lk_he_slot_score(mdl, q, blk, 1, &r, eb, 256); code != codeOK {
		return fmt.Errorf("concurrent slot_score: code %d", int32(code))
	}
	defer lk_release(r, nil, 0)
	res := make([]int64, len(want))
	var first, count C.int64_t
	if code := lk_he_slot_decrypt(sk, q, r, &first, (*C.int64_t)(unsafe.Pointer(&res[0])), C.int64_t(len(res)), &count, eb, 256); code != codeOK {
		return fmt.Errorf("concurrent slot_decrypt: code %d", int32(code))
	}
	for i := range int(count) {
		if uint64(res[i]) != want[int(first)+i] {
			return fmt.Errorf("concurrent: row %d differs", int(first)+i)
		}
	}
	return nil
}
