package feedproof

import (
	"errors"
	"fmt"
	"math/big"
	"runtime"
	"sync"

	curve "github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/fft"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/pedersen"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/consensys/gnark/constraint"
	csbn254 "github.com/consensys/gnark/constraint/bn254"
)

// devSetup is a single-party Groth16 setup producing gnark's BN254 key types.
//
// It computes exactly what gnark's groth16.Setup computes, with two
// differences:
//   - γ = 1 and the Pedersen commitment key's G2 point is the generator, as in
//     gnark's MPC ceremony (mpcsetup, after Bowe–Gabizon–Miers): development
//     and ceremony keys then have the same shape, which the Solidity verifier
//     relies on to check the commitment's proof of knowledge in the same
//     pairing as the proof (ExportVerifier);
//   - every point is a multiple of a generator, so they are computed with
//     fixed-base tables (a few additions per point) instead of gnark-crypto's
//     BatchScalarMultiplication, which doubles 254 times per point — the
//     difference between ~15 minutes and ~1 minute at N = 100,000.
//
// Whoever runs it knows the trapdoor and could forge proofs: development only.
func devSetup(r1cs *csbn254.R1CS) (*groth16bn254.ProvingKey, *groth16bn254.VerifyingKey, error) {
	var pk groth16bn254.ProvingKey
	var vk groth16bn254.VerifyingKey

	nbPublic := r1cs.GetNbPublicVariables()
	nbWires := r1cs.NbInternalVariables + nbPublic + r1cs.GetNbSecretVariables()
	info, ok := r1cs.CommitmentInfo.(constraint.Groth16Commitments)
	if !ok {
		return nil, nil, errors.New("feedproof: setup: unexpected commitment info")
	}
	if len(info) > 1 {
		return nil, nil, fmt.Errorf("feedproof: setup: %d commitments, at most one supported", len(info))
	}
	commitmentWires := info.CommitmentIndexes()
	var committed []int // private wires in the commitment, ascending
	if len(info) == 1 {
		committed = info[0].PrivateCommitted
	}
	nbPublicWires := nbPublic + len(info) // the commitment wire is public to the verifier
	nbPrivateWires := nbWires - nbPublic - len(committed) - len(info)

	domain := fft.NewDomain(uint64(r1cs.GetNbConstraints()))
	tw, err := sampleTrapdoor()
	if err != nil {
		return nil, nil, err
	}
	A, B, C := evalABC(r1cs, domain, tw.t)

	// K scalars: (β·A_i + α·B_i + C_i) / δ for private wires, / γ (= 1) for
	// public wires, the commitment wire and committed private wires.
	pkK := make([]fr.Element, 0, nbPrivateWires)
	vkK := make([]fr.Element, 0, nbPublicWires)
	ckK := make([]fr.Element, 0, len(committed))
	next := 0 // position in commitmentWires
	nextCommitted := 0
	for i := 0; i < nbWires; i++ {
		var k, t fr.Element
		k.Mul(&A[i], &tw.beta)
		t.Mul(&B[i], &tw.alpha)
		k.Add(&k, &t).Add(&k, &C[i])
		switch {
		case i < nbPublic:
			vkK = append(vkK, k)
		case next < len(commitmentWires) && commitmentWires[next] == i:
			vkK = append(vkK, k)
			next++
		case nextCommitted < len(committed) && committed[nextCommitted] == i:
			ckK = append(ckK, k)
			nextCommitted++
		default:
			k.Mul(&k, &tw.deltaInv)
			pkK = append(pkK, k)
		}
	}
	if len(pkK) != nbPrivateWires || len(vkK) != nbPublicWires || nextCommitted != len(committed) {
		return nil, nil, errors.New("feedproof: setup: wire classification mismatch")
	}
	C = nil

	// Z_i = t^i · (t^n − 1) / δ.
	Z := make([]fr.Element, domain.Cardinality)
	var zdt fr.Element
	one := fr.One()
	zdt.Exp(tw.t, new(big.Int).SetUint64(domain.Cardinality)).Sub(&zdt, &one).Mul(&zdt, &tw.deltaInv)
	for i := range Z {
		Z[i] = zdt
		zdt.Mul(&zdt, &tw.t)
	}

	pk.InfinityA, A, pk.NbInfinityA = dropZeros(A)
	pk.InfinityB, B, pk.NbInfinityB = dropZeros(B)

	_, _, g1, g2 := curve.Generators()
	t1 := newG1Table(&g1, len(A)+len(B)+len(Z)+len(pkK)+len(vkK)+2*len(ckK)+3)

	ab := t1.mul([]fr.Element{tw.alpha, tw.beta, tw.delta})
	pk.G1.Alpha, pk.G1.Beta, pk.G1.Delta = ab[0], ab[1], ab[2]
	pk.G1.A = t1.mul(A)
	A = nil
	g1B := t1.mul(B)
	pk.G1.B = g1B
	zPoints := t1.mul(Z)
	Z = nil
	bitReverse(zPoints)
	pk.G1.Z = zPoints[:domain.Cardinality-1] // deg H = n − 2
	vk.G1.K = t1.mul(vkK)
	pk.G1.K = t1.mul(pkK)
	pkK = nil

	if len(info) == 1 {
		sigma, err := randomNonZero()
		if err != nil {
			return nil, nil, err
		}
		ckSigma := make([]fr.Element, len(ckK))
		for i := range ckK {
			ckSigma[i].Mul(&ckK[i], &sigma)
		}
		pk.CommitmentKeys = []pedersen.ProvingKey{{Basis: t1.mul(ckK), BasisExpSigma: t1.mul(ckSigma)}}
		var sigmaNeg fr.Element
		sigmaNeg.Neg(&sigma)
		vk.CommitmentKeys = []pedersen.VerifyingKey{{G: g2}}
		vk.CommitmentKeys[0].GSigmaNeg.ScalarMultiplication(&g2, sigmaNeg.BigInt(new(big.Int)))
	}
	t1 = nil
	vk.PublicAndCommitmentCommitted = info.GetPublicAndCommitmentCommitted(commitmentWires, nbPublic)

	t2 := newG2Table(&g2, len(B)+2)
	pk.G2.B = t2.mul(B)
	bd := t2.mul([]fr.Element{tw.beta, tw.delta})
	pk.G2.Beta, pk.G2.Delta = bd[0], bd[1]

	vk.G1.Alpha, vk.G1.Beta, vk.G1.Delta = pk.G1.Alpha, pk.G1.Beta, pk.G1.Delta
	vk.G2.Beta, vk.G2.Delta, vk.G2.Gamma = pk.G2.Beta, pk.G2.Delta, g2
	if err := vk.Precompute(); err != nil {
		return nil, nil, err
	}
	pk.Domain = *domain
	return &pk, &vk, nil
}

type trapdoor struct{ t, alpha, beta, delta, deltaInv fr.Element }

func sampleTrapdoor() (trapdoor, error) {
	var tw trapdoor
	for _, e := range []*fr.Element{&tw.t, &tw.alpha, &tw.beta, &tw.delta} {
		v, err := randomNonZero()
		if err != nil {
			return tw, err
		}
		*e = v
	}
	tw.deltaInv.Inverse(&tw.delta)
	return tw, nil
}

func randomNonZero() (fr.Element, error) {
	var e fr.Element
	for e.IsZero() {
		if _, err := e.SetRandom(); err != nil {
			return e, err
		}
	}
	return e, nil
}

// evalABC evaluates, for every wire, the QAP polynomials A, B, C at t: the
// sums over constraints j of coefficient · L_j(t), L_j the Lagrange basis of
// the domain (as gnark's setupABC).
func evalABC(r1cs *csbn254.R1CS, domain *fft.Domain, t fr.Element) (A, B, C []fr.Element) {
	nbWires := r1cs.NbInternalVariables + r1cs.GetNbPublicVariables() + r1cs.GetNbSecretVariables()
	A = make([]fr.Element, nbWires)
	B = make([]fr.Element, nbWires)
	C = make([]fr.Element, nbWires)

	// L_0 = (t^n − 1) / (n·(t − 1)); L_{j+1} = L_j · w · (t − w^j) / (t − w^{j+1}).
	nbC := r1cs.GetNbConstraints()
	den := make([]fr.Element, nbC+1)
	wi := fr.One()
	for i := range den {
		den[i].Sub(&t, &wi)
		wi.Mul(&wi, &domain.Generator)
	}
	inv := fr.BatchInvert(den)
	var L fr.Element
	one := fr.One()
	L.Exp(t, new(big.Int).SetUint64(domain.Cardinality)).Sub(&L, &one).Mul(&L, &inv[0]).Mul(&L, &domain.CardinalityInv)

	acc := func(res *fr.Element, term constraint.Term, v *fr.Element) {
		switch id := term.CoeffID(); id {
		case constraint.CoeffIdZero:
		case constraint.CoeffIdOne:
			res.Add(res, v)
		case constraint.CoeffIdMinusOne:
			res.Sub(res, v)
		case constraint.CoeffIdTwo:
			var b fr.Element
			b.Double(v)
			res.Add(res, &b)
		default:
			var b fr.Element
			b.Mul(&r1cs.Coefficients[id], v)
			res.Add(res, &b)
		}
	}
	j := 0
	it := r1cs.GetR1CIterator()
	for c := it.Next(); c != nil; c = it.Next() {
		for _, term := range c.L {
			acc(&A[term.WireID()], term, &L)
		}
		for _, term := range c.R {
			acc(&B[term.WireID()], term, &L)
		}
		for _, term := range c.O {
			acc(&C[term.WireID()], term, &L)
		}
		L.Mul(&L, &domain.Generator).Mul(&L, &den[j]).Mul(&L, &inv[j+1])
		j++
	}
	return A, B, C
}

// dropZeros removes zero scalars (their points would be at infinity) and
// marks them, as gnark's proving key expects.
func dropZeros(s []fr.Element) (infinity []bool, kept []fr.Element, nbInfinity uint64) {
	infinity = make([]bool, len(s))
	n := 0
	for i := range s {
		if s[i].IsZero() {
			infinity[i] = true
			continue
		}
		s[n] = s[i]
		n++
	}
	return infinity, s[:n], uint64(len(s) - n)
}

func bitReverse[T any](a []T) {
	n := uint64(len(a))
	nn := uint64(64 - bitsLen(n-1))
	for i := uint64(0); i < n; i++ {
		irev := reverseBits(i) >> nn
		if irev > i {
			a[i], a[irev] = a[irev], a[i]
		}
	}
}

func bitsLen(x uint64) int {
	n := 0
	for x != 0 {
		x >>= 1
		n++
	}
	return n
}

func reverseBits(x uint64) uint64 {
	var r uint64
	for i := 0; i < 64; i++ {
		r = r<<1 | x&1
		x >>= 1
	}
	return r
}

// windowBits picks the fixed-base window minimizing table size plus
// additions: nbWindows·(2^w − 1) + n·nbWindows.
func windowBits(n int) int {
	best, bestCost := 4, int64(-1)
	for w := 4; w <= 16; w++ {
		nbW := int64((fr.Bits + w - 1) / w)
		cost := nbW*int64(1<<w-1) + int64(n)*nbW
		if bestCost < 0 || cost < bestCost {
			best, bestCost = w, cost
		}
	}
	return best
}

// g1Table holds d·2^(w·k)·g for every window k and digit d ∈ [1, 2^w).
type g1Table struct {
	w   int
	tab [][]curve.G1Affine
}

func newG1Table(g *curve.G1Affine, n int) *g1Table {
	w := windowBits(n)
	nbW := (fr.Bits + w - 1) / w
	t := &g1Table{w: w, tab: make([][]curve.G1Affine, nbW)}
	var base curve.G1Jac
	base.FromAffine(g)
	parallelFor(nbW, func(k int) {
		var b curve.G1Jac
		b.Set(&base)
		for i := 0; i < w*k; i++ {
			b.DoubleAssign()
		}
		var ba curve.G1Affine
		ba.FromJacobian(&b)
		jac := make([]curve.G1Jac, 1<<w-1)
		jac[0].Set(&b)
		for d := 1; d < len(jac); d++ {
			jac[d].Set(&jac[d-1])
			jac[d].AddMixed(&ba)
		}
		t.tab[k] = curve.BatchJacobianToAffineG1(jac)
	})
	return t
}

// mul returns s_i·g for every scalar, in affine form.
func (t *g1Table) mul(s []fr.Element) []curve.G1Affine {
	out := make([]curve.G1Affine, len(s))
	const chunk = 1 << 14
	parallelFor((len(s)+chunk-1)/chunk, func(c int) {
		lo, hi := c*chunk, min(len(s), (c+1)*chunk)
		jac := make([]curve.G1Jac, hi-lo)
		for i := lo; i < hi; i++ {
			p := &jac[i-lo]
			first := true
			forDigits(&s[i], t.w, func(k int, d uint64) {
				if first {
					p.FromAffine(&t.tab[k][d-1])
					first = false
					return
				}
				p.AddMixed(&t.tab[k][d-1])
			})
			if first { // zero scalar
				p.X.SetOne()
				p.Y.SetOne()
				p.Z.SetZero()
			}
		}
		copy(out[lo:hi], curve.BatchJacobianToAffineG1(jac))
	})
	return out
}

type g2Table struct {
	w   int
	tab [][]curve.G2Affine
}

func newG2Table(g *curve.G2Affine, n int) *g2Table {
	w := windowBits(n)
	nbW := (fr.Bits + w - 1) / w
	t := &g2Table{w: w, tab: make([][]curve.G2Affine, nbW)}
	var base curve.G2Jac
	base.FromAffine(g)
	parallelFor(nbW, func(k int) {
		var b curve.G2Jac
		b.Set(&base)
		for i := 0; i < w*k; i++ {
			b.DoubleAssign()
		}
		var ba curve.G2Affine
		ba.FromJacobian(&b)
		jac := make([]curve.G2Jac, 1<<w-1)
		jac[0].Set(&b)
		for d := 1; d < len(jac); d++ {
			jac[d].Set(&jac[d-1])
			jac[d].AddMixed(&ba)
		}
		t.tab[k] = batchJacobianToAffineG2(jac)
	})
	return t
}

func (t *g2Table) mul(s []fr.Element) []curve.G2Affine {
	out := make([]curve.G2Affine, len(s))
	const chunk = 1 << 13
	parallelFor((len(s)+chunk-1)/chunk, func(c int) {
		lo, hi := c*chunk, min(len(s), (c+1)*chunk)
		jac := make([]curve.G2Jac, hi-lo)
		for i := lo; i < hi; i++ {
			p := &jac[i-lo]
			first := true
			forDigits(&s[i], t.w, func(k int, d uint64) {
				if first {
					p.FromAffine(&t.tab[k][d-1])
					first = false
					return
				}
				p.AddMixed(&t.tab[k][d-1])
			})
			if first {
				p.X.SetOne()
				p.Y.SetOne()
				p.Z.SetZero()
			}
		}
		copy(out[lo:hi], batchJacobianToAffineG2(jac))
	})
	return out
}

// batchJacobianToAffineG2 converts points with one field inversion in all
// (Montgomery's trick); gnark-crypto only has the G1 version.
func batchJacobianToAffineG2(points []curve.G2Jac) []curve.G2Affine {
	out := make([]curve.G2Affine, len(points))
	acc := make([]curve.E2, len(points)) // prefix products of the non-zero Z
	var prod curve.E2
	prod.SetOne()
	for i := range points {
		acc[i] = prod
		if !points[i].Z.IsZero() {
			prod.Mul(&prod, &points[i].Z)
		}
	}
	var inv curve.E2
	inv.Inverse(&prod)
	for i := len(points) - 1; i >= 0; i-- {
		p := &points[i]
		if p.Z.IsZero() {
			continue // out[i] stays (0, 0): infinity in affine form
		}
		var zInv, zInv2 curve.E2
		zInv.Mul(&inv, &acc[i])
		inv.Mul(&inv, &p.Z)
		zInv2.Square(&zInv)
		out[i].X.Mul(&p.X, &zInv2)
		out[i].Y.Mul(&p.Y, &zInv2).Mul(&out[i].Y, &zInv)
	}
	return out
}

// forDigits calls f(k, d) for every non-zero w-bit digit d of the scalar's
// regular (non-Montgomery) value, window k counted from the least significant.
func forDigits(s *fr.Element, w int, f func(k int, d uint64)) {
	bits := s.Bits()
	mask := uint64(1)<<w - 1
	for k := 0; k*w < fr.Bits; k++ {
		pos := k * w
		limb, off := pos/64, pos%64
		d := bits[limb] >> off
		if off+w > 64 && limb+1 < len(bits) {
			d |= bits[limb+1] << (64 - off)
		}
		if d &= mask; d != 0 {
			f(k, d)
		}
	}
}

// parallelFor runs f(0..n-1) on GOMAXPROCS goroutines.
func parallelFor(n int, f func(i int)) {
	workers := min(n, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}
