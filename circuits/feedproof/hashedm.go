package feedproof

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/solidity"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/std/hash/mimc"
)

// This file holds the design alternative measured in docs/proofs.md: M as a
// private witness bound by a MiMC hash (so one circuit could serve every
// snapshot of the same shape). It is not used by the app; it exists so the
// comparison is measured, not guessed.

const nibblesPerElement = 60 // 60 × 4 bits = 240 bits

// HashM is the MiMC hash of M packed 60 nibbles per field element.
func HashM(s *Snapshot) (*big.Int, error) {
	elems := make([]*big.Int, 0, len(s.M)/nibblesPerElement+1)
	for k := 0; k < len(s.M); k += nibblesPerElement {
		acc := new(big.Int)
		for t := min(len(s.M), k+nibblesPerElement) - 1; t >= k; t-- {
			acc.Lsh(acc, 4)
			acc.Add(acc, big.NewInt(int64(s.M[t])))
		}
		elems = append(elems, acc)
	}
	return MiMC(elems...)
}

func (c *Circuit) bindHashedM(api frontend.API, rc frontend.Rangechecker) error {
	want, err := HashM(c.snap)
	if err != nil {
		return err
	}
	h, err := mimc.NewMiMC(api)
	if err != nil {
		return err
	}
	for k := 0; k < len(c.MPriv); k += nibblesPerElement {
		terms := make([]frontend.Variable, 0, nibblesPerElement)
		for t := k; t < min(len(c.MPriv), k+nibblesPerElement); t++ {
			rc.Check(c.MPriv[t], 4)
			terms = append(terms, api.Mul(c.MPriv[t], new(big.Int).Lsh(big.NewInt(1), uint(4*(t-k)))))
		}
		h.Write(sumAll(api, terms))
	}
	api.AssertIsEqual(h.Sum(), want)
	return nil
}

func newHashedMCircuit(s *Snapshot, kMax int) *Circuit {
	c := newCircuit(s, kMax)
	c.hashedM = true
	c.MPriv = make([]frontend.Variable, s.N*s.D)
	return c
}

// CompileHashedM compiles the comparison variant (M private, hashed).
func CompileHashedM(s *Snapshot, kMax int) (*CompiledCircuit, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, newHashedMCircuit(s, kMax))
	if err != nil {
		return nil, fmt.Errorf("feedproof: compile: %w", err)
	}
	return &CompiledCircuit{CS: cs, SnapshotID: s.ID, KMax: kMax}, nil
}

// ProveHashedM proves with the comparison variant.
func ProveHashedM(cc *CompiledCircuit, pk groth16.ProvingKey, s *Snapshot, likes []int, k int, publisher Publisher) (*Proof, error) {
	a, p, err := witnessFor(s, cc.KMax, likes, k, publisher)
	if err != nil {
		return nil, err
	}
	a.hashedM = true
	a.MPriv = make([]frontend.Variable, len(s.M))
	for i, v := range s.M {
		a.MPriv[i] = v
	}
	w, err := fullWitness(a)
	if err != nil {
		return nil, err
	}
	proof, err := groth16.Prove(cc.CS, pk, w, solidity.WithProverTargetSolidityVerifier(backend.GROTH16))
	if err != nil {
		return nil, err
	}
	p.Groth16 = proof
	return p, nil
}
