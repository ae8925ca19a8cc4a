package feedproof

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/std/multicommit"
)

type rangeCircuit struct {
	V          []frontend.Variable
	bits, base int
}

func (c *rangeCircuit) Define(api frontend.API) error {
	rc := &rangeChecker{api: api, base: c.base}
	for _, v := range c.V {
		rc.Check(v, c.bits)
	}
	counts, err := rc.counts()
	if err != nil {
		return err
	}
	multicommit.WithCommitment(api, func(api frontend.API, x frontend.Variable) error {
		rc.assertLookups(x, counts)
		return nil
	}, append(append([]frontend.Variable{}, rc.limbs...), counts...)...)
	return nil
}

// solves reports whether values satisfy the range circuit (bits, base).
func solves(t *testing.T, bits, base int, values []int64, opts ...solver.Option) bool {
	t.Helper()
	c := &rangeCircuit{V: make([]frontend.Variable, len(values)), bits: bits, base: base}
	cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c)
	if err != nil {
		t.Fatal(err)
	}
	a := &rangeCircuit{V: make([]frontend.Variable, len(values))}
	for i, v := range values {
		if v < 0 {
			a.V[i] = new(big.Int).Sub(ecc.BN254.ScalarField(), big.NewInt(-v))
		} else {
			a.V[i] = v
		}
	}
	w, err := frontend.NewWitness(a, ecc.BN254.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	return cs.IsSolved(w, opts...) == nil
}

func TestRangeChecker(t *testing.T) {
	// bits a multiple of the base, and not (the top limb is shifted).
	for _, tc := range []struct {
		bits, base int
		ok, bad    []int64
	}{
		{16, 8, []int64{0, 1, 255, 256, 65535}, []int64{65536, -1, 1 << 40}},
		{11, 8, []int64{0, 2047, 1024}, []int64{2048, 4095, 65535, -1}},
		{20, 6, []int64{0, 1<<20 - 1}, []int64{1 << 20, -5}},
	} {
		if !solves(t, tc.bits, tc.base, tc.ok) {
			t.Fatalf("%d bits, base %d: in-range values %v rejected", tc.bits, tc.base, tc.ok)
		}
		for _, v := range tc.bad {
			if solves(t, tc.bits, tc.base, append([]int64{3}, v)) {
				t.Fatalf("%d bits, base %d: %d accepted", tc.bits, tc.base, v)
			}
		}
	}
}

// A prover choosing its own limbs and counts cannot pass a value out of
// range: limbs that recompose it need a limb outside the table.
func TestRangeCheckerCheatingHints(t *testing.T) {
	// 300 < 2^16 is fine; as one "limb" 300 ≥ 2^8 is not in the table.
	cheat := solver.OverrideHint(solver.GetHintID(decomposeHint), func(_ *big.Int, in, out []*big.Int) error {
		out[0].Set(in[1]) // the whole value in the low limb
		for i := 1; i < len(out); i++ {
			out[i].SetInt64(0)
		}
		return nil
	})
	if solves(t, 16, 8, []int64{300}, cheat) {
		t.Fatal("a limb of 300 passed an 8-bit table")
	}
	// Counts claiming 300 anyway (the table has no entry for it).
	lie := solver.OverrideHint(solver.GetHintID(countHint), func(_ *big.Int, in, out []*big.Int) error {
		for i := range out {
			out[i].SetInt64(1)
		}
		return nil
	})
	if solves(t, 16, 8, []int64{300}, cheat, lie) {
		t.Fatal("made-up counts passed")
	}
	// And an honest in-range value with lying counts fails too.
	if solves(t, 16, 8, []int64{300}, lie) {
		t.Fatal("wrong multiplicities passed")
	}
	if !solves(t, 16, 8, []int64{300}) {
		t.Fatal("honest 300 rejected")
	}
}
