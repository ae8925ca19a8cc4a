//go:build lktest

package main

/*
#include <stdint.h>
*/
import "C"

import (
	"fmt"
	"slices"
	"unsafe"

	"lockerism/native/he"
)

// heSlotSelfTest drives the slot-packed exports as a C caller would: a query
// built from the interest Enc(u), replies scored in two slices of blocks and
// carried through their serialized frames (as the remote evaluator does),
// then the top-k, compared with the plaintext top-k. groups is the folding
// factor asked of lk_he_slot_model_new (0 = the engine's choice).
func heSlotSelfTest(groups int32) error {
	errBuf := make([]byte, 512)
	eb := (*C.char)(unsafe.Pointer(&errBuf[0]))
	ec := C.int32_t(len(errBuf))
	check := func(what string, code C.int32_t, want int32) error {
		if int32(code) != want {
			return fmt.Errorf("%s: code %d, want %d (%s)", what, int32(code), want, C.GoString(eb))
		}
		return nil
	}
	var held []C.uint64_t
	defer func() {
		for _, h := range held {
			lk_release(h, eb, ec)
		}
	}()
	keep := func(h C.uint64_t) { held = append(held, h) }

	var sk, pk C.uint64_t
	if err := check("keygen", lk_he_keygen(&sk, &pk, eb, ec), codeOK); err != nil {
		return err
	}
	keep(sk)
	keep(pk)
	sm := selfTestModel()
	snapBytes, err := sm.Encode()
	if err != nil {
		return err
	}
	var snap, snapInfo C.uint64_t
	if err := check("snapshot_open", lk_snapshot_open((*C.uint8_t)(unsafe.Pointer(&snapBytes[0])), C.int64_t(len(snapBytes)), &snap, &snapInfo, eb, ec), codeOK); err != nil {
		return err
	}
	keep(snap)
	keep(snapInfo)
	var mdl, tmp C.uint64_t
	var blocks, rows C.int64_t
	var g C.int32_t
	if err := check("slot_model_new groups 3", lk_he_slot_model_new(snap, 3, &mdl, &blocks, &rows, &g, eb, ec), codeInvalidArgument); err != nil {
		return err
	}
	if err := check("slot_model_new on a key", lk_he_slot_model_new(pk, 0, &mdl, &blocks, &rows, &g, eb, ec), codeInvalidArgument); err != nil {
		return err
	}
	if err := check("slot_model_new", lk_he_slot_model_new(snap, C.int32_t(groups), &mdl, &blocks, &rows, &g, eb, ec), codeOK); err != nil {
		return err
	}
	keep(mdl)

	// Enc(u) at its bound: MaxLikes likes of the largest rows would exceed
	// a 300-row catalog, so like rows 0..99 (each counted once).
	const d = 64
	zero := make([]int64, d)
	var ct C.uint64_t
	if err := check("encrypt", lk_he_encrypt(pk, (*C.int64_t)(unsafe.Pointer(&zero[0])), d, &ct, eb, ec), codeOK); err != nil {
		return err
	}
	keep(ct)
	u := make([]uint64, d)
	liked := make([]int32, 0, 100)
	for i := 0; i < 100; i++ {
		row := sm.M[i*d : i*d+d]
		if err := check("add_row", lk_he_add_row(ct, (*C.uint8_t)(unsafe.Pointer(&row[0])), d, 1, &ct, eb, ec), codeOK); err != nil {
			return err
		}
		keep(ct)
		for j := range u {
			u[j] += uint64(row[j])
		}
		liked = append(liked, int32(i))
	}

	var q C.uint64_t
	if err := check("query_new wrong groups", lk_he_query_new(sk, ct, d, 3, &q, eb, ec), codeInvalidArgument); err != nil {
		return err
	}
	if err := check("query_new with a public key", lk_he_query_new(pk, ct, d, g, &q, eb, ec), codeInvalidArgument); err != nil {
		return err
	}
	if err := check("query_new", lk_he_query_new(sk, ct, d, g, &q, eb, ec), codeOK); err != nil {
		return err
	}
	keep(q)
	q2, err := slotRoundTrip(q, he.KindQuery, keep, check, eb, ec)
	if err != nil {
		return err
	}

	// two replies: [0, split) and [split, blocks)
	split := max(blocks/2, 1)
	var replies []C.uint64_t
	for _, span := range [][2]C.int64_t{{0, split}, {split, blocks - split}} {
		if span[1] == 0 {
			continue
		}
		var r C.uint64_t
		if err := check("slot_score", lk_he_slot_score(mdl, q2, span[0], span[1], &r, eb, ec), codeOK); err != nil {
			return err
		}
		keep(r)
		r2, err := slotRoundTrip(r, he.KindReply, keep, check, eb, ec)
		if err != nil {
			return err
		}
		replies = append(replies, r2)
	}
	if err := check("slot_score out of range", lk_he_slot_score(mdl, q2, blocks, 1, &tmp, eb, ec), codeInvalidArgument); err != nil {
		return err
	}

	const k = 20
	outRows, outScores := make([]int64, k), make([]int64, k)
	var count C.int32_t
	topk := func(cap C.int32_t, kk C.int32_t) C.int32_t {
		return lk_he_slot_topk(sk, q, &replies[0], C.int32_t(len(replies)), kk, (*C.int32_t)(unsafe.Pointer(&liked[0])), C.int32_t(len(liked)),
			(*C.int64_t)(unsafe.Pointer(&outRows[0])), (*C.int64_t)(unsafe.Pointer(&outScores[0])), cap, &count, eb, ec)
	}
	if err := check("slot_topk small buffer", topk(k-1, k), codeBufferTooSmall); err != nil {
		return err
	}
	if err := check("slot_topk k too large", topk(maxTopK+1, maxTopK+1), codeInvalidArgument); err != nil {
		return err
	}
	if err := check("slot_topk", topk(k, k), codeOK); err != nil {
		return err
	}
	plain := he.PlainScores(d, sm.M, bytesToU64(sm.B), uint64(sm.Weight), u)
	if err := slotDecryptAll(sk, q, replies, plain, check, eb, ec); err != nil {
		return err
	}
	if groups == 0 {
		var auto C.int32_t
		if err := check("auto_groups", lk_he_auto_groups(C.int64_t(sm.N()), d, &auto, eb, ec), codeOK); err != nil {
			return err
		}
		if auto != g {
			return fmt.Errorf("auto_groups: %d, the model chose %d", int32(auto), int32(g))
		}
		if err := check("auto_groups d=129", lk_he_auto_groups(C.int64_t(sm.N()), 129, &auto, eb, ec), codeInvalidArgument); err != nil {
			return err
		}
	}
	want := plainTopK(plain, liked, k)
	if int(count) != len(want) {
		return fmt.Errorf("slot_topk: %d entries, want %d", int32(count), len(want))
	}
	for i, w := range want {
		if outRows[i] != int64(w.Row) || outScores[i] != int64(w.Score) {
			return fmt.Errorf("slot_topk: entry %d differs from the plaintext top-k", i)
		}
	}
	return nil
}

// slotDecryptAll decrypts every reply with lk_he_slot_decrypt (what the
// proof's witness needs) and compares the rows with the plaintext scores.
func slotDecryptAll(sk, q C.uint64_t, replies []C.uint64_t, plain []uint64,
	check func(string, C.int32_t, int32) error, eb *C.char, ec C.int32_t) error {
	out := make([]int64, len(plain))
	var first, count C.int64_t
	next := 0
	for _, r := range replies {
		p := (*C.int64_t)(unsafe.Pointer(&out[next]))
		if err := check("slot_decrypt small buffer", lk_he_slot_decrypt(sk, q, r, &first, p, 0, &count, eb, ec), codeBufferTooSmall); err != nil {
			return err
		}
		if err := check("slot_decrypt", lk_he_slot_decrypt(sk, q, r, &first, p, C.int64_t(len(out)-next), &count, eb, ec), codeOK); err != nil {
			return err
		}
		if int(first) != next {
			return fmt.Errorf("slot_decrypt: reply starts at row %d, want %d", int64(first), next)
		}
		next += int(count)
	}
	if next != len(plain) {
		return fmt.Errorf("slot_decrypt: %d rows decrypted, want %d", next, len(plain))
	}
	for i, v := range plain {
		if out[i] != int64(v) {
			return fmt.Errorf("slot_decrypt: row %d differs from the plaintext score", i)
		}
	}
	return nil
}

// slotRoundTrip serializes a query or reply handle and reads it back, as the
// remote evaluator's frames do; it also checks a truncated frame is refused.
func slotRoundTrip(h C.uint64_t, kind he.Kind, keep func(C.uint64_t),
	check func(string, C.int32_t, int32) error, eb *C.char, ec C.int32_t) (C.uint64_t, error) {
	var buf, out C.uint64_t
	if err := check("serialize "+kind.String(), lk_he_serialize(h, &buf, eb, ec), codeOK); err != nil {
		return 0, err
	}
	keep(buf)
	var n C.int64_t
	if err := check("buffer_len", lk_buffer_len(buf, &n, eb, ec), codeOK); err != nil {
		return 0, err
	}
	b := make([]byte, n)
	if err := check("buffer_copy", lk_buffer_copy(buf, (*C.uint8_t)(unsafe.Pointer(&b[0])), n, eb, ec), codeOK); err != nil {
		return 0, err
	}
	p := (*C.uint8_t)(unsafe.Pointer(&b[0]))
	if err := check("deserialize truncated "+kind.String(), lk_he_deserialize(C.int32_t(kind), p, n-1, &out, eb, ec), codeMalformedInput); err != nil {
		return 0, err
	}
	if err := check("deserialize "+kind.String(), lk_he_deserialize(C.int32_t(kind), p, n, &out, eb, ec), codeOK); err != nil {
		return 0, err
	}
	keep(out)
	return out, nil
}

func bytesToU64(b []uint8) []uint64 {
	out := make([]uint64, len(b))
	for i, v := range b {
		out[i] = uint64(v)
	}
	return out
}

// plainTopK is the reference selection: best score first, ties to the lower
// row, skipping excluded rows.
func plainTopK(scores []uint64, excluded []int32, k int) []he.Ranked {
	var all []he.Ranked
	for i, s := range scores {
		if !slices.Contains(excluded, int32(i)) {
			all = append(all, he.Ranked{Row: i, Score: uint32(s)})
		}
	}
	slices.SortFunc(all, func(a, b he.Ranked) int {
		if a.Score != b.Score {
			return int(b.Score) - int(a.Score)
		}
		return a.Row - b.Row
	})
	return all[:min(k, len(all))]
}

// deserializeOnce feeds arbitrary bytes to lk_he_deserialize as a slot query
// or reply (fuzzing the boundary, not only the he package): the status must
// be ok or malformedInput, never internal (a recovered panic), and an
// accepted frame must serialize back to the same bytes.
func deserializeOnce(kind he.Kind, data []byte) error {
	errBuf := make([]byte, 256)
	eb := (*C.char)(unsafe.Pointer(&errBuf[0]))
	var p *C.uint8_t
	if len(data) > 0 {
		p = (*C.uint8_t)(unsafe.Pointer(&data[0]))
	}
	var h C.uint64_t
	code := lk_he_deserialize(C.int32_t(kind), p, C.int64_t(len(data)), &h, eb, 256)
	switch int32(code) {
	case codeMalformedInput, codeInvalidArgument:
		return nil
	case codeOK:
	default:
		return fmt.Errorf("deserialize %s: code %d (%s)", kind, int32(code), C.GoString(eb))
	}
	defer lk_release(h, eb, 256)
	var buf C.uint64_t
	if code := lk_he_serialize(h, &buf, eb, 256); code != codeOK {
		return fmt.Errorf("serialize accepted %s: code %d", kind, int32(code))
	}
	defer lk_release(buf, eb, 256)
	var n C.int64_t
	lk_buffer_len(buf, &n, eb, 256)
	if int(n) != len(data) {
		return fmt.Errorf("accepted %s re-serializes to %d bytes, not %d", kind, int64(n), len(data))
	}
	return nil
}

// slotFrames returns a valid serialized query and reply (D = 3, G = 2) as
// fuzz seeds.
func slotFrames() (query, reply []byte, err error) {
	sk, _, err := he.KeyGen()
	if err != nil {
		return nil, nil, err
	}
	m, err := he.NewSlotModel(3, 5, make([]uint8, 15), make([]uint64, 5), 1, he.SlotOptions{Groups: 2})
	if err != nil {
		return nil, nil, err
	}
	q, err := he.BuildQuery(sk, []uint64{1, 2, 3}, 2, 1)
	if err != nil {
		return nil, nil, err
	}
	r, err := m.Score(q, 0, 1, 1)
	if err != nil {
		return nil, nil, err
	}
	if query, err = q.MarshalBinary(); err != nil {
		return nil, nil, err
	}
	reply, err = r.MarshalBinary()
	return query, reply, err
}
