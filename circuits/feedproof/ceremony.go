package feedproof

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/groth16/bn254/mpcsetup"
	cs "github.com/consensys/gnark/constraint/bn254"
)

// Groth16 MPC ceremony (production setup), file based so a CLI can wrap it.
//
// Phase 1 (powers of tau, any circuit of the domain size):
//   Phase1Init → Phase1Contribute (each contributor, in turn, on the previous
//   file) → Phase1Verify (anyone: checks every contribution in order, applies
//   the public random beacon and writes the SRS commons).
// Phase 2 (this circuit):
//   Phase2Init → Phase2Contribute (each contributor) → ExtractKeys (anyone:
//   checks every phase-2 contribution against the circuit and the commons,
//   applies the beacon, returns pk and vk). Re-running ExtractKeys on the same
//   transcript yields the same verifying key — that is what auditors compare
//   with the registered verifier.
//
// Each contribution is secure if at least one contributor destroyed its
// randomness (gnark's Contribute draws it from crypto/rand and keeps it in
// memory only).

// CeremonyDomainSize is the phase-1 size a compiled circuit needs.
func CeremonyDomainSize(cc *CompiledCircuit) uint64 {
	return ecc.NextPowerOfTwo(uint64(cc.CS.GetNbConstraints()))
}

// Phase1Init writes the initial (contribution-free) phase-1 state.
func Phase1Init(domainSize uint64, outPath string) error {
	if domainSize == 0 || ecc.NextPowerOfTwo(domainSize) != domainSize {
		return fmt.Errorf("feedproof: domain size %d is not a power of two", domainSize)
	}
	return writeTo(outPath, mpcsetup.NewPhase1(domainSize))
}

// Phase1Contribute reads the latest phase-1 state, adds one contribution and
// writes the result (the contributor publishes outPath).
func Phase1Contribute(inPath, outPath string) error {
	var p mpcsetup.Phase1
	if err := readFrom(inPath, &p); err != nil {
		return err
	}
	p.Contribute()
	return writeTo(outPath, &p)
}

// Phase1Verify checks the phase-1 contributions (in order, starting from the
// initial state) and writes the sealed SRS commons.
func Phase1Verify(domainSize uint64, beacon []byte, contributions []string, srsOutPath string) error {
	ps, err := readAll[mpcsetup.Phase1](contributions)
	if err != nil {
		return err
	}
	commons, err := mpcsetup.VerifyPhase1(domainSize, beacon, ps...)
	if err != nil {
		return fmt.Errorf("feedproof: phase 1: %w", err)
	}
	return writeTo(srsOutPath, &commons)
}

func r1csOf(cc *CompiledCircuit) (*cs.R1CS, error) {
	r, ok := cc.CS.(*cs.R1CS)
	if !ok {
		return nil, errors.New("feedproof: not a BN254 R1CS")
	}
	return r, nil
}

// Phase2Init writes the initial phase-2 state for the circuit.
func Phase2Init(cc *CompiledCircuit, srsPath, outPath string) error {
	r, err := r1csOf(cc)
	if err != nil {
		return err
	}
	var commons mpcsetup.SrsCommons
	if err := readFrom(srsPath, &commons); err != nil {
		return err
	}
	if n := uint64(len(commons.G1.AlphaTau)); n < uint64(r.GetNbConstraints()) {
		return fmt.Errorf("feedproof: SRS of size %d for %d constraints", n, r.GetNbConstraints())
	}
	var p mpcsetup.Phase2
	p.Initialize(r, &commons)
	return writeTo(outPath, &p)
}

// Phase2Contribute reads the latest phase-2 state, adds one contribution and
// writes the result.
func Phase2Contribute(inPath, outPath string) error {
	var p mpcsetup.Phase2
	if err := readFrom(inPath, &p); err != nil {
		return err
	}
	p.Contribute()
	return writeTo(outPath, &p)
}

// ExtractKeys verifies the phase-2 transcript (every contribution, in order)
// against the circuit and the SRS commons, applies the beacon and returns the
// proving and verifying keys.
func ExtractKeys(cc *CompiledCircuit, srsPath string, beacon []byte, contributions []string) (groth16.ProvingKey, groth16.VerifyingKey, error) {
	r, err := r1csOf(cc)
	if err != nil {
		return nil, nil, err
	}
	var commons mpcsetup.SrsCommons
	if err := readFrom(srsPath, &commons); err != nil {
		return nil, nil, err
	}
	if len(contributions) == 0 {
		return nil, nil, errors.New("feedproof: phase 2 has no contribution")
	}
	ps, err := readAll[mpcsetup.Phase2](contributions)
	if err != nil {
		return nil, nil, err
	}
	pk, vk, err := mpcsetup.VerifyPhase2(r, &commons, beacon, ps...)
	if err != nil {
		return nil, nil, fmt.Errorf("feedproof: phase 2: %w", err)
	}
	return pk, vk, nil
}

func readAll[T any, P interface {
	*T
	io.ReaderFrom
}](paths []string) ([]*T, error) {
	out := make([]*T, len(paths))
	for i, path := range paths {
		out[i] = new(T)
		if err := readFrom(path, P(out[i])); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func writeTo(path string, v io.WriterTo) error {
	return writeAtomic(path, func(w io.Writer) error {
		_, err := v.WriteTo(w)
		return err
	})
}

func readFrom(path string, v io.ReaderFrom) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := v.ReadFrom(bufio.NewReaderSize(f, 1<<20)); err != nil {
		return fmt.Errorf("feedproof: reading %s: %w", path, err)
	}
	return nil
}
