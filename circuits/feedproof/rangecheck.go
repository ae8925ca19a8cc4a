package feedproof

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/frontend"
)

// rangeChecker is a log-derivative range check over the table [0, 2^base),
// as gnark's std/rangecheck but with the lookups committed together with the
// feed circuit's multiset argument:
//   - each checked value v < 2^bits is split into ⌈bits/base⌉ limbs by a
//     hint, with one constraint v = Σ limb_j·2^(base·j), right away — gnark's
//     checker keeps every v until the end of compilation, which at
//     N = 100,000 was half of the compiler's memory;
//   - when bits is not a multiple of base, the top limb is looked up a second
//     time shifted left by the missing bits, so it is < 2^(bits mod base);
//   - finally Σ_q 1/(X − q) = Σ_t m_t/(X − t) over all limbs q and table
//     entries t, with multiplicities m_t from a hint, X the commitment's
//     challenge (assertLookups).
//
// Costs in R1CS: one constraint per limb lookup, one per check, one per
// table entry.
type rangeChecker struct {
	api   frontend.API
	base  int
	limbs []frontend.Variable // every lookup, in order
}

func init() { solver.RegisterHint(decomposeHint, countHint) }

// Check constrains v ∈ [0, 2^bits).
func (r *rangeChecker) Check(v frontend.Variable, bits int) {
	switch {
	case bits <= 0:
		r.api.AssertIsEqual(v, 0)
		return
	case bits == 1:
		r.api.AssertIsBoolean(v)
		return
	}
	nb := (bits + r.base - 1) / r.base
	limbs, err := r.api.Compiler().NewHint(decomposeHint, nb, r.base, v)
	if err != nil {
		panic(fmt.Sprintf("feedproof: decompose hint: %v", err))
	}
	terms := make([]frontend.Variable, nb)
	for j, l := range limbs {
		terms[j] = r.api.Mul(l, new(big.Int).Lsh(big.NewInt(1), uint(r.base*j)))
	}
	r.api.AssertIsEqual(sumAll(r.api, terms), v)
	r.limbs = append(r.limbs, limbs...)
	if shift := nb*r.base - bits; shift > 0 {
		r.limbs = append(r.limbs, r.api.Mul(limbs[nb-1], 1<<shift))
	}
}

// lookup adds values to look up in the table, with no recomposition: the
// caller builds what it needs from them.
func (r *rangeChecker) lookup(v ...frontend.Variable) {
	r.limbs = append(r.limbs, v...)
}

// counts returns the table multiplicities of all lookups so far (a hint).
func (r *rangeChecker) counts() ([]frontend.Variable, error) {
	in := make([]frontend.Variable, 0, len(r.limbs)+1)
	in = append(in, r.base)
	in = append(in, r.limbs...)
	return r.api.Compiler().NewHint(countHint, 1<<r.base, in...)
}

// assertLookups checks every lookup against the table with challenge x.
func (r *rangeChecker) assertLookups(x frontend.Variable, counts []frontend.Variable) {
	api := r.api
	dens := make([]frontend.Variable, len(r.limbs))
	for i, q := range r.limbs {
		dens[i] = api.Sub(x, q)
	}
	var inv []frontend.Variable
	if b, ok := api.(frontend.BatchInverter); ok {
		inv = b.BatchInvert(dens)
	} else {
		inv = make([]frontend.Variable, len(dens))
		for i := range dens {
			inv[i] = api.Inverse(dens[i])
		}
	}
	table := make([]frontend.Variable, len(counts))
	for t := range counts {
		table[t] = api.DivUnchecked(counts[t], api.Sub(x, t))
	}
	api.AssertIsEqual(sumAll(api, inv), sumAll(api, table))
}

// decomposeHint splits in[1] into len(out) limbs of in[0] bits, least
// significant first.
func decomposeHint(_ *big.Int, in, out []*big.Int) error {
	if len(in) != 2 || !in[0].IsInt64() {
		return fmt.Errorf("decomposeHint: bad inputs")
	}
	base := uint(in[0].Int64())
	v := new(big.Int).Set(in[1])
	mask := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), base), big.NewInt(1))
	for i := range out {
		out[i].And(v, mask)
		v.Rsh(v, base)
	}
	return nil
}

// countHint counts how often each table value 0..len(out)−1 occurs among
// in[1:] (values outside the table are not counted: the lookup then fails).
func countHint(_ *big.Int, in, out []*big.Int) error {
	if len(in) < 1 || !in[0].IsInt64() || len(out) != 1<<in[0].Int64() {
		return fmt.Errorf("countHint: bad inputs")
	}
	counts := make([]int64, len(out))
	for _, q := range in[1:] {
		if q.IsInt64() && q.Int64() >= 0 && q.Int64() < int64(len(out)) {
			counts[q.Int64()]++
		}
	}
	for t := range out {
		out[t].SetInt64(counts[t])
	}
	return nil
}
