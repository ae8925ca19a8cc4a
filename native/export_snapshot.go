package main

/*
#include <stdint.h>
*/
import "C"

import (
	"encoding/hex"
	"errors"

	"lockerism/circuits/feedproof"
	"lockerism/circuits/model"
)

// C export of the snapshot codec (package model).
//
//	int32_t lk_snapshot_open(const uint8_t *data, int64_t n, uint64_t *outSnapshot,
//	                         uint64_t *outInfoJson, char *errBuf, int32_t errCap);
//
// lk_snapshot_open decodes a snapshot's canonical bytes (format 1, see
// circuits/model) and returns two handles: the snapshot, which
// lk_he_model_new, lk_zk_prover_open, lk_ceremony_run and lk_snapshot_audit
// take, and a buffer holding the UTF-8 JSON
//
//	{"id":"<64 hex digits>","profiles":N,"features":D,"weight":w}
//
// where id is the SHA-256 of data, computed here. Malformed bytes yield
// codeMalformedInput with the reason. The snapshot handle holds M and b only
// (account ids and labels are validated, then dropped); objects built from it
// keep what they need, so it may be released right after use.

// snapshotInfo is the JSON lk_snapshot_open returns next to the handle.
type snapshotInfo struct {
	ID       string `json:"id"`
	Profiles int    `json:"profiles"`
	Features int    `json:"features"`
	Weight   int    `json:"weight"`
}

func openSnapshot(b []byte) (*feedproof.Snapshot, error) {
	s, err := feedproof.DecodeSnapshot(b)
	if errors.Is(err, model.ErrMalformed) {
		return nil, errorf(codeMalformedInput, "%v", err)
	}
	return s, err
}

//export lk_snapshot_open
func lk_snapshot_open(data *C.uint8_t, n C.int64_t, outSnapshot, outInfoJSON *C.uint64_t,
	errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		if outSnapshot == nil || outInfoJSON == nil {
			return errorf(codeInvalidArgument, "snapshot_open: null output handle pointer")
		}
		b, err := inputBytes(data, n, "snapshot")
		if err != nil {
			return err
		}
		s, err := openSnapshot(b)
		if err != nil {
			return err
		}
		info := mustJSON(snapshotInfo{ID: hex.EncodeToString(s.ID[:]), Profiles: s.N, Features: s.D, Weight: s.W})
		*outSnapshot = C.uint64_t(newHandle(s))
		*outInfoJSON = C.uint64_t(newHandle(buffer(info)))
		return nil
	})
}

// snapshotOf returns the snapshot behind a handle from lk_snapshot_open.
func snapshotOf(h C.uint64_t, what string) (*feedproof.Snapshot, error) {
	return handleValue[*feedproof.Snapshot](h, what+" snapshot")
}
