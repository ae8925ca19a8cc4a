package main

/*
#include <stdint.h>
*/
import "C"

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"lockerism/circuits/feedproof"
)

// Groth16 MPC ceremony (gnark's backend/groth16/bn254/mpcsetup) for one
// snapshot's feed circuit, file based: every contribution is a file the
// contributor publishes, and anyone holding the transcript can re-run the
// verification and obtain the same verifying key.
//
// Paths are passed as byte arrays with lengths (UTF-8, no NUL); a list of
// paths is one byte array with the paths separated by NUL bytes. The snapshot
// is passed as for lk_zk_prover_new; its circuit is compiled (or loaded) from
// the prover cache directory.

const maxPathBytes = 4096

func inputPath(ptr *C.uint8_t, n C.int64_t, what string) (string, error) {
	if n > maxPathBytes {
		return "", errorf(codeInvalidArgument, "%s: path of %d bytes, at most %d", what, int64(n), maxPathBytes)
	}
	b, err := inputBytes(ptr, n, what)
	if err != nil {
		return "", err
	}
	if len(b) == 0 {
		return "", errorf(codeInvalidArgument, "%s: empty path", what)
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return "", errorf(codeInvalidArgument, "%s: path contains a NUL byte", what)
	}
	return string(b), nil
}

func inputPaths(ptr *C.uint8_t, n C.int64_t, what string) ([]string, error) {
	if n > 1<<20 {
		return nil, errorf(codeInvalidArgument, "%s: %d bytes of paths, at most %d", what, int64(n), 1<<20)
	}
	b, err := inputBytes(ptr, n, what)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, errorf(codeInvalidArgument, "%s: no file", what)
	}
	parts := strings.Split(string(b), "\x00")
	for i, p := range parts {
		if p == "" || len(p) > maxPathBytes {
			return nil, errorf(codeInvalidArgument, "%s: path %d is empty or longer than %d bytes", what, i+1, maxPathBytes)
		}
	}
	return parts, nil
}

// existingFile reports a missing or unreadable input file as a caller error.
func existingFile(path, what string) error {
	st, err := os.Stat(path)
	if err != nil {
		return errorf(codeInvalidArgument, "%s: %v", what, err)
	}
	if !st.Mode().IsRegular() {
		return errorf(codeInvalidArgument, "%s: %s is not a regular file", what, path)
	}
	return nil
}

// malformed reports a file that could not be read as a ceremony artifact or
// did not verify.
func malformed(what string, err error) error {
	return errorf(codeMalformedInput, "%s: %v", what, err)
}

type ceremonySnapshot struct {
	s     *feedproof.Snapshot
	kMax  int
	cache feedproof.Cache
}

func ceremonyInputs(id *C.uint8_t, idLen C.int64_t, d C.int32_t, n C.int64_t, matrix *C.uint8_t,
	matrixLen C.int64_t, prior *C.uint8_t, priorLen C.int64_t, weight C.int32_t, kMax C.int32_t,
	cacheDir *C.uint8_t, cacheDirLen C.int64_t) (*ceremonySnapshot, error) {
	s, err := zkSnapshot(id, idLen, d, n, matrix, matrixLen, prior, priorLen, weight)
	if err != nil {
		return nil, err
	}
	if kMax < 1 || kMax > 1000 {
		return nil, errorf(codeInvalidArgument, "ceremony: kMax %d outside [1, 1000]", int32(kMax))
	}
	dir, err := inputPath(cacheDir, cacheDirLen, "cache dir")
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("prover cache: %w", err)
	}
	return &ceremonySnapshot{s: s, kMax: int(kMax), cache: feedproof.Cache{Dir: dir}}, nil
}

func (c *ceremonySnapshot) circuit() (*feedproof.CompiledCircuit, error) {
	cc, err := c.cache.LoadOrCompile(c.s, c.kMax)
	if err != nil {
		return nil, fmt.Errorf("ceremony: compile: %w", err)
	}
	return cc, nil
}

//export lk_ceremony_phase1_init
func lk_ceremony_phase1_init(id *C.uint8_t, idLen C.int64_t, d C.int32_t, n C.int64_t,
	matrix *C.uint8_t, matrixLen C.int64_t, prior *C.uint8_t, priorLen C.int64_t,
	weight C.int32_t, kMax C.int32_t, cacheDir *C.uint8_t, cacheDirLen C.int64_t,
	out *C.uint8_t, outLen C.int64_t, outDomain *C.int64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		c, err := ceremonyInputs(id, idLen, d, n, matrix, matrixLen, prior, priorLen, weight, kMax, cacheDir, cacheDirLen)
		if err != nil {
			return err
		}
		outPath, err := inputPath(out, outLen, "phase 1 output")
		if err != nil {
			return err
		}
		if outDomain == nil {
			return errorf(codeInvalidArgument, "phase1_init: null domain output pointer")
		}
		cc, err := c.circuit()
		if err != nil {
			return err
		}
		domain := feedproof.CeremonyDomainSize(cc)
		if err := feedproof.Phase1Init(domain, outPath); err != nil {
			return err
		}
		*outDomain = C.int64_t(domain)
		return nil
	})
}

//export lk_ceremony_phase1_contribute
func lk_ceremony_phase1_contribute(in *C.uint8_t, inLen C.int64_t, out *C.uint8_t, outLen C.int64_t,
	errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		return contribute(in, inLen, out, outLen, "phase 1", feedproof.Phase1Contribute)
	})
}

//export lk_ceremony_phase2_contribute
func lk_ceremony_phase2_contribute(in *C.uint8_t, inLen C.int64_t, out *C.uint8_t, outLen C.int64_t,
	errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		return contribute(in, inLen, out, outLen, "phase 2", feedproof.Phase2Contribute)
	})
}

func contribute(in *C.uint8_t, inLen C.int64_t, out *C.uint8_t, outLen C.int64_t, phase string,
	fn func(string, string) error) error {
	inPath, err := inputPath(in, inLen, phase+" input")
	if err != nil {
		return err
	}
	outPath, err := inputPath(out, outLen, phase+" output")
	if err != nil {
		return err
	}
	if err := existingFile(inPath, phase+" input"); err != nil {
		return err
	}
	if same(inPath, outPath) {
		return errorf(codeInvalidArgument, "%s: the output must differ from the input (the previous state stays published)", phase)
	}
	if err := fn(inPath, outPath); err != nil {
		return malformed(phase+" contribution from "+inPath, err)
	}
	return nil
}

func same(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

func inputBeacon(ptr *C.uint8_t, n C.int64_t, what string) ([]byte, error) {
	if n > 1024 {
		return nil, errorf(codeInvalidArgument, "%s: %d bytes, at most 1024", what, int64(n))
	}
	b, err := inputBytes(ptr, n, what)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, errorf(codeInvalidArgument, "%s: empty beacon", what)
	}
	return b, nil
}

//export lk_ceremony_phase1_verify
func lk_ceremony_phase1_verify(id *C.uint8_t, idLen C.int64_t, d C.int32_t, n C.int64_t,
	matrix *C.uint8_t, matrixLen C.int64_t, prior *C.uint8_t, priorLen C.int64_t,
	weight C.int32_t, kMax C.int32_t, cacheDir *C.uint8_t, cacheDirLen C.int64_t,
	contributions *C.uint8_t, contributionsLen C.int64_t, beacon *C.uint8_t, beaconLen C.int64_t,
	out *C.uint8_t, outLen C.int64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		c, err := ceremonyInputs(id, idLen, d, n, matrix, matrixLen, prior, priorLen, weight, kMax, cacheDir, cacheDirLen)
		if err != nil {
			return err
		}
		files, err := inputPaths(contributions, contributionsLen, "phase 1 contributions")
		if err != nil {
			return err
		}
		b, err := inputBeacon(beacon, beaconLen, "phase 1 beacon")
		if err != nil {
			return err
		}
		outPath, err := inputPath(out, outLen, "SRS output")
		if err != nil {
			return err
		}
		cc, err := c.circuit()
		if err != nil {
			return err
		}
		return phase1Verify(cc, files, b, outPath)
	})
}

func phase1Verify(cc *feedproof.CompiledCircuit, files []string, beacon []byte, srsPath string) error {
	for i, f := range files {
		if err := existingFile(f, fmt.Sprintf("phase 1 contribution %d", i+1)); err != nil {
			return err
		}
	}
	if err := feedproof.Phase1Verify(feedproof.CeremonyDomainSize(cc), beacon, files, srsPath); err != nil {
		return malformed("phase 1 transcript does not verify", err)
	}
	return nil
}

//export lk_ceremony_phase2_init
func lk_ceremony_phase2_init(id *C.uint8_t, idLen C.int64_t, d C.int32_t, n C.int64_t,
	matrix *C.uint8_t, matrixLen C.int64_t, prior *C.uint8_t, priorLen C.int64_t,
	weight C.int32_t, kMax C.int32_t, cacheDir *C.uint8_t, cacheDirLen C.int64_t,
	srs *C.uint8_t, srsLen C.int64_t, out *C.uint8_t, outLen C.int64_t,
	errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		c, err := ceremonyInputs(id, idLen, d, n, matrix, matrixLen, prior, priorLen, weight, kMax, cacheDir, cacheDirLen)
		if err != nil {
			return err
		}
		srsPath, err := inputPath(srs, srsLen, "SRS")
		if err != nil {
			return err
		}
		outPath, err := inputPath(out, outLen, "phase 2 output")
		if err != nil {
			return err
		}
		if err := existingFile(srsPath, "SRS"); err != nil {
			return err
		}
		cc, err := c.circuit()
		if err != nil {
			return err
		}
		if err := feedproof.Phase2Init(cc, srsPath, outPath); err != nil {
			return malformed("phase 2 init from "+srsPath, err)
		}
		return nil
	})
}

// ceremonyResult is what lk_ceremony_verify returns (JSON).
type ceremonyResult struct {
	VkSha256   string `json:"vkSha256"`
	Setup      string `json:"setup"`
	DomainSize uint64 `json:"domainSize"`
	Phase1     int    `json:"phase1Contributions"`
	Phase2     int    `json:"phase2Contributions"`
	Installed  bool   `json:"installed"`
	CacheKey   string `json:"cacheKey"`
}

// lk_ceremony_verify verifies a whole transcript from scratch: the phase-1
// contributions (Phase1Verify, sealed with beacon1 into a temporary SRS) and
// the phase-2 contributions against this snapshot's circuit (ExtractKeys,
// sealed with beacon2). With install != 0 the resulting keys replace the
// cached ones, recorded as a ceremony setup. Returns ceremonyResult JSON.
//
//export lk_ceremony_verify
func lk_ceremony_verify(id *C.uint8_t, idLen C.int64_t, d C.int32_t, n C.int64_t,
	matrix *C.uint8_t, matrixLen C.int64_t, prior *C.uint8_t, priorLen C.int64_t,
	weight C.int32_t, kMax C.int32_t, cacheDir *C.uint8_t, cacheDirLen C.int64_t,
	phase1 *C.uint8_t, phase1Len C.int64_t, phase2 *C.uint8_t, phase2Len C.int64_t,
	beacon1 *C.uint8_t, beacon1Len C.int64_t, beacon2 *C.uint8_t, beacon2Len C.int64_t,
	install C.int32_t, outJSON *C.uint64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		c, err := ceremonyInputs(id, idLen, d, n, matrix, matrixLen, prior, priorLen, weight, kMax, cacheDir, cacheDirLen)
		if err != nil {
			return err
		}
		p1, err := inputPaths(phase1, phase1Len, "phase 1 contributions")
		if err != nil {
			return err
		}
		p2, err := inputPaths(phase2, phase2Len, "phase 2 contributions")
		if err != nil {
			return err
		}
		b1, err := inputBeacon(beacon1, beacon1Len, "phase 1 beacon")
		if err != nil {
			return err
		}
		b2, err := inputBeacon(beacon2, beacon2Len, "phase 2 beacon")
		if err != nil {
			return err
		}
		if outJSON == nil {
			return errorf(codeInvalidArgument, "ceremony_verify: null output handle pointer")
		}
		for i, f := range p2 {
			if err := existingFile(f, fmt.Sprintf("phase 2 contribution %d", i+1)); err != nil {
				return err
			}
		}
		cc, err := c.circuit()
		if err != nil {
			return err
		}
		tmp, err := os.MkdirTemp(c.cache.Dir, ".ceremony-*")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		srsPath := filepath.Join(tmp, "srs")
		if err := phase1Verify(cc, p1, b1, srsPath); err != nil {
			return err
		}
		pk, vk, err := feedproof.ExtractKeys(cc, srsPath, b2, p2)
		if err != nil {
			return malformed("phase 2 transcript does not verify", err)
		}
		h, err := feedproof.VerifyingKeyHash(vk)
		if err != nil {
			return err
		}
		r := ceremonyResult{VkSha256: h, Setup: feedproof.CeremonySetup(b1, b2),
			DomainSize: feedproof.CeremonyDomainSize(cc), Phase1: len(p1), Phase2: len(p2),
			CacheKey: feedproof.CacheKey(c.s.ID, c.kMax)}
		if install != 0 {
			if err := c.cache.InstallKeys(cc, pk, vk, r.Setup); err != nil {
				return fmt.Errorf("ceremony: installing the keys: %w", err)
			}
			r.Installed = true
		}
		return setHandle(outJSON, buffer(mustJSON(r)))
	})
}
