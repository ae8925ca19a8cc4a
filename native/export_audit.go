package main

/*
#include <stdint.h>
*/
import "C"

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"os"

	"lockerism/circuits/feedproof"
)

// The auditor's half of `lockerism snapshot audit`: everything that needs the
// circuit. The Java side compares the result with the chain (registry entry,
// deployed bytecode, an eth_call of the sample proof).
//
//	int32_t lk_snapshot_audit(uint64_t snapshot, const uint8_t *request, int64_t n,
//	                          uint64_t *outJson, char *errBuf, int32_t errCap);
//
// Request (UTF-8 JSON, unknown fields are errors), one of:
//
//	{"keys":"ceremony", "phase1":[PATH…], "phase2":[PATH…], "beacon1":HEX,
//	 "beacon2":HEX, "workDir":PATH}
//	{"keys":"cache", "cacheDir":PATH}
//
// The circuit is compiled afresh from the snapshot handle (never read from a
// cache, whose constraint system could belong to anything). With "ceremony"
// the transcript is verified against that circuit (phase 1 sealed into a
// temporary SRS under workDir) and yields the keys; with "cache" the keys are
// read from a prover cache directory, e.g. an operator's development setup.
// Either way a sample feed (the first likes of the catalog) is proven with
// the rebuilt circuit and verified with the keys' verifying key: proving keys
// made for another circuit cannot produce a proof that verifies. A transcript
// or key pair that fails is codeMalformedInput with the reason. Returns
// auditResult JSON.

type auditRequest struct {
	Keys     string   `json:"keys"`
	CacheDir string   `json:"cacheDir"`
	WorkDir  string   `json:"workDir"`
	Phase1   []string `json:"phase1"`
	Phase2   []string `json:"phase2"`
	Beacon1  string   `json:"beacon1"`
	Beacon2  string   `json:"beacon2"`
}

// auditResult is what lk_snapshot_audit returns (JSON).
type auditResult struct {
	SnapshotID       string      `json:"snapshotId"`
	Profiles         int         `json:"profiles"`
	Features         int         `json:"features"`
	Weight           int         `json:"weight"`
	Constraints      int         `json:"constraints"`
	Setup            string      `json:"setup"`
	VkSha256         string      `json:"vkSha256"`
	VerifierSolidity string      `json:"verifierSolidity"`
	SampleLikes      []int       `json:"sampleLikes"`
	SampleProof      proofResult `json:"sampleProof"`
}

//export lk_snapshot_audit
func lk_snapshot_audit(snapshot C.uint64_t, request *C.uint8_t, n C.int64_t, outJSON *C.uint64_t,
	errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		if outJSON == nil {
			return errorf(codeInvalidArgument, "audit: null output handle pointer")
		}
		s, err := proverSnapshot(snapshot, "audit")
		if err != nil {
			return err
		}
		req, err := inputRequest(request, n, "audit request")
		if err != nil {
			return err
		}
		load, err := parseAuditRequest(req)
		if err != nil {
			return err
		}
		res, err := audit(s, load)
		if err != nil {
			return err
		}
		return setHandle(outJSON, buffer(mustJSON(res)))
	})
}

func audit(s *feedproof.Snapshot, load keyLoader) (*auditResult, error) {
	cc, err := feedproof.Compile(s, feedproof.DefaultKMax)
	if err != nil {
		return nil, fmt.Errorf("audit: compile: %w", err)
	}
	keys, err := load(s, cc)
	if err != nil {
		return nil, err
	}
	likes := make([]int, min(3, feedproof.MaxLikesFor(s.N)))
	for i := range likes {
		likes[i] = i
	}
	k := min(5, feedproof.DefaultKMax)
	sample, err := sampleProof(cc, keys, s, likes, k)
	if err != nil {
		return nil, err
	}
	vkHash, err := feedproof.VerifyingKeyHash(keys.vk)
	if err != nil {
		return nil, err
	}
	var src bytes.Buffer
	if err := feedproof.ExportVerifier(keys.vk, &src); err != nil {
		return nil, err
	}
	return &auditResult{SnapshotID: hex.EncodeToString(s.ID[:]), Profiles: s.N, Features: s.D, Weight: s.W,
		Constraints: cc.CS.GetNbConstraints(), Setup: keys.setup, VkSha256: vkHash,
		VerifierSolidity: src.String(), SampleLikes: likes, SampleProof: *sample}, nil
}

type keyLoader func(*feedproof.Snapshot, *feedproof.CompiledCircuit) (circuitKeys, error)

// parseAuditRequest decodes and checks a request and returns how to obtain
// the keys. It never touches a file, so it can be fuzzed.
func parseAuditRequest(b []byte) (keyLoader, error) {
	var r auditRequest
	if err := decodeRequest(b, "audit", &r); err != nil {
		return nil, err
	}
	switch r.Keys {
	case "ceremony":
		t, err := checkTranscript(r.Phase1, r.Phase2, r.Beacon1, r.Beacon2)
		if err != nil {
			return nil, err
		}
		work := os.TempDir()
		if r.WorkDir != "" {
			if work, err = checkPath(r.WorkDir, "audit work dir"); err != nil {
				return nil, err
			}
		}
		return func(_ *feedproof.Snapshot, cc *feedproof.CompiledCircuit) (circuitKeys, error) {
			if err := t.checkFiles(); err != nil {
				return circuitKeys{}, err
			}
			return t.extract(cc, work)
		}, nil
	case "cache":
		dir, err := checkPath(r.CacheDir, "audit cache dir")
		if err != nil {
			return nil, err
		}
		return func(s *feedproof.Snapshot, cc *feedproof.CompiledCircuit) (circuitKeys, error) {
			cache := feedproof.Cache{Dir: dir}
			pk, vk, err := cache.LoadKeys(s.ID, cc.KMax)
			if errors.Is(err, os.ErrNotExist) {
				return circuitKeys{}, errorf(codeInvalidArgument, "audit: no keys for snapshot %x in %s", s.ID, dir)
			}
			if err != nil {
				return circuitKeys{}, malformed("audit: reading the cached keys", err)
			}
			setup, err := cache.LoadSetup(s.ID, cc.KMax)
			if err != nil {
				return circuitKeys{}, err
			}
			return circuitKeys{pk: pk, vk: vk, setup: setup}, nil
		}, nil
	}
	return nil, errorf(codeInvalidArgument, `audit: "keys" must be "ceremony" or "cache", got %q`, r.Keys)
}

// auditPublisher is the address the sample proof is made for: the zero
// address, which no transaction comes from, so the sample cannot be recorded.
var auditPublisher feedproof.Publisher

// sampleProof proves a public sample feed with the rebuilt circuit and checks
// it against the verifying key. gnark may panic on a proving key of another
// shape: that, too, means the keys are not this circuit's.
func sampleProof(cc *feedproof.CompiledCircuit, keys circuitKeys, s *feedproof.Snapshot, likes []int, k int) (res *proofResult, err error) {
	mismatch := func(why any) error {
		return errorf(codeMalformedInput, "audit: the keys do not belong to this snapshot's circuit (%v)", why)
	}
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, mismatch(r)
		}
	}()
	p, err := feedproof.Prove(cc, keys.pk, s, likes, k, auditPublisher)
	if err != nil {
		return nil, mismatch(err)
	}
	sol, err := p.Solidity()
	if err != nil {
		return nil, err
	}
	if err := feedproof.VerifySolidityBytes(keys.vk, sol, p.Public); err != nil {
		return nil, mismatch("a proof made with the rebuilt circuit does not verify: " + err.Error())
	}
	r := result(p, sol, k)
	return &r, nil
}
