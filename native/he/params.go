// Package he is Lockerism's homomorphic scoring engine: BGV (Lattigo v6) with
// slot packing, so that the evaluator needs no evaluation keys at all.
//
// Model: catalog matrix M (N rows × D features, entries 0..15), popularity
// prior b (N entries 0..MaxPrior) and weight w (0..MaxWeight). The viewer's
// interest vector u = Σ_{i∈L} M_i is kept encrypted, coefficient-packed
// (core.go); a like adds (or an unlike subtracts) a plaintext row
// homomorphically. For a feed the locker turns Enc(u) into a slot-packed
// query (query.go), the evaluator computes s = M·u + w·b block by block into
// a reply (slotmodel.go, reply.go) and never holds a secret key.
//
// All objects (keys, ciphertexts, models, queries, replies) are immutable
// after construction and safe for concurrent use.
package he

import (
	"fmt"
	"math/big"
	"sync"

	"github.com/tuneinsight/lattigo/v6/core/rlwe"
	"github.com/tuneinsight/lattigo/v6/ring"
	"github.com/tuneinsight/lattigo/v6/schemes/bgv"

	"lockerism/circuits/model"
)

// Bounds admitted by the parameter set. The model's value bounds are defined
// once, in lockerism/circuits/model; they are chosen so that the largest
// possible score, MaxScore(MaxD), stays below the plaintext modulus t, which
// makes every decrypted score exact (no wraparound modulo t).
const (
	// MaxFeature is the largest entry of the catalog matrix M.
	MaxFeature = model.MaxFeature
	// MaxLikes (Lmax) is the largest like-set size the caller may encrypt
	// into one interest vector. The engine cannot see the like count (it
	// never decrypts); the locker must enforce it.
	MaxLikes = model.MaxLikes
	// MaxInterest is the largest coordinate of u = Σ liked rows.
	MaxInterest = MaxFeature * MaxLikes
	// MaxPrior is the largest popularity prior b_i.
	MaxPrior = model.MaxPrior
	// MaxWeight is the largest prior weight w.
	MaxWeight = model.MaxWeight
	// MinD and MaxD bound the number of features per catalog row. The
	// packing works for any D ≥ 1; snapshots have at least model.MinD.
	MinD = 1
	MaxD = model.MaxD
	// DefaultD is the design's default feature count.
	DefaultD = 64
)

// Parameter set 1: BGV, ring degree n = 2^12, one 60-bit ciphertext modulus
// q (no special modulus P: scoring needs no key switching), plaintext
// modulus t = 249·2^14 + 1 = 4079617 (prime, ≡ 1 mod 2n, so that plaintexts
// have n slots), ternary secret, Gaussian error
// σ = 3.2 (Lattigo defaults). log2(QP) = 60 ≤ 109, the HE-standard bound for
// 128-bit classical security at n = 4096 (ternary secret).
const (
	ParamSetID       byte = 1
	logN                  = 12
	ringDegree            = 1 << logN
	plaintextModulus      = uint64(4079617)
	logQ                  = 60
)

// Slot-packed scoring (slots.go) uses the same ring, q and t, plus:
const (
	// Replies are switched from q down to 2^replyBits before they leave the
	// evaluator, and c0 further down to 2^replyC0Bits: c0's rounding error
	// enters decryption as it is, c1's multiplied by s (as in Kyber, the
	// component not multiplied by s is compressed harder).
	replyBits   = 32
	replyC0Bits = 28
	// qBits is the bit length of q; query coefficients are packed in qBits bits.
	qBits = 60
	// SeedBytes is the length of the public seed from which a query's c1
	// components are expanded.
	SeedBytes = 32
)

// heStandard128 is the HomomorphicEncryption.org standard (2018), table for
// 128-bit classical security with a ternary secret: largest log2(QP) per log2(n).
var heStandard128 = map[int]int{10: 27, 11: 54, 12: 109, 13: 218, 14: 438, 15: 881}

// MaxLogQPFor128 returns the largest log2(QP) with 128-bit security at ring
// degree 2^logN (HE standard, ternary secret), or 0 when the degree is not in the table.
func MaxLogQPFor128(logN int) int { return heStandard128[logN] }

// MaxScore is the largest score s_i = Σ_j M[i][j]·u_j + w·b_i that a catalog
// with d features can produce within the bounds above.
func MaxScore(d int) uint64 {
	return uint64(MaxFeature)*uint64(MaxInterest)*uint64(d) + uint64(MaxWeight)*uint64(MaxPrior)
}

// Info describes the parameter set for a feature count d.
type Info struct {
	ParamSetID  int      `json:"paramSetId"`
	LogN        int      `json:"logN"`
	RingDegree  int      `json:"ringDegree"`
	LogQP       float64  `json:"logQP"`
	MaxLogQP128 int      `json:"maxLogQP128"`
	Q           []uint64 `json:"q"`
	T           uint64   `json:"t"`
	D           int      `json:"d"`
	MaxFeature  int      `json:"maxFeature"`
	MaxLikes    int      `json:"maxLikes"`
	MaxInterest int      `json:"maxInterest"`
	MaxPrior    int      `json:"maxPrior"`
	MaxWeight   int      `json:"maxWeight"`
	MaxD        int      `json:"maxD"`
	MaxScore    uint64   `json:"maxScore"`
}

// ParamsInfo returns the parameter description for d features.
func ParamsInfo(d int) (Info, error) {
	if err := checkD(d); err != nil {
		return Info{}, err
	}
	p := params()
	return Info{
		ParamSetID:  int(ParamSetID),
		LogN:        p.LogN(),
		RingDegree:  p.N(),
		LogQP:       p.LogQP(),
		MaxLogQP128: MaxLogQPFor128(p.LogN()),
		Q:           append([]uint64(nil), p.Q()...),
		T:           p.PlaintextModulus(),
		D:           d,
		MaxFeature:  MaxFeature,
		MaxLikes:    MaxLikes,
		MaxInterest: MaxInterest,
		MaxPrior:    MaxPrior,
		MaxWeight:   MaxWeight,
		MaxD:        MaxD,
		MaxScore:    MaxScore(d),
	}, nil
}

func checkD(d int) error {
	if d < MinD || d > MaxD {
		return fmt.Errorf("he: feature count d=%d outside [%d, %d]", d, MinD, MaxD)
	}
	return nil
}

// engine holds the parameter set and the constants derived from it. It is
// built once and only read afterwards.
type engine struct {
	params bgv.Parameters
	ringQ  *ring.Ring // level 0 (the only level)
	q      uint64
	t      uint64
	tInvQ  uint64 // t^{-1} mod q: Lattigo BGV stores Enc(t^{-1}·m)
	// templates of the serialized shapes, see format.go
	tmpl map[Kind]*template

	// slot packing (slots.go, slotmodel.go, query.go, reply.go)
	ringT   *ring.Ring          // Z_t[X]/(X^n+1): the slot transform
	layouts map[int]*slotLayout // per folding factor G
	qBRed   [2]uint64           // Barrett constant of q
	r64     uint64              // 2^64 mod q
	qNegT   uint64              // −q mod t (reply decoding, see reply.go)
}

var (
	engOnce sync.Once
	eng     *engine
	engErr  error
)

func getEngine() *engine {
	engOnce.Do(func() { eng, engErr = newEngine() })
	if engErr != nil {
		panic(fmt.Sprintf("he: parameter set cannot be built: %v", engErr))
	}
	return eng
}

func params() bgv.Parameters { return getEngine().params }

func newEngine() (*engine, error) {
	p, err := bgv.NewParametersFromLiteral(bgv.ParametersLiteral{
		LogN:             logN,
		LogQ:             []int{logQ},
		PlaintextModulus: plaintextModulus,
	})
	if err != nil {
		return nil, err
	}
	if p.PCount() != 0 || p.MaxLevel() != 0 {
		return nil, fmt.Errorf("unexpected modulus chain")
	}
	if p.LogQP() > float64(MaxLogQPFor128(p.LogN())) {
		return nil, fmt.Errorf("log2(QP)=%.1f exceeds the 128-bit bound", p.LogQP())
	}
	q := p.Q()[0]
	t := p.PlaintextModulus()
	if MaxScore(MaxD) >= t {
		return nil, fmt.Errorf("max score %d does not fit below t=%d", MaxScore(MaxD), t)
	}
	tInv := new(big.Int).ModInverse(new(big.Int).SetUint64(t), new(big.Int).SetUint64(q))
	if tInv == nil {
		return nil, fmt.Errorf("t not invertible mod q")
	}
	e := &engine{params: p, ringQ: p.RingQ().AtLevel(0), q: q, t: t, tInvQ: tInv.Uint64()}
	if e.tmpl, err = buildTemplates(e); err != nil {
		return nil, err
	}
	if err = e.initSlots(); err != nil {
		return nil, err
	}
	return e, nil
}

// newCiphertext allocates a degree-1 level-0 ciphertext with the engine's
// fixed metadata (NTT domain, scale 1, coefficient encoding).
func (e *engine) newCiphertext() *rlwe.Ciphertext {
	ct := bgv.NewCiphertext(e.params, 1, 0)
	ct.IsBatched = false
	return ct
}
