package he

import (
	"fmt"
	"math/big"
	"math/bits"

	"github.com/tuneinsight/lattigo/v6/ring"
)

// Slot packing (BGV batching), the column method folded G ways.
//
// t ≡ 1 (mod 2n), so Z_t[X]/(X^n+1) splits into n slots: a plaintext
// polynomial m is identified with its values m(ζ_i) at the n primitive 2n-th
// roots of unity mod t, i.e. with NTT_t(m). Products of polynomials are
// slot-wise products. "Slot i" below is position i of Lattigo's negacyclic
// NTT mod t; the order does not matter, only that the map is a ring
// isomorphism.
//
// Folding. For G a power of two (G | n), the monomial X^{n/G} takes at slot i
// the value ω_i = ζ_i^{n/G}, a root of X^G + 1, and each of the G roots
// ω_0..ω_{G−1} is taken at exactly n/G slots: the G classes. A query
// ciphertext h (h < H = ⌈D/G⌉) encrypts the small polynomial
//
//	U_h(X) = Σ_{g<G} u_{hG+g} · X^{g·n/G}     (u_j = 0 for j ≥ D),
//
// whose value in class c is Σ_g u_{hG+g}·ω_c^g. Catalog row r of a block owns
// one slot pos[c][r] in every class (so a block has n/G rows), and the block
// plaintext P_h holds there
//
//	p_{h,c}(r) = G^{-1} · Σ_g ω_c^{−g} · M[r][hG+g]   (mod t).
//
// Claim: Σ_c (Σ_h P_h·U_h)(slot pos[c][r]) = Σ_j M[r][j]·u_j.
// Proof: Σ_c p_{h,c}·U_h(ω_c) = G^{-1} Σ_{g,g'} M[r][hG+g]·u_{hG+g'}·Σ_c ω_c^{g'−g},
// and Σ_c ω_c^d = G·[d = 0] for |d| < G (the ω_c are ω_0·ρ^c with ρ a
// primitive G-th root of unity), so only g' = g survives; summing over h
// covers every feature j exactly once. ∎
// The prior w·b_r is put in slot pos[0][r] only. G = 1 is the plain column
// method: U_h is the constant u_h and P_h the slot-encoded column h.
//
// G trades the query size (H = ⌈D/G⌉ ciphertexts) against the reply size
// (⌈N·G/n⌉ ciphertexts) at the same arithmetic cost (2·N·D products).

// MaxGroups is the largest folding factor G.
const MaxGroups = 64

// slotLayout is the slot assignment for one folding factor G.
type slotLayout struct {
	g    int
	rows int        // rows per block, n/G
	pos  [][]int32  // pos[c][r]: slot of row r in class c
	mix  [][]uint64 // mix[c][g] = G^{-1}·ω_c^{−g} mod t
}

// buildLayouts computes the slot layout for every G = 1, 2, 4, … MaxGroups.
func buildLayouts(ringT *ring.Ring, t uint64) (map[int]*slotLayout, error) {
	n := ringT.N()
	out := map[int]*slotLayout{}
	for g := 1; g <= MaxGroups; g *= 2 {
		l, err := buildLayout(ringT, t, n, g)
		if err != nil {
			return nil, fmt.Errorf("slot layout G=%d: %w", g, err)
		}
		out[g] = l
	}
	return out, nil
}

func buildLayout(ringT *ring.Ring, t uint64, n, g int) (*slotLayout, error) {
	l := &slotLayout{g: g, rows: n / g}
	cls := make([]int, n)
	var roots []uint64
	if g == 1 {
		roots = []uint64{1} // one class; ω only appears as ω^0
	} else {
		mono := ringT.NewPoly()
		mono.Coeffs[0][n/g] = 1
		ringT.NTT(mono, mono)
		index := map[uint64]int{}
		for i, v := range mono.Coeffs[0] {
			c, ok := index[v]
			if !ok {
				c = len(roots)
				index[v] = c
				roots = append(roots, v)
			}
			cls[i] = c
		}
		if len(roots) != g {
			return nil, fmt.Errorf("X^(n/G) takes %d values, want %d", len(roots), g)
		}
		for _, w := range roots {
			if powMod(w, uint64(g), t) != t-1 {
				return nil, fmt.Errorf("class value is not a root of X^G+1")
			}
		}
	}
	l.pos = make([][]int32, g)
	for i := 0; i < n; i++ {
		l.pos[cls[i]] = append(l.pos[cls[i]], int32(i))
	}
	for c := range l.pos {
		if len(l.pos[c]) != l.rows {
			return nil, fmt.Errorf("class %d has %d slots, want %d", c, len(l.pos[c]), l.rows)
		}
	}
	gInv := invMod(uint64(g), t)
	l.mix = make([][]uint64, g)
	for c, w := range roots {
		wInv := invMod(w, t)
		l.mix[c] = make([]uint64, g)
		acc := gInv
		for k := 0; k < g; k++ {
			l.mix[c][k] = acc
			acc = mulMod(acc, wInv, t)
		}
	}
	return l, nil
}

func mulMod(a, b, m uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	_, r := bits.Div64(hi%m, lo, m)
	return r
}

func powMod(a, e, m uint64) uint64 {
	return new(big.Int).Exp(new(big.Int).SetUint64(a), new(big.Int).SetUint64(e), new(big.Int).SetUint64(m)).Uint64()
}

func invMod(a, m uint64) uint64 {
	return new(big.Int).ModInverse(new(big.Int).SetUint64(a), new(big.Int).SetUint64(m)).Uint64()
}

// initSlots derives the constants of the slot-packed engine from the
// parameter set.
func (e *engine) initSlots() error {
	n := e.params.N()
	if e.t%uint64(2*n) != 1 {
		return fmt.Errorf("t=%d is not 1 mod 2n: no slots", e.t)
	}
	var err error
	if e.ringT, err = ring.NewRing(n, []uint64{e.t}); err != nil {
		return fmt.Errorf("ring mod t: %w", err)
	}
	if e.layouts, err = buildLayouts(e.ringT, e.t); err != nil {
		return err
	}
	if bits.Len64(e.q) != qBits {
		return fmt.Errorf("q has %d bits, the query format packs %d", bits.Len64(e.q), qBits)
	}
	e.qBRed = ring.GenBRedConstant(e.q)
	e.r64 = new(big.Int).Mod(new(big.Int).Lsh(big.NewInt(1), 64), new(big.Int).SetUint64(e.q)).Uint64()
	e.qNegT = (e.t - e.q%e.t) % e.t
	return nil
}
