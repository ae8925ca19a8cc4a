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
	"math/big"
	"os"
	"strings"
	"unsafe"

	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/logger"

	"lockerism/circuits/feedproof"
)

// gnark logs debug lines (timings, constraint counts) to stdout by default; the
// host process owns stdout, and nothing of a proof belongs in a log.
func init() { logger.Disable() }

// feedProver is one snapshot's feed circuit with its proving and verifying keys.
type feedProver struct {
	snapshot *feedproof.Snapshot
	circuit  *feedproof.CompiledCircuit
	pk       groth16.ProvingKey
	vk       groth16.VerifyingKey
	setup    string // feedproof.SetupDevelopment or a CeremonySetup record
}

// C exports of the feed prover (package feedproof).
//
//	int32_t lk_zk_prover_open(uint64_t snapshot, const uint8_t *cacheDir, int64_t cacheDirLen,
//	                          int32_t setupIfMissing, uint64_t *outProver, char *errBuf, int32_t errCap);
//	int32_t lk_zk_prover_info(uint64_t prover, uint64_t *outJson, char *errBuf, int32_t errCap);
//	int32_t lk_zk_verifier_solidity(uint64_t prover, uint64_t *outBuf, char *errBuf, int32_t errCap);
//	int32_t lk_zk_prove(uint64_t prover, const int32_t *likes, int32_t nLikes, int32_t k,
//	                    const int64_t *heScores, int64_t nScores, const uint8_t *publisher,
//	                    int64_t publisherLen, uint64_t *outJson, char *errBuf, int32_t errCap);
//	int32_t lk_zk_verify(uint64_t prover, const uint8_t *proof, int64_t proofLen,
//	                     const uint8_t *publicInputs, int64_t publicLen, char *errBuf, int32_t errCap);
//
// lk_zk_prover_open builds the prover of a snapshot handle (lk_snapshot_open)
// with feeds up to model.MaxFeedLength: the circuit and keys are read from
// the cache directory (UTF-8 path), or the circuit is compiled and cached;
// when no keys are cached, setupIfMissing != 0 runs the local development
// setup (whoever runs it could forge proofs) and caches its keys, while
// setupIfMissing == 0 fails with codeInvalidArgument (e.g. before a
// ceremony's keys were installed). The circuit binds the snapshot id the
// engine computed from the bytes.
//
// lk_zk_prove proves for a publisher, the 20-byte address whose transaction
// alone can record the proof (FeedLedger verifies with msg.sender); the
// public inputs it returns end with that address. lk_zk_verify takes the six
// statement values, publisher last.

// proofResult is what lk_zk_prove returns (JSON). The feed is the viewer's own
// and secret: the caller must not log or store it in plaintext.
type proofResult struct {
	Proof        string   `json:"proof"`
	PublicInputs []string `json:"publicInputs"`
	CommitL      string   `json:"commitL"`
	CommitF      string   `json:"commitF"`
	K            int      `json:"k"`
	Feed         []int    `json:"feed"`
	// The salts open C_L and C_F: they go into the viewer's receipt and are
	// as secret as the feed.
	SaltL string `json:"saltL"`
	SaltF string `json:"saltF"`
}

//export lk_zk_prover_open
func lk_zk_prover_open(snapshot C.uint64_t, cacheDir *C.uint8_t, cacheDirLen C.int64_t,
	setupIfMissing C.int32_t, outProver *C.uint64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		if outProver == nil {
			return errorf(codeInvalidArgument, "prover_open: null output handle pointer")
		}
		s, err := proverSnapshot(snapshot, "prover_open")
		if err != nil {
			return err
		}
		dir, err := inputPath(cacheDir, cacheDirLen, "prover cache dir")
		if err != nil {
			return err
		}
		p, err := loadOrSetUp(s, feedproof.DefaultKMax, dir, setupIfMissing != 0)
		if err != nil {
			return err
		}
		return setHandle(outProver, p)
	})
}

// proverSnapshot is a snapshot handle's snapshot, checked for the circuit's
// catalog bounds.
func proverSnapshot(h C.uint64_t, what string) (*feedproof.Snapshot, error) {
	s, err := snapshotOf(h, what)
	if err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		return nil, errorf(codeInvalidArgument, "%s: %v", what, err)
	}
	return s, nil
}

// loadOrSetUp reads the circuit and keys from the cache directory, or compiles
// the circuit and runs the local development setup, caching the results.
func loadOrSetUp(s *feedproof.Snapshot, kMax int, dir string, devSetup bool) (*feedProver, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("prover cache: %w", err)
	}
	cache := feedproof.Cache{Dir: dir}
	cc, err := cache.LoadOrCompile(s, kMax)
	if err != nil {
		return nil, fmt.Errorf("prover: compile: %w", err)
	}
	pk, vk, err := cache.LoadKeys(s.ID, kMax)
	if errors.Is(err, os.ErrNotExist) && !devSetup {
		return nil, errorf(codeInvalidArgument, "prover: no keys cached for snapshot %x in %s (install a ceremony's keys, or allow a development setup)", s.ID, dir)
	}
	if errors.Is(err, os.ErrNotExist) {
		if pk, vk, err = feedproof.SetupDev(cc); err == nil {
			err = cache.InstallKeys(cc, pk, vk, feedproof.SetupDevelopment)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("prover: keys: %w", err)
	}
	setup, err := cache.LoadSetup(s.ID, kMax)
	if err != nil {
		return nil, fmt.Errorf("prover: setup record: %w", err)
	}
	return &feedProver{snapshot: s, circuit: cc, pk: pk, vk: vk, setup: setup}, nil
}

// proverInfo is what lk_zk_prover_info returns (JSON): which setup produced
// the keys and the verifying key's hash, for the UI and registry metadata.
type proverInfo struct {
	Setup    string `json:"setup"`
	VkSha256 string `json:"vkSha256"`
	CacheKey string `json:"cacheKey"`
	Ceremony bool   `json:"ceremony"`
}

//export lk_zk_prover_info
func lk_zk_prover_info(prover C.uint64_t, outJSON *C.uint64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		p, err := handleValue[*feedProver](prover, "prover_info")
		if err != nil {
			return err
		}
		h, err := feedproof.VerifyingKeyHash(p.vk)
		if err != nil {
			return err
		}
		info := proverInfo{Setup: p.setup, VkSha256: h, CacheKey: feedproof.CacheKey(p.snapshot.ID, p.circuit.KMax),
			Ceremony: strings.HasPrefix(p.setup, feedproof.SetupCeremony+":")}
		return setHandle(outJSON, buffer(mustJSON(info)))
	})
}

//export lk_zk_verifier_solidity
func lk_zk_verifier_solidity(prover C.uint64_t, outBuf *C.uint64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		p, err := handleValue[*feedProver](prover, "verifier_solidity")
		if err != nil {
			return err
		}
		var src bytes.Buffer
		if err := feedproof.ExportVerifier(p.vk, &src); err != nil {
			return err
		}
		return setHandle(outBuf, buffer(src.Bytes()))
	})
}

//export lk_zk_prove
func lk_zk_prove(prover C.uint64_t, likes *C.int32_t, nLikes C.int32_t, k C.int32_t,
	heScores *C.int64_t, nScores C.int64_t, publisher *C.uint8_t, publisherLen C.int64_t,
	outJSON *C.uint64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		p, err := handleValue[*feedProver](prover, "prove")
		if err != nil {
			return err
		}
		liked, err := int32s(likes, nLikes, feedproof.MaxLikes, "likes")
		if err != nil {
			return err
		}
		if int64(nScores) != int64(p.snapshot.N) || (nScores > 0 && heScores == nil) {
			return errorf(codeInvalidArgument, "prove: %d scores for %d profiles", int64(nScores), p.snapshot.N)
		}
		addr, err := inputBytes(publisher, publisherLen, "publisher")
		if err != nil {
			return err
		}
		if len(addr) != len(feedproof.Publisher{}) {
			return errorf(codeInvalidArgument, "prove: the publisher is %d bytes, want a 20-byte address", len(addr))
		}
		decrypted := unsafe.Slice((*int64)(unsafe.Pointer(heScores)), int(nScores))
		if err := matchScores(p.snapshot, liked, decrypted); err != nil {
			return err
		}
		proof, err := feedproof.Prove(p.circuit, p.pk, p.snapshot, liked, int(k), feedproof.Publisher(addr))
		if err != nil {
			return errorf(codeInvalidArgument, "prove: %v", err)
		}
		sol, err := proof.Solidity()
		if err != nil {
			return err
		}
		// Verified here before it is offered to anyone.
		if err := feedproof.VerifySolidityBytes(p.vk, sol, proof.Public); err != nil {
			return fmt.Errorf("prove: the new proof does not verify: %w", err)
		}
		return setHandle(outJSON, buffer(mustJSON(result(proof, sol, int(k)))))
	})
}

// matchScores refuses to prove when the decrypted HE scores are not exactly the
// model's scores for this like-set: that is an evaluator fault, not a feed.
func matchScores(s *feedproof.Snapshot, likes []int, decrypted []int64) error {
	expected := s.Scores(likes)
	for i, want := range expected {
		if decrypted[i] < 0 || uint64(decrypted[i]) != want {
			return errorf(codeEvaluatorFault,
				"evaluator fault: the decrypted score of profile %d differs from the registered model's", i)
		}
	}
	return nil
}

func result(p *feedproof.Proof, sol []byte, k int) proofResult {
	r := proofResult{Proof: "0x" + hex.EncodeToString(sol), CommitL: word(p.CL), CommitF: word(p.CF),
		K: k, Feed: p.Feed, SaltL: word(p.SaltL), SaltF: word(p.SaltF)}
	for _, v := range p.Public {
		r.PublicInputs = append(r.PublicInputs, word(v))
	}
	return r
}

func word(v *big.Int) string {
	var b [32]byte
	v.FillBytes(b[:])
	return "0x" + hex.EncodeToString(b[:])
}

//export lk_zk_verify
func lk_zk_verify(prover C.uint64_t, proof *C.uint8_t, proofLen C.int64_t, public *C.uint8_t,
	publicLen C.int64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		p, err := handleValue[*feedProver](prover, "verify")
		if err != nil {
			return err
		}
		sol, err := inputBytes(proof, proofLen, "proof")
		if err != nil {
			return err
		}
		words, err := inputBytes(public, publicLen, "public inputs")
		if err != nil {
			return err
		}
		if len(words) != 32*feedproof.NbPublic {
			return errorf(codeInvalidArgument, "verify: %d bytes of public inputs, want %d", len(words), 32*feedproof.NbPublic)
		}
		var pub feedproof.PublicInputs
		for i := range pub {
			pub[i] = new(big.Int).SetBytes(words[32*i : 32*(i+1)])
		}
		if err := feedproof.VerifySolidityBytes(p.vk, sol, pub); err != nil {
			return errorf(codeMalformedInput, "verify: proof rejected: %v", err)
		}
		return nil
	})
}

func int32s(ptr *C.int32_t, n C.int32_t, max int, what string) ([]int, error) {
	if n < 0 || int(n) > max {
		return nil, errorf(codeInvalidArgument, "%s: %d entries, at most %d", what, int32(n), max)
	}
	if n > 0 && ptr == nil {
		return nil, errorf(codeInvalidArgument, "%s: null pointer", what)
	}
	out := make([]int, int(n))
	if n > 0 {
		for i, v := range unsafe.Slice((*int32)(unsafe.Pointer(ptr)), int(n)) {
			out[i] = int(v)
		}
	}
	return out, nil
}
