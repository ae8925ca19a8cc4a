package feedproof

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/hash/mimc"
	"github.com/consensys/gnark/std/multicommit"
)

// NbPublic is the number of statement values in PublicInputs, in this
// order: snapshotIdHi, snapshotIdLo, C_L, C_F, k, publisher.
const NbPublic = 6

// NbProofInputs is the number of the proof's own public inputs: C_L, C_F,
// KID, which packs the snapshot id and k (see KID), and the publisher. Each
// public input costs about 6k gas on chain (an ecMul), so the id and k share
// one; the publisher's 160 bits do not fit beside them (docs/proofs.md).
const NbProofInputs = 4

// PublisherBits is the width of the publisher input: an EVM address.
const PublisherBits = 160

// likeTag separates liked tuples from feed tuples in the multiset argument:
// a profile's tuple is (i + likeTag·inL_i, key_i), i < N < likeTag.
const likeTag = 1 << EntryBits

// Circuit is the feed statement for one snapshot. The snapshot (M, b, w, id)
// is baked in as constants; everything about L and F is private.
type Circuit struct {
	// Public inputs (order matters: it is the verifier's input order).
	CL  frontend.Variable `gnark:",public"`
	CF  frontend.Variable `gnark:",public"`
	KID frontend.Variable `gnark:",public"` // IDTag(snapshot id)·2^8 + k
	// Publisher is the address that may record the proof (FeedLedger passes
	// msg.sender), so a copied transaction from another account fails.
	Publisher frontend.Variable `gnark:",public"`

	// Private witness.
	InL      []frontend.Variable // N membership bits of L
	U        []frontend.Variable // D interest values u_j
	LikeList []frontend.Variable // MaxLikes entries: index+1 ascending, then 0
	LikeSel  []frontend.Variable // MaxLikes bits: 1 for the |L| used entries
	LikeKeys []frontend.Variable // key of each liked profile (0 for padding)
	FeedList []frontend.Variable // kMax entries: index+1 in rank order, then 0
	FeedSel  []frontend.Variable // kMax bits: 1 for the cnt used entries
	FeedKeys []frontend.Variable // key of each feed entry (0 for padding)
	CountSel frontend.Variable   // 1 iff k ≤ N − |L| (then cnt = k)
	SaltL    frontend.Variable
	SaltF    frontend.Variable
	// MPriv is empty in the shipped circuit; in the hashed-M comparison
	// variant it carries M as a private witness (N·D entries).
	MPriv []frontend.Variable

	hashedM bool
	snap    *Snapshot
	kMax    int
	// debugScores, when set (tests only), asserts that the score the
	// circuit derives for profile i equals debugScores[i].
	debugScores []uint64
	// unboundPublisher (tests only) leaves the publisher out of every
	// constraint, to show that such an input binds nothing.
	unboundPublisher bool
}

func newCircuit(s *Snapshot, kMax int) *Circuit {
	return &Circuit{
		InL:      make([]frontend.Variable, s.N),
		U:        make([]frontend.Variable, s.D),
		LikeList: make([]frontend.Variable, MaxLikes),
		LikeSel:  make([]frontend.Variable, MaxLikes),
		LikeKeys: make([]frontend.Variable, MaxLikes),
		FeedList: make([]frontend.Variable, kMax),
		FeedSel:  make([]frontend.Variable, kMax),
		FeedKeys: make([]frontend.Variable, kMax),
		MPriv:    make([]frontend.Variable, 0),
		snap:     s,
		kMax:     kMax,
	}
}

// Define writes the constraints; see docs/proofs.md for the argument.
func (c *Circuit) Define(api frontend.API) error {
	s := c.snap
	if s == nil {
		return fmt.Errorf("feedproof: circuit without snapshot")
	}
	N, D := s.N, s.D
	K := s.keyBits() // every key < 2^K
	if K+2 >= 250 {  // never with the documented bounds
		return fmt.Errorf("feedproof: key width %d too large", K)
	}
	base, rankBits := rangeShape(N, K)
	rc := &rangeChecker{api: api, base: base}
	twoK := new(big.Int).Lsh(big.NewInt(1), uint(K))

	// Snapshot binding and k: KID = IDTag(id)·2^8 + k with this circuit's id,
	// so k = KID − IDTag·2^8, and k ∈ [1, kMax] (kMax < 2^8) leaves no other
	// (id, k) with the same KID.
	k := api.Sub(c.KID, new(big.Int).Lsh(IDTag(s.ID), 8))
	kBits := bitLen(c.kMax)
	rc.Check(api.Sub(k, 1), kBits)
	rc.Check(api.Sub(c.kMax, k), kBits)
	// The publisher: a Groth16 public input that appears in no constraint has
	// a zero verifying-key point and any value verifies, so it is bound by a
	// range check, which also states that it is an address (< 2^160).
	if !c.unboundPublisher {
		rc.Check(c.Publisher, PublisherBits)
	}

	// Like bits. Feed membership has no wire at all: it is read off each
	// profile's rank check (e_i below), and the multiset argument forces it to
	// be a bit (docs/proofs.md).
	for i := 0; i < N; i++ {
		api.AssertIsBoolean(c.InL[i])
	}

	if c.hashedM {
		if err := c.bindHashedM(api, rc); err != nil {
			return err
		}
	}
	// m(i, j, x, scale) is M_ij·scale·x: a constant multiple (free) in the
	// shipped circuit, a multiplication in the hashed-M comparison variant.
	m := func(i, j int, x frontend.Variable, scale int) frontend.Variable {
		if c.hashedM {
			return api.Mul(c.MPriv[i*D+j], api.Mul(x, scale))
		}
		if v := s.M[i*D+j]; v != 0 {
			return api.Mul(x, int(v)*scale)
		}
		return nil
	}

	// u_j = Σ_i M_ij·inL_i (one constraint per feature).
	for j := 0; j < D; j++ {
		terms := make([]frontend.Variable, 0, N)
		for i := 0; i < N; i++ {
			if t := m(i, j, c.InL[i], 1); t != nil {
				terms = append(terms, t)
			}
		}
		api.AssertIsEqual(c.U[j], sumAll(api, terms))
	}

	// key_i = s_i·N + (N−1−i) with s_i = Σ_j M_ij·u_j + w·b_i: a linear
	// combination of the u_j (no constraint).
	// Built where used rather than kept: N expressions of D terms each are
	// most of the compiler's memory at N = 100,000.
	keyConst := func(i int) int { return (s.W*int(s.B[i]))*N + (N - 1 - i) }
	keyOf := func(i int) frontend.Variable {
		terms := make([]frontend.Variable, 0, D+1)
		for j := 0; j < D; j++ {
			if t := m(i, j, c.U[j], N); t != nil {
				terms = append(terms, t)
			}
		}
		return sumAll(api, append(terms, keyConst(i)))
	}
	if c.debugScores != nil {
		for i := 0; i < N; i++ {
			// key_i = N·s_i + N−1−i with s_i the expected score.
			api.AssertIsEqual(keyOf(i), new(big.Int).Add(
				new(big.Int).Mul(new(big.Int).SetUint64(c.debugScores[i]), big.NewInt(int64(N))),
				big.NewInt(int64(N-1-i))))
		}
	}

	// Like list: used entries first, padding 0, ascending indices.
	for j := 0; j < MaxLikes; j++ {
		api.AssertIsBoolean(c.LikeSel[j])
		if j > 0 { // prefix: sel_j ≤ sel_{j-1}
			api.AssertIsEqual(api.Mul(c.LikeSel[j], api.Sub(1, c.LikeSel[j-1])), 0)
		}
		api.AssertIsEqual(api.Mul(c.LikeList[j], api.Sub(1, c.LikeSel[j])), 0) // padding = 0
		rc.Check(api.Sub(c.LikeList[j], c.LikeSel[j]), EntryBits)              // index < 2^20
		if j+1 < MaxLikes {                                                    // strictly ascending while used
			rc.Check(api.Mul(c.LikeSel[j+1], api.Sub(c.LikeList[j+1], c.LikeList[j], 1)), EntryBits)
		}
	}
	nbLikes := sumAll(api, c.InL)
	api.AssertIsEqual(sumAll(api, c.LikeSel), nbLikes)

	// cnt = min(k, N − |L|), with CountSel choosing the branch.
	rest := api.Sub(N, nbLikes)
	api.AssertIsBoolean(c.CountSel)
	p := api.Mul(c.CountSel, api.Sub(rest, k))
	cnt := api.Sub(rest, p)
	// CountSel=1: rest − k ≥ 0; CountSel=0: k − rest − 1 ≥ 0.
	rc.Check(api.Add(api.Mul(p, 2), k, api.Neg(rest), -1, c.CountSel), bitLen(N+c.kMax)+1)

	// Feed list: cnt used entries first, padding 0, strictly decreasing keys.
	api.AssertIsEqual(c.FeedSel[0], 1)
	for r := 0; r < c.kMax; r++ {
		api.AssertIsBoolean(c.FeedSel[r])
		if r > 0 {
			api.AssertIsEqual(api.Mul(c.FeedSel[r], api.Sub(1, c.FeedSel[r-1])), 0)
		}
		api.AssertIsEqual(api.Mul(c.FeedList[r], api.Sub(1, c.FeedSel[r])), 0)
		rc.Check(api.Sub(c.FeedList[r], c.FeedSel[r]), EntryBits)
		rc.Check(c.FeedKeys[r], K)
	}
	var threshold frontend.Variable = 0 // key of the last used entry
	for r := 0; r < c.kMax; r++ {
		var next frontend.Variable = 0
		if r+1 < c.kMax {
			next = c.FeedSel[r+1]
			// key_r − key_{r+1} − sel_{r+1} ≥ 0: strict decrease while used.
			rc.Check(api.Sub(c.FeedKeys[r], c.FeedKeys[r+1], c.FeedSel[r+1]), K)
		}
		threshold = api.Add(threshold, api.Mul(api.Sub(c.FeedSel[r], next), c.FeedKeys[r]))
	}
	// (|F| = cnt for the set of fed profiles follows from the multiset
	// argument: each used feed entry is exactly one unliked profile's tuple.)
	api.AssertIsEqual(sumAll(api, c.FeedSel), cnt)

	// T as one wire (one constraint): otherwise its kMax terms would be
	// repeated in every profile's check below.
	tWire, err := wire(api, threshold)
	if err != nil {
		return err
	}
	// Rank check, one per profile: every profile neither liked nor in F ranks
	// below the last feed entry. A hint splits
	//   d_i = T − 1 − key_i + e_i·2^K,  e_i = 1 for liked or fed profiles,
	// into rankBits/base limbs; the limbs are looked up in [0, 2^base) and
	// e_i := (Σ_j limb_j·2^(base·j) − (T − 1 − key_i)) / 2^K is *defined* by
	// them, with no constraint of its own. The multiset argument then forces
	// e_i to be the profile's multiplicity — 1 exactly for liked and fed
	// profiles, else 0 — so for every other profile T − 1 − key_i = d_i ∈
	// [0, 2^rankBits): key_i < T. (rankBits ≥ K+1, rounded up to whole
	// limbs; any width below 253 − K is as sound.)
	rankLimbs := make([][]frontend.Variable, N)
	nbRank := rankBits / base
	for i := 0; i < N; i++ {
		limbs, err := api.Compiler().NewHint(rankLimbsHint, nbRank, base, K, api.Sub(tWire, 1, keyOf(i)), c.InL[i])
		if err != nil {
			return err
		}
		rc.lookup(limbs...)
		rankLimbs[i] = limbs
	}
	inv2K := new(big.Int).ModInverse(twoK, api.Compiler().Field())
	exempt := func(i int) frontend.Variable {
		terms := make([]frontend.Variable, 0, nbRank+1)
		for j, l := range rankLimbs[i] {
			terms = append(terms, api.Mul(l, new(big.Int).Lsh(inv2K, uint(base*j))))
		}
		return sumAll(api, append(terms, api.Mul(api.Sub(tWire, 1, keyOf(i)), new(big.Int).Neg(inv2K))))
	}

	// Commitments.
	cl, err := commitCircuit(api, tagL, c.LikeList, c.SaltL)
	if err != nil {
		return err
	}
	api.AssertIsEqual(c.CL, cl)
	cf, err := commitCircuit(api, tagF, c.FeedList, c.SaltF)
	if err != nil {
		return err
	}
	api.AssertIsEqual(c.CF, cf)

	// Multiset argument (log-derivative), challenges drawn after committing
	// to the whole private witness that defines the tuples:
	//   Σ_i e_i / (X − (i + 2^20·inL_i) − γ·key_i)
	//     = Σ_r selF_r / (X − (F_r−1) − γ·FeedKeys_r)
	//     + Σ_j selL_j / (X − (L_j−1+2^20) − γ·LikeKeys_j).
	toCommit := make([]frontend.Variable, 0, 2*N+D+3*MaxLikes+3*c.kMax)
	toCommit = append(toCommit, c.InL...)
	toCommit = append(toCommit, c.U...)
	toCommit = append(toCommit, c.LikeList...)
	toCommit = append(toCommit, c.LikeSel...)
	toCommit = append(toCommit, c.LikeKeys...)
	toCommit = append(toCommit, c.FeedList...)
	toCommit = append(toCommit, c.FeedSel...)
	toCommit = append(toCommit, c.FeedKeys...)
	// The range checks' limbs and table multiplicities are committed with it,
	// and their lookup argument uses the same challenge X (a separate
	// identity, so the two cannot cancel each other).
	counts, err := rc.counts()
	if err != nil {
		return err
	}
	toCommit = append(toCommit, rc.limbs...)
	toCommit = append(toCommit, counts...)
	multicommit.WithCommitment(api, func(api frontend.API, x frontend.Variable) error {
		rc.assertLookups(x, counts)
		h, err := mimc.NewMiMC(api)
		if err != nil {
			return err
		}
		h.Write(x)
		gamma := h.Sum()
		// γ·key_i stays linear: γ·Σ_j M_ij·N·u_j = Σ_j M_ij·N·(γ·u_j).
		gu := make([]frontend.Variable, D)
		for j := range gu {
			gu[j] = api.Mul(gamma, c.U[j])
		}
		left := make([]frontend.Variable, N)
		for i := 0; i < N; i++ {
			var gk frontend.Variable
			if c.hashedM {
				gk = api.Mul(gamma, keyOf(i))
			} else {
				terms := make([]frontend.Variable, 0, D+1)
				for j := 0; j < D; j++ {
					if t := m(i, j, gu[j], N); t != nil {
						terms = append(terms, t)
					}
				}
				terms = append(terms, api.Mul(gamma, keyConst(i)))
				gk = sumAll(api, terms)
			}
			den := api.Sub(x, i, api.Mul(c.InL[i], likeTag), gk)
			left[i] = api.DivUnchecked(exempt(i), den)
		}
		right := make([]frontend.Variable, 0, c.kMax+MaxLikes)
		for r := 0; r < c.kMax; r++ {
			den := api.Sub(x, api.Sub(c.FeedList[r], 1), api.Mul(gamma, c.FeedKeys[r]))
			right = append(right, api.DivUnchecked(c.FeedSel[r], den))
		}
		for j := 0; j < MaxLikes; j++ {
			den := api.Sub(x, api.Add(c.LikeList[j], likeTag-1), api.Mul(gamma, c.LikeKeys[j]))
			right = append(right, api.DivUnchecked(c.LikeSel[j], den))
		}
		api.AssertIsEqual(sumAll(api, left), sumAll(api, right))
		return nil
	}, toCommit...)
	return nil
}

// rangeShape picks the range-check limb width for a catalog of n profiles
// with keys below 2^keyBits, and the width of the per-profile rank check
// (keyBits+1 rounded up to whole limbs). Each rank check costs one lookup per
// limb; the lookup table costs 2^base.
func rangeShape(n, keyBits int) (base, rankBits int) {
	best := -1
	for b := 6; b <= 16; b++ {
		limbs := (keyBits + b) / b // ceil((keyBits+1)/b)
		cost := n*limbs + 1<<b
		if best < 0 || cost < best {
			best, base, rankBits = cost, b, limbs*b
		}
	}
	return base, rankBits
}

func init() { solver.RegisterHint(identityHint) }

// identityHint returns its input; wire uses it to give a linear expression
// its own wire.
func identityHint(_ *big.Int, in, out []*big.Int) error {
	if len(in) != 1 || len(out) != 1 {
		return fmt.Errorf("identityHint: %d inputs, %d outputs", len(in), len(out))
	}
	out[0].Set(in[0])
	return nil
}

// wire returns a single wire equal to the linear expression v (one
// constraint), so that long expressions used many times are stored once.
func wire(api frontend.API, v frontend.Variable) (frontend.Variable, error) {
	w, err := api.Compiler().NewHint(identityHint, 1, v)
	if err != nil {
		return nil, err
	}
	api.AssertIsEqual(w[0], v)
	return w[0], nil
}

func init() { solver.RegisterHint(rankLimbsHint) }

// rankLimbsHint: in = (base, K, v = T − 1 − key_i, inL_i). The profile is
// exempt if liked or, for an honest prover, fed: key_i ≥ T, i.e. v < 0 (keys
// are below 2^K, so v is within 2^K of 0). Outputs the base-bit limbs of
// v + exempt·2^K, least significant first.
func rankLimbsHint(field *big.Int, in, out []*big.Int) error {
	if len(in) != 4 || !in[0].IsInt64() || !in[1].IsInt64() {
		return fmt.Errorf("rankLimbsHint: bad inputs")
	}
	base, K := uint(in[0].Int64()), uint(in[1].Int64())
	half := new(big.Int).Rsh(field, 1)
	d := new(big.Int).Set(in[2])
	if in[3].Sign() != 0 || d.Cmp(half) > 0 {
		d.Add(d, new(big.Int).Lsh(big.NewInt(1), K))
		d.Mod(d, field)
	}
	mask := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), base), big.NewInt(1))
	for i := range out {
		out[i].And(d, mask)
		d.Rsh(d, base)
	}
	return nil
}

func commitCircuit(api frontend.API, tag *big.Int, entries []frontend.Variable, salt frontend.Variable) (frontend.Variable, error) {
	h, err := mimc.NewMiMC(api)
	if err != nil {
		return nil, err
	}
	h.Write(tag)
	for k := 0; k*EntriesPerElement < len(entries); k++ {
		terms := make([]frontend.Variable, 0, EntriesPerElement)
		for t := 0; t < EntriesPerElement && k*EntriesPerElement+t < len(entries); t++ {
			coef := new(big.Int).Lsh(big.NewInt(1), uint(EntryBits*t))
			terms = append(terms, api.Mul(entries[k*EntriesPerElement+t], coef))
		}
		h.Write(sumAll(api, terms))
	}
	h.Write(salt)
	return h.Sum(), nil
}

func sumAll(api frontend.API, terms []frontend.Variable) frontend.Variable {
	switch len(terms) {
	case 0:
		return 0
	case 1:
		return terms[0]
	case 2:
		return api.Add(terms[0], terms[1])
	}
	return api.Add(terms[0], terms[1], terms[2:]...)
}
