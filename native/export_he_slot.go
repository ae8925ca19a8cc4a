package main

/*
#include <stdint.h>
*/
import "C"

import (
	"math"
	"unsafe"

	"lockerism/circuits/model"
	"lockerism/native/he"
)

// C exports of the slot-packed engine (he/slotmodel.go, query.go, reply.go,
// topk.go; docs/he-engine.md). The locker builds a secret-key seeded query
// from the interest Enc(u) it keeps at rest (u never leaves the engine), the
// evaluator scores blocks of the catalog into one reply (public data only),
// and the locker decrypts replies straight into the top-k: only the
// selection crosses back. Queries and replies are serialized with
// lk_he_serialize and read back with lk_he_deserialize (kinds 4 and 5).
//
//	int32_t lk_he_slot_model_new(uint64_t snapshot, int32_t groups, uint64_t *outModel,
//	        int64_t *outBlocks, int64_t *outRowsPerBlock, int32_t *outGroups, char *errBuf, int32_t errCap);
//	int32_t lk_he_query_new(uint64_t sk, uint64_t interest, int32_t d, int32_t groups,
//	        uint64_t *outQuery, char *errBuf, int32_t errCap);
//	int32_t lk_he_slot_score(uint64_t model, uint64_t query, int64_t firstBlock, int64_t count,
//	        uint64_t *outReply, char *errBuf, int32_t errCap);
//	int32_t lk_he_slot_topk(uint64_t sk, uint64_t query, const uint64_t *replies, int32_t nReplies,
//	        int32_t k, const int32_t *excluded, int32_t nExcluded,
//	        int64_t *outRows, int64_t *outScores, int32_t outCap, int32_t *outCount, char *errBuf, int32_t errCap);
//	int32_t lk_he_slot_decrypt(uint64_t sk, uint64_t query, uint64_t reply, int64_t *outFirstRow,
//	        int64_t *out, int64_t outCap, int64_t *outCount, char *errBuf, int32_t errCap);
//	int32_t lk_he_auto_groups(int64_t n, int32_t d, int32_t *outGroups, char *errBuf, int32_t errCap);
//
// groups 0 lets the engine pick G (he.AutoGroups); a query must be built
// with the model's G (reported by lk_he_slot_model_new).

// maxSlotReplies bounds the replies one top-k call takes (a feed at
// N = 2^20 − 1, G = 1 has 256 blocks; one reply per block at most).
const maxSlotReplies = 1 << 12

// maxTopK bounds k of one top-k call: the app's feeds go up to 100 (a
// proven feed to model.MaxFeedLength), and the heap is k entries.
const maxTopK = 1 << 10

//export lk_he_slot_model_new
func lk_he_slot_model_new(snapshot C.uint64_t, groups C.int32_t, outModel *C.uint64_t, outBlocks, outRowsPerBlock *C.int64_t,
	outGroups *C.int32_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		if outModel == nil || outBlocks == nil || outRowsPerBlock == nil || outGroups == nil {
			return errorf(codeInvalidArgument, "slot_model_new: null output pointer")
		}
		if groups < 0 || groups > he.MaxGroups {
			return errorf(codeInvalidArgument, "slot_model_new: groups %d outside [0, %d]", int32(groups), he.MaxGroups)
		}
		s, err := snapshotOf(snapshot, "slot_model_new")
		if err != nil {
			return err
		}
		m, err := newSlotModel(s, int(groups))
		if err != nil {
			return err
		}
		*outBlocks = C.int64_t(m.NumBlocks())
		*outRowsPerBlock = C.int64_t(m.RowsPerBlock())
		*outGroups = C.int32_t(m.Groups())
		*outModel = C.uint64_t(newHandle(m))
		return nil
	})
}

//export lk_he_query_new
func lk_he_query_new(sk, interest C.uint64_t, d, groups C.int32_t, outQuery *C.uint64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		k, err := handleValue[*he.SecretKey](sk, "query_new")
		if err != nil {
			return err
		}
		c, err := handleValue[*he.Ciphertext](interest, "query_new")
		if err != nil {
			return err
		}
		dd, err := checkD32(d, "query_new")
		if err != nil {
			return err
		}
		q, err := he.BuildQueryFromInterest(k, c, dd, int(groups), 0)
		if err != nil {
			return heErr(err)
		}
		return setHandle(outQuery, q)
	})
}

//export lk_he_slot_score
func lk_he_slot_score(mdl, query C.uint64_t, firstBlock, count C.int64_t, outReply *C.uint64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		m, err := handleValue[*he.SlotModel](mdl, "slot_score")
		if err != nil {
			return err
		}
		q, err := handleValue[*he.Query](query, "slot_score")
		if err != nil {
			return err
		}
		if firstBlock < 0 || count < 1 || int64(firstBlock) > int64(m.NumBlocks())-int64(count) {
			return errorf(codeInvalidArgument, "slot_score: blocks [%d, +%d) outside [0, %d)", int64(firstBlock), int64(count), m.NumBlocks())
		}
		r, err := m.Score(q, int(firstBlock), int(count), 0)
		if err != nil {
			return heErr(err)
		}
		return setHandle(outReply, r)
	})
}

//export lk_he_slot_topk
func lk_he_slot_topk(sk, query C.uint64_t, replies *C.uint64_t, nReplies, k C.int32_t, excluded *C.int32_t, nExcluded C.int32_t,
	outRows, outScores *C.int64_t, outCap C.int32_t, outCount *C.int32_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		key, err := handleValue[*he.SecretKey](sk, "slot_topk")
		if err != nil {
			return err
		}
		q, err := handleValue[*he.Query](query, "slot_topk")
		if err != nil {
			return err
		}
		if k < 1 || k > maxTopK {
			return errorf(codeInvalidArgument, "slot_topk: k=%d outside [1, %d]", int32(k), maxTopK)
		}
		if outRows == nil || outScores == nil || outCount == nil {
			return errorf(codeInvalidArgument, "slot_topk: null output pointer")
		}
		if outCap < k {
			return errorf(codeBufferTooSmall, "slot_topk: need room for %d entries, have %d", int32(k), int32(outCap))
		}
		rs, err := replyHandles(replies, nReplies)
		if err != nil {
			return err
		}
		ex, err := excludedRows(excluded, nExcluded)
		if err != nil {
			return err
		}
		top, err := he.DecryptTopK(key, q, rs, int(k), ex, 0)
		if err != nil {
			return heErr(err)
		}
		rows := unsafe.Slice((*int64)(unsafe.Pointer(outRows)), len(top))
		scores := unsafe.Slice((*int64)(unsafe.Pointer(outScores)), len(top))
		for i, r := range top {
			rows[i], scores[i] = int64(r.Row), int64(r.Score)
		}
		*outCount = C.int32_t(len(top))
		return nil
	})
}

// lk_he_slot_decrypt decrypts every score of one reply (rows FirstRow …
// FirstRow+Rows−1): the proof's witness needs all N scores, not a top-k.
//
//export lk_he_slot_decrypt
func lk_he_slot_decrypt(sk, query, reply C.uint64_t, outFirstRow, out *C.int64_t, outCap C.int64_t, outCount *C.int64_t,
	errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		key, err := handleValue[*he.SecretKey](sk, "slot_decrypt")
		if err != nil {
			return err
		}
		q, err := handleValue[*he.Query](query, "slot_decrypt")
		if err != nil {
			return err
		}
		r, err := handleValue[*he.Reply](reply, "slot_decrypt")
		if err != nil {
			return err
		}
		if outFirstRow == nil || outCount == nil {
			return errorf(codeInvalidArgument, "slot_decrypt: null output pointer")
		}
		if int64(outCap) < int64(r.Rows()) {
			return errorf(codeBufferTooSmall, "slot_decrypt: need room for %d values, have %d", r.Rows(), int64(outCap))
		}
		scores, err := he.DecryptReply(key, q, r, 0)
		if err != nil {
			return heErr(err)
		}
		vals := make([]uint64, len(scores))
		for i, v := range scores {
			vals[i] = uint64(v)
		}
		if err := outputInt64s(out, outCap, vals, "slot_decrypt"); err != nil {
			return err
		}
		*outFirstRow = C.int64_t(r.FirstRow())
		*outCount = C.int64_t(len(vals))
		return nil
	})
}

// lk_he_auto_groups is the folding factor G a model of n rows and d features
// gets with groups 0: the locker builds its query with it before the
// evaluator (maybe remote) has compiled anything.
//
//export lk_he_auto_groups
func lk_he_auto_groups(n C.int64_t, d C.int32_t, outGroups *C.int32_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		dd, err := checkD32(d, "auto_groups")
		if err != nil {
			return err
		}
		if n < 1 || int64(n) > int64(math.MaxInt32) {
			return errorf(codeInvalidArgument, "auto_groups: n=%d outside [1, 2^31)", int64(n))
		}
		if outGroups == nil {
			return errorf(codeInvalidArgument, "auto_groups: null output pointer")
		}
		*outGroups = C.int32_t(he.AutoGroups(int(n), dd))
		return nil
	})
}

// replyHandles resolves a caller-owned array of reply handles.
func replyHandles(ptr *C.uint64_t, n C.int32_t) ([]*he.Reply, error) {
	if n < 1 || n > maxSlotReplies {
		return nil, errorf(codeInvalidArgument, "slot_topk: %d replies outside [1, %d]", int32(n), maxSlotReplies)
	}
	if ptr == nil {
		return nil, errorf(codeInvalidArgument, "slot_topk: null reply array")
	}
	hs := unsafe.Slice((*C.uint64_t)(unsafe.Pointer(ptr)), int(n))
	out := make([]*he.Reply, len(hs))
	for i, h := range hs {
		r, err := handleValue[*he.Reply](h, "slot_topk")
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	return out, nil
}

// excludedRows copies the rows a feed skips (the viewer's likes).
func excludedRows(ptr *C.int32_t, n C.int32_t) ([]int, error) {
	if n < 0 || n > model.MaxLikes {
		return nil, errorf(codeInvalidArgument, "slot_topk: %d excluded rows outside [0, %d]", int32(n), model.MaxLikes)
	}
	if n == 0 {
		return nil, nil
	}
	if ptr == nil {
		return nil, errorf(codeInvalidArgument, "slot_topk: null excluded array")
	}
	src := unsafe.Slice((*int32)(unsafe.Pointer(ptr)), int(n))
	out := make([]int, n)
	for i, v := range src {
		out[i] = int(v)
	}
	return out, nil
}
