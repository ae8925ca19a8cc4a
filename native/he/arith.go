package he

import (
	"math"
	"math/bits"
)

// Word-level arithmetic of the slot-packed engine. Everything here works on
// plain []uint64 vectors of residues mod q (or t), outside Lattigo's
// evaluators, because the scoring loop is a long multiply-accumulate that
// Lattigo has no primitive for.

// reduce128 returns (hi·2^64 + lo) mod q for any hi (Barrett reduction with
// u = ⌊2^128/q⌋ = u[0]·2^64 + u[1], as in Lattigo's BRed). The quotient
// estimate is short by at most 3, so the remainder is corrected by at most
// three subtractions; all arithmetic is mod 2^64, which is exact because the
// true remainder is below 4q < 2^64.
func reduce128(hi, lo, q uint64, u [2]uint64) uint64 {
	quot := hi * u[0]
	h1, l1 := bits.Mul64(lo, u[0])
	quot += h1
	h2, _ := bits.Mul64(lo, u[1])
	s, c := bits.Add64(l1, h2, 0)
	quot += c
	h3, l3 := bits.Mul64(hi, u[1])
	quot += h3
	_, c = bits.Add64(l3, s, 0)
	quot += c
	r := lo - quot*q
	for r >= q {
		r -= q
	}
	return r
}

// dot2 returns the 128-bit sums Σ p[i]·x[i] and Σ p[i]·y[i]. With entries
// below q < 2^60 and len(p) ≤ 128 terms (≤ MaxD) the sums stay below 2^127.
// p is shared by both sums: it is the block plaintext, x and y the two
// ciphertext components of the query at one NTT point.
func dot2(p, x, y []uint64) (h0, l0, h1, l1 uint64) {
	x = x[:len(p)]
	y = y[:len(p)]
	var c uint64
	for i, pv := range p {
		hi, lo := bits.Mul64(pv, x[i])
		l0, c = bits.Add64(l0, lo, 0)
		h0 += hi + c
		hi, lo = bits.Mul64(pv, y[i])
		l1, c = bits.Add64(l1, lo, 0)
		h1 += hi + c
	}
	return
}

// liftCentered maps v ∈ [0, t) to the residue mod q of its centred
// representative in (−t/2, t/2].
func liftCentered(v, t, q uint64) uint64 {
	if v > t>>1 {
		return q - (t - v)
	}
	return v
}

// switchScale is 2^bits/q: the factor of a switch from modulus q to 2^bits.
func switchScale(q uint64, bits int) float64 { return math.Ldexp(1, bits) / float64(q) }

// switchDown returns round(c·2^bits/q) mod 2^bits for c ∈ [0, q), where
// scale = switchScale(q, bits) and mask = 2^bits − 1. The float64 product is
// within 2^-20 of the exact value, so the rounding error is at most
// 1/2 + 2^-20 (the noise analysis in docs/he-engine.md allows for it).
func switchDown(c uint64, scale float64, mask uint64) uint32 {
	return uint32(uint64(math.Round(float64(c)*scale)) & mask)
}
