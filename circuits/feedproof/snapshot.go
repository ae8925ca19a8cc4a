// Package feedproof proves that a Lockerism feed is the top-k of the
// registered content-based model over the profiles a viewer has not liked,
// for a like-set that stays hidden behind a salted commitment.
//
// One circuit is compiled per model snapshot: the feature matrix M, the prior
// b and its weight w are circuit constants, so scoring is made of linear
// combinations only. See docs/proofs.md for the statement, the encodings and
// the soundness argument.
package feedproof

import (
	"errors"
	"fmt"
	"math/big"
	"math/bits"
	"sort"

	"lockerism/circuits/model"
)

// The value bounds are defined once, in package model; these names keep the
// circuit code readable.
const (
	// MaxLikes is the largest like-set a proof can carry (|L| ≤ MaxLikes).
	MaxLikes = model.MaxLikes
	// DefaultKMax is the largest feed length a circuit accepts (1 ≤ k ≤ kMax).
	DefaultKMax = model.MaxFeedLength
	// MaxFeature and MaxPrior are the largest entries of M and b.
	MaxFeature = model.MaxFeature
	MaxPrior   = model.MaxPrior
	// MaxD is the largest number of features per profile.
	MaxD = model.MaxD
	// MinN is the smallest catalog: one profile stays unliked, so a feed is
	// never empty.
	MinN = 2
	// MaxN is the largest catalog: indices+1 must fit in EntryBits bits.
	MaxN = 1<<EntryBits - 1
	// EntryBits is the width of one list entry in the packed encodings.
	EntryBits = 20
	// EntriesPerElement list entries are packed into one field element
	// (12 × 20 = 240 bits < 254).
	EntriesPerElement = 12
	// CircuitVersion changes whenever the statement or an encoding changes;
	// it keys cached constraint systems and keys.
	CircuitVersion = "feedproof-v3"
)

// Snapshot is the public, immutable model the feed is computed from.
type Snapshot struct {
	// ID is the SHA-256 of the snapshot's canonical bytes. The engine takes
	// snapshots only through DecodeSnapshot, which computes it, so the
	// circuit binds the id of the bytes it was built from — never an id a
	// caller claims. (Tests build snapshots directly.)
	ID [32]byte
	N  int     // number of profiles
	D  int     // number of features
	M  []uint8 // N×D row-major, entries 0..15
	B  []uint8 // N popularity priors, 0..15
	W  int     // prior weight, 1..255
}

// Validate checks the shape and bounds of a snapshot.
func (s *Snapshot) Validate() error {
	if s.N < MinN || s.N > MaxN {
		return fmt.Errorf("feedproof: N = %d outside [%d, %d]", s.N, MinN, MaxN)
	}
	if s.D < 1 || s.D > MaxD {
		return fmt.Errorf("feedproof: D = %d outside [1, %d]", s.D, MaxD)
	}
	if len(s.M) != s.N*s.D {
		return fmt.Errorf("feedproof: len(M) = %d, want N·D = %d", len(s.M), s.N*s.D)
	}
	if len(s.B) != s.N {
		return fmt.Errorf("feedproof: len(B) = %d, want N = %d", len(s.B), s.N)
	}
	if s.W < model.MinWeight || s.W > model.MaxWeight {
		return fmt.Errorf("feedproof: w = %d outside [%d, %d]", s.W, model.MinWeight, model.MaxWeight)
	}
	for _, v := range s.M {
		if v > MaxFeature {
			return errors.New("feedproof: feature value above 15")
		}
	}
	for _, v := range s.B {
		if v > MaxPrior {
			return errors.New("feedproof: prior above 15")
		}
	}
	return nil
}

// DecodeSnapshot decodes canonical snapshot bytes (package model) into the
// circuit's view of the snapshot; the id is the SHA-256 of b. Errors from
// malformed bytes wrap model.ErrMalformed.
func DecodeSnapshot(b []byte) (*Snapshot, error) {
	m, err := model.Decode(b)
	if err != nil {
		return nil, err
	}
	return FromModel(m), nil
}

// FromModel is the circuit's view of a decoded snapshot (it shares M and b).
func FromModel(m *model.Snapshot) *Snapshot {
	return &Snapshot{ID: m.ID, N: m.N(), D: m.D(), M: m.M, B: m.B, W: m.Weight}
}

// MaxLikesFor is the effective like bound for a catalog of n profiles: at
// least one profile must stay unliked so that a feed is never empty.
func MaxLikesFor(n int) int { return min(MaxLikes, n-1) }

// IDHalves splits the snapshot id into the two public inputs
// (first 16 bytes, last 16 bytes, each read as a big-endian integer).
func (s *Snapshot) IDHalves() (hi, lo *big.Int) {
	return new(big.Int).SetBytes(s.ID[:16]), new(big.Int).SetBytes(s.ID[16:])
}

// maxScore bounds every score any admissible like-set can produce:
// u_j ≤ sum of the MaxLikesFor(N) largest entries of column j.
func (s *Snapshot) maxScore() uint64 {
	maxLikes := MaxLikesFor(s.N)
	maxU := make([]uint64, s.D)
	for j := 0; j < s.D; j++ {
		var hist [MaxFeature + 1]int
		for i := 0; i < s.N; i++ {
			hist[s.M[i*s.D+j]]++
		}
		left := maxLikes
		for v := MaxFeature; v >= 0 && left > 0; v-- {
			take := min(left, hist[v])
			maxU[j] += uint64(take) * uint64(v)
			left -= take
		}
	}
	var best uint64
	for i := 0; i < s.N; i++ {
		sc := uint64(s.W) * uint64(s.B[i])
		row := s.M[i*s.D : (i+1)*s.D]
		for j, m := range row {
			sc += uint64(m) * maxU[j]
		}
		best = max(best, sc)
	}
	return best
}

// keyBits is the width K with every key s_i·N + (N−1−i) < 2^K.
func (s *Snapshot) keyBits() int {
	maxKey := new(big.Int).SetUint64(s.maxScore())
	maxKey.Mul(maxKey, big.NewInt(int64(s.N)))
	maxKey.Add(maxKey, big.NewInt(int64(s.N-1)))
	return maxKey.BitLen()
}

// Interest returns u = Σ_{i∈L} M_i.
func (s *Snapshot) Interest(likes []int) []uint64 {
	u := make([]uint64, s.D)
	for _, i := range likes {
		row := s.M[i*s.D : (i+1)*s.D]
		for j, m := range row {
			u[j] += uint64(m)
		}
	}
	return u
}

// Scores returns s = M·u + w·b for the like-set (the values the locker
// obtains by decrypting the evaluator's HE result).
func (s *Snapshot) Scores(likes []int) []uint64 {
	u := s.Interest(likes)
	out := make([]uint64, s.N)
	for i := 0; i < s.N; i++ {
		sc := uint64(s.W) * uint64(s.B[i])
		row := s.M[i*s.D : (i+1)*s.D]
		for j, m := range row {
			sc += uint64(m) * u[j]
		}
		out[i] = sc
	}
	return out
}

// RankFeed returns the k profiles not in likes with the highest score, ties
// to the lower index, in rank order (all unliked profiles if fewer than k).
func RankFeed(scores []uint64, likes []int, k int) []int {
	liked := make([]bool, len(scores))
	for _, i := range likes {
		liked[i] = true
	}
	cand := make([]int, 0, len(scores))
	for i := range scores {
		if !liked[i] {
			cand = append(cand, i)
		}
	}
	sort.Slice(cand, func(a, b int) bool {
		ia, ib := cand[a], cand[b]
		if scores[ia] != scores[ib] {
			return scores[ia] > scores[ib]
		}
		return ia < ib
	})
	if len(cand) > k {
		cand = cand[:k]
	}
	return cand
}

// Feed is the plaintext reference: scores and the top-k feed.
func (s *Snapshot) Feed(likes []int, k int) (feed []int, scores []uint64) {
	scores = s.Scores(likes)
	return RankFeed(scores, likes, k), scores
}

// normalizeLikes validates a like-set and returns it sorted ascending.
func (s *Snapshot) normalizeLikes(likes []int) ([]int, error) {
	if len(likes) > MaxLikesFor(s.N) {
		return nil, fmt.Errorf("feedproof: %d likes, at most %d allowed", len(likes), MaxLikesFor(s.N))
	}
	out := append([]int(nil), likes...)
	sort.Ints(out)
	for t, i := range out {
		if i < 0 || i >= s.N {
			return nil, fmt.Errorf("feedproof: liked index %d outside [0, %d)", i, s.N)
		}
		if t > 0 && out[t-1] == i {
			return nil, fmt.Errorf("feedproof: liked index %d repeated", i)
		}
	}
	return out, nil
}

func bitLen(x int) int { return bits.Len(uint(x)) }
