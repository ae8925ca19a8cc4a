package main

/*
#include <stdint.h>
*/
import "C"

import (
	"math/big"
	"slices"
	"strings"

	"lockerism/circuits/feedproof"
)

// Opening a receipt's commitments, for `lockerism receipt verify`: anyone
// holding a receipt recomputes C_L and C_F from its openings (the like-set,
// the feed and both salts) without a prover or a snapshot.
//
//	int32_t lk_zk_commitments(const uint8_t *request, int64_t n, uint64_t *outJson,
//	                          char *errBuf, int32_t errCap);
//
// Request (UTF-8 JSON, unknown fields are errors):
//
//	{"likes":[INDEX…], "feed":[INDEX…], "saltL":"0x…", "saltF":"0x…"}
//
// likes strictly ascending (at most feedproof.MaxLikes), feed in rank order
// (1..feedproof.DefaultKMax distinct entries), indices below feedproof.MaxN,
// salts 32-byte words below the field modulus r (the circuit's salts are
// field elements: a larger value would hash as its reduction and so would
// open the same commitment under two spellings). Returns
// {"commitL":"0x…","commitF":"0x…"}.

type commitmentsRequest struct {
	Likes []int  `json:"likes"`
	Feed  []int  `json:"feed"`
	SaltL string `json:"saltL"`
	SaltF string `json:"saltF"`
}

type commitmentsResult struct {
	CommitL string `json:"commitL"`
	CommitF string `json:"commitF"`
}

//export lk_zk_commitments
func lk_zk_commitments(request *C.uint8_t, n C.int64_t, outJSON *C.uint64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		if outJSON == nil {
			return errorf(codeInvalidArgument, "commitments: null output handle pointer")
		}
		b, err := inputRequest(request, n, "commitments request")
		if err != nil {
			return err
		}
		var req commitmentsRequest
		if err := decodeRequest(b, "commitments", &req); err != nil {
			return err
		}
		r, err := openCommitments(req)
		if err != nil {
			return err
		}
		return setHandle(outJSON, buffer(mustJSON(r)))
	})
}

func openCommitments(req commitmentsRequest) (commitmentsResult, error) {
	if err := checkOpeningLists(req.Likes, req.Feed); err != nil {
		return commitmentsResult{}, err
	}
	saltL, err := fieldWord(req.SaltL, "saltL")
	if err != nil {
		return commitmentsResult{}, err
	}
	saltF, err := fieldWord(req.SaltF, "saltF")
	if err != nil {
		return commitmentsResult{}, err
	}
	cl, err := feedproof.CommitLikes(req.Likes, saltL)
	if err != nil {
		return commitmentsResult{}, errorf(codeInvalidArgument, "commitments: %v", err)
	}
	cf, err := feedproof.CommitFeed(req.Feed, feedproof.DefaultKMax, saltF)
	if err != nil {
		return commitmentsResult{}, errorf(codeInvalidArgument, "commitments: %v", err)
	}
	return commitmentsResult{CommitL: word(cl), CommitF: word(cf)}, nil
}

// checkOpeningLists refuses lists no honest proof commits to: the circuit
// lists likes strictly ascending and feed entries once each.
func checkOpeningLists(likes, feed []int) error {
	if len(likes) > feedproof.MaxLikes {
		return errorf(codeInvalidArgument, "commitments: %d likes, at most %d", len(likes), feedproof.MaxLikes)
	}
	if len(feed) < 1 || len(feed) > feedproof.DefaultKMax {
		return errorf(codeInvalidArgument, "commitments: %d feed entries, want 1..%d", len(feed), feedproof.DefaultKMax)
	}
	for i, v := range likes {
		if v < 0 || v >= feedproof.MaxN || (i > 0 && v <= likes[i-1]) {
			return errorf(codeInvalidArgument, "commitments: likes must be distinct indices below %d in ascending order", feedproof.MaxN)
		}
	}
	seen := slices.Clone(feed)
	slices.Sort(seen)
	for i, v := range seen {
		if v < 0 || v >= feedproof.MaxN || (i > 0 && v == seen[i-1]) {
			return errorf(codeInvalidArgument, "commitments: feed entries must be distinct indices below %d", feedproof.MaxN)
		}
	}
	return nil
}

// fieldWord parses a 0x-prefixed 32-byte big-endian word.
func fieldWord(s, what string) (*big.Int, error) {
	digits, ok := strings.CutPrefix(s, "0x")
	if !ok || len(digits) != 64 {
		return nil, errorf(codeInvalidArgument, "commitments: %s is not a 0x-prefixed 32-byte word", what)
	}
	v, ok := new(big.Int).SetString(digits, 16)
	if !ok {
		return nil, errorf(codeInvalidArgument, "commitments: %s is not hexadecimal", what)
	}
	return v, nil // MiMC refuses a value not below the field modulus
}
