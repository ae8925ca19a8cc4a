package main

/*
#include <stdint.h>
*/
import "C"

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/consensys/gnark/backend/groth16"

	"lockerism/circuits/feedproof"
)

// Groth16 MPC ceremony (gnark's backend/groth16/bn254/mpcsetup) for one
// snapshot's feed circuit, file based: every contribution is a file the
// contributor publishes, and anyone holding the transcript can re-run the
// verification and obtain the same verifying key.
//
//	int32_t lk_ceremony_contribute(const uint8_t *request, int64_t n, char *errBuf, int32_t errCap);
//	int32_t lk_ceremony_run(uint64_t snapshot, const uint8_t *request, int64_t n,
//	                        uint64_t *outJson, char *errBuf, int32_t errCap);
//
// Requests are UTF-8 JSON objects (unknown fields are errors; paths are
// strings, beacons hex strings):
//
//	contribute:     {"phase":1|2, "in":PATH, "out":PATH}
//	run, per step:  {"step":"phase1-init",   "cacheDir":PATH, "out":PATH}
//	                  → {"domainSize":N}
//	                {"step":"phase1-verify", "cacheDir":PATH, "contributions":[PATH…],
//	                 "beacon":HEX, "out":PATH} → {"domainSize":N}
//	                {"step":"phase2-init",   "cacheDir":PATH, "srs":PATH, "out":PATH}
//	                  → {"domainSize":N}
//	                {"step":"verify",        "cacheDir":PATH, "phase1":[PATH…],
//	                 "phase2":[PATH…], "beacon1":HEX, "beacon2":HEX, "install":BOOL}
//	                  → ceremonyResult
//
// The snapshot is a handle from lk_snapshot_open; its circuit is compiled
// into, or loaded from, the prover cache directory, where "verify" with
// "install" puts the verified keys.

const (
	maxPathBytes   = 4096
	maxPaths       = 1024
	maxBeaconBytes = 1024
)

func checkPath(p, what string) (string, error) {
	switch {
	case p == "":
		return "", errorf(codeInvalidArgument, "%s: empty path", what)
	case len(p) > maxPathBytes:
		return "", errorf(codeInvalidArgument, "%s: path of %d bytes, at most %d", what, len(p), maxPathBytes)
	case strings.IndexByte(p, 0) >= 0:
		return "", errorf(codeInvalidArgument, "%s: path contains a NUL byte", what)
	}
	return p, nil
}

func inputPath(ptr *C.uint8_t, n C.int64_t, what string) (string, error) {
	if n > maxPathBytes {
		return "", errorf(codeInvalidArgument, "%s: path of %d bytes, at most %d", what, int64(n), maxPathBytes)
	}
	b, err := inputBytes(ptr, n, what)
	if err != nil {
		return "", err
	}
	return checkPath(string(b), what)
}

func checkPaths(ps []string, what string) ([]string, error) {
	if len(ps) == 0 {
		return nil, errorf(codeInvalidArgument, "%s: no file", what)
	}
	if len(ps) > maxPaths {
		return nil, errorf(codeInvalidArgument, "%s: %d files, at most %d", what, len(ps), maxPaths)
	}
	for i, p := range ps {
		if _, err := checkPath(p, fmt.Sprintf("%s %d", what, i+1)); err != nil {
			return nil, err
		}
	}
	return ps, nil
}

func checkBeacon(h, what string) ([]byte, error) {
	b, err := hex.DecodeString(strings.TrimPrefix(h, "0x"))
	switch {
	case err != nil:
		return nil, errorf(codeInvalidArgument, "%s: not a hex string", what)
	case len(b) == 0:
		return nil, errorf(codeInvalidArgument, "%s: empty beacon", what)
	case len(b) > maxBeaconBytes:
		return nil, errorf(codeInvalidArgument, "%s: %d bytes, at most %d", what, len(b), maxBeaconBytes)
	}
	return b, nil
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

type contributeRequest struct {
	Phase int    `json:"phase"`
	In    string `json:"in"`
	Out   string `json:"out"`
}

//export lk_ceremony_contribute
func lk_ceremony_contribute(request *C.uint8_t, n C.int64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		b, err := inputRequest(request, n, "ceremony contribute")
		if err != nil {
			return err
		}
		r, err := parseContributeRequest(b)
		if err != nil {
			return err
		}
		return r.run()
	})
}

// parseContributeRequest decodes and checks a contribute request without
// touching a file.
func parseContributeRequest(b []byte) (*contributeRequest, error) {
	var r contributeRequest
	if err := decodeRequest(b, "ceremony contribute", &r); err != nil {
		return nil, err
	}
	if r.Phase != 1 && r.Phase != 2 {
		return nil, errorf(codeInvalidArgument, "ceremony contribute: phase %d is neither 1 nor 2", r.Phase)
	}
	phase := fmt.Sprintf("phase %d", r.Phase)
	if _, err := checkPath(r.In, phase+" input"); err != nil {
		return nil, err
	}
	if _, err := checkPath(r.Out, phase+" output"); err != nil {
		return nil, err
	}
	return &r, nil
}

func (r *contributeRequest) run() error {
	fn := feedproof.Phase1Contribute
	if r.Phase == 2 {
		fn = feedproof.Phase2Contribute
	}
	phase := fmt.Sprintf("phase %d", r.Phase)
	in, out := r.In, r.Out
	if err := existingFile(in, phase+" input"); err != nil {
		return err
	}
	if same(in, out) {
		return errorf(codeInvalidArgument, "%s: the output must differ from the input (the previous state stays published)", phase)
	}
	if err := fn(in, out); err != nil {
		return malformed(phase+" contribution from "+in, err)
	}
	return nil
}

func same(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

// The requests of lk_ceremony_run, one type per step (decoded strictly).
type (
	phase1InitRequest struct {
		Step     string `json:"step"`
		CacheDir string `json:"cacheDir"`
		Out      string `json:"out"`
	}
	phase1VerifyRequest struct {
		Step          string   `json:"step"`
		CacheDir      string   `json:"cacheDir"`
		Contributions []string `json:"contributions"`
		Beacon        string   `json:"beacon"`
		Out           string   `json:"out"`
	}
	phase2InitRequest struct {
		Step     string `json:"step"`
		CacheDir string `json:"cacheDir"`
		SRS      string `json:"srs"`
		Out      string `json:"out"`
	}
	verifyRequest struct {
		Step     string   `json:"step"`
		CacheDir string   `json:"cacheDir"`
		Phase1   []string `json:"phase1"`
		Phase2   []string `json:"phase2"`
		Beacon1  string   `json:"beacon1"`
		Beacon2  string   `json:"beacon2"`
		Install  bool     `json:"install"`
	}
)

// domainResult is what the init and phase-1 steps return.
type domainResult struct {
	DomainSize uint64 `json:"domainSize"`
}

// ceremonyResult is what the verify step returns.
type ceremonyResult struct {
	VkSha256   string `json:"vkSha256"`
	Setup      string `json:"setup"`
	DomainSize uint64 `json:"domainSize"`
	Phase1     int    `json:"phase1Contributions"`
	Phase2     int    `json:"phase2Contributions"`
	Installed  bool   `json:"installed"`
	CacheKey   string `json:"cacheKey"`
}

//export lk_ceremony_run
func lk_ceremony_run(snapshot C.uint64_t, request *C.uint8_t, n C.int64_t, outJSON *C.uint64_t,
	errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		if outJSON == nil {
			return errorf(codeInvalidArgument, "ceremony: null output handle pointer")
		}
		s, err := proverSnapshot(snapshot, "ceremony")
		if err != nil {
			return err
		}
		req, err := inputRequest(request, n, "ceremony request")
		if err != nil {
			return err
		}
		res, err := runCeremonyStep(s, req)
		if err != nil {
			return err
		}
		return setHandle(outJSON, buffer(mustJSON(res)))
	})
}

// ceremonyStep is a decoded, checked request of lk_ceremony_run.
type ceremonyStep interface {
	run(s *feedproof.Snapshot) (any, error)
}

// runCeremonyStep decodes a request by its "step" and runs that step.
func runCeremonyStep(s *feedproof.Snapshot, req []byte) (any, error) {
	step, err := parseCeremonyRequest(req)
	if err != nil {
		return nil, err
	}
	return step.run(s)
}

// parseCeremonyRequest decodes a request strictly into its step's type and
// checks its paths and beacons (not yet whether the files exist). It never
// touches a file, so it can be fuzzed.
func parseCeremonyRequest(req []byte) (ceremonyStep, error) {
	var head struct {
		Step string `json:"step"`
	}
	// The step alone, leniently; decodeRequest then checks the whole request.
	if err := json.NewDecoder(bytes.NewReader(req)).Decode(&head); err != nil {
		return nil, errorf(codeInvalidArgument, "ceremony: invalid JSON request: %v", err)
	}
	var step interface {
		ceremonyStep
		check() error
	}
	switch head.Step {
	case "phase1-init":
		step = &phase1InitRequest{}
	case "phase1-verify":
		step = &phase1VerifyRequest{}
	case "phase2-init":
		step = &phase2InitRequest{}
	case "verify":
		step = &verifyRequest{}
	default:
		return nil, errorf(codeInvalidArgument, "ceremony: unknown step %q (phase1-init, phase1-verify, phase2-init, verify)", head.Step)
	}
	if err := decodeRequest(req, "ceremony "+head.Step, step); err != nil {
		return nil, err
	}
	if err := step.check(); err != nil {
		return nil, err
	}
	return step, nil
}

// ceremonyCircuit compiles (or loads) the snapshot's circuit in cacheDir.
func ceremonyCircuit(s *feedproof.Snapshot, cacheDir string) (*feedproof.CompiledCircuit, feedproof.Cache, error) {
	dir, err := checkPath(cacheDir, "cache dir")
	if err != nil {
		return nil, feedproof.Cache{}, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, feedproof.Cache{}, fmt.Errorf("prover cache: %w", err)
	}
	cache := feedproof.Cache{Dir: dir}
	cc, err := cache.LoadOrCompile(s, feedproof.DefaultKMax)
	if err != nil {
		return nil, cache, fmt.Errorf("ceremony: compile: %w", err)
	}
	return cc, cache, nil
}

func (r *phase1InitRequest) check() error {
	if _, err := checkPath(r.CacheDir, "cache dir"); err != nil {
		return err
	}
	_, err := checkPath(r.Out, "phase 1 output")
	return err
}

func (r *phase1InitRequest) run(s *feedproof.Snapshot) (any, error) {
	cc, _, err := ceremonyCircuit(s, r.CacheDir)
	if err != nil {
		return nil, err
	}
	domain := feedproof.CeremonyDomainSize(cc)
	return domainResult{domain}, feedproof.Phase1Init(domain, r.Out)
}

func (r *phase1VerifyRequest) check() error {
	if _, err := checkPath(r.CacheDir, "cache dir"); err != nil {
		return err
	}
	if _, err := checkPaths(r.Contributions, "phase 1 contributions"); err != nil {
		return err
	}
	if _, err := checkBeacon(r.Beacon, "phase 1 beacon"); err != nil {
		return err
	}
	_, err := checkPath(r.Out, "SRS output")
	return err
}

func (r *phase1VerifyRequest) run(s *feedproof.Snapshot) (any, error) {
	beacon, _ := checkBeacon(r.Beacon, "phase 1 beacon")
	cc, _, err := ceremonyCircuit(s, r.CacheDir)
	if err != nil {
		return nil, err
	}
	return domainResult{feedproof.CeremonyDomainSize(cc)}, phase1Verify(cc, r.Contributions, beacon, r.Out)
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

func (r *phase2InitRequest) check() error {
	if _, err := checkPath(r.CacheDir, "cache dir"); err != nil {
		return err
	}
	if _, err := checkPath(r.SRS, "SRS"); err != nil {
		return err
	}
	_, err := checkPath(r.Out, "phase 2 output")
	return err
}

func (r *phase2InitRequest) run(s *feedproof.Snapshot) (any, error) {
	if err := existingFile(r.SRS, "SRS"); err != nil {
		return nil, err
	}
	cc, _, err := ceremonyCircuit(s, r.CacheDir)
	if err != nil {
		return nil, err
	}
	if err := feedproof.Phase2Init(cc, r.SRS, r.Out); err != nil {
		return nil, malformed("phase 2 init from "+r.SRS, err)
	}
	return domainResult{feedproof.CeremonyDomainSize(cc)}, nil
}

// circuitKeys are a circuit's Groth16 keys and the setup that produced them
// (feedproof.SetupDevelopment or a feedproof.CeremonySetup record).
type circuitKeys struct {
	pk    groth16.ProvingKey
	vk    groth16.VerifyingKey
	setup string
}

// transcript is a whole ceremony's published record: both phases'
// contributions in order and the two public beacons that sealed them.
type transcript struct {
	phase1, phase2   []string
	beacon1, beacon2 []byte
}

func checkTranscript(phase1, phase2 []string, beacon1, beacon2 string) (transcript, error) {
	var t transcript
	var err error
	if t.phase1, err = checkPaths(phase1, "phase 1 contributions"); err != nil {
		return t, err
	}
	if t.phase2, err = checkPaths(phase2, "phase 2 contributions"); err != nil {
		return t, err
	}
	if t.beacon1, err = checkBeacon(beacon1, "phase 1 beacon"); err != nil {
		return t, err
	}
	t.beacon2, err = checkBeacon(beacon2, "phase 2 beacon")
	return t, err
}

// checkFiles reports a missing phase-2 file before anything is compiled
// (phase-1 files are checked when phase 1 is verified).
func (t transcript) checkFiles() error {
	for i, f := range t.phase2 {
		if err := existingFile(f, fmt.Sprintf("phase 2 contribution %d", i+1)); err != nil {
			return err
		}
	}
	return nil
}

// extract verifies a transcript from scratch against the compiled circuit —
// phase 1 sealed with beacon1 into a temporary SRS in tmpParent, phase 2
// against the circuit sealed with beacon2 — and returns the keys.
func (t transcript) extract(cc *feedproof.CompiledCircuit, tmpParent string) (circuitKeys, error) {
	tmp, err := os.MkdirTemp(tmpParent, ".ceremony-*")
	if err != nil {
		return circuitKeys{}, err
	}
	defer os.RemoveAll(tmp)
	srsPath := filepath.Join(tmp, "srs")
	if err := phase1Verify(cc, t.phase1, t.beacon1, srsPath); err != nil {
		return circuitKeys{}, err
	}
	pk, vk, err := feedproof.ExtractKeys(cc, srsPath, t.beacon2, t.phase2)
	if err != nil {
		return circuitKeys{}, malformed("phase 2 transcript does not verify", err)
	}
	return circuitKeys{pk: pk, vk: vk, setup: feedproof.CeremonySetup(t.beacon1, t.beacon2)}, nil
}

func (r *verifyRequest) check() error {
	if _, err := checkPath(r.CacheDir, "cache dir"); err != nil {
		return err
	}
	_, err := checkTranscript(r.Phase1, r.Phase2, r.Beacon1, r.Beacon2)
	return err
}

// run verifies the whole transcript and, with install, puts the keys in the
// prover cache, recorded as a ceremony setup.
func (r *verifyRequest) run(s *feedproof.Snapshot) (any, error) {
	t, err := checkTranscript(r.Phase1, r.Phase2, r.Beacon1, r.Beacon2)
	if err != nil {
		return nil, err
	}
	if err := t.checkFiles(); err != nil {
		return nil, err
	}
	cc, cache, err := ceremonyCircuit(s, r.CacheDir)
	if err != nil {
		return nil, err
	}
	keys, err := t.extract(cc, cache.Dir)
	if err != nil {
		return nil, err
	}
	h, err := feedproof.VerifyingKeyHash(keys.vk)
	if err != nil {
		return nil, err
	}
	res := ceremonyResult{VkSha256: h, Setup: keys.setup, DomainSize: feedproof.CeremonyDomainSize(cc),
		Phase1: len(t.phase1), Phase2: len(t.phase2), CacheKey: feedproof.CacheKey(s.ID, cc.KMax)}
	if r.Install {
		if err := cache.InstallKeys(cc, keys.pk, keys.vk, keys.setup); err != nil {
			return nil, fmt.Errorf("ceremony: installing the keys: %w", err)
		}
		res.Installed = true
	}
	return res, nil
}
