package feedproof

import (
	"crypto/sha256"
	"math/big"
	"math/rand/v2"
	"testing"
)

// testPublisher is the address test proofs are made for.
var testPublisher = Publisher{0xa1, 0x1c, 0xe0, 19: 0x01}

func mustKID(t *testing.T, id [32]byte, k int) *big.Int {
	t.Helper()
	kid, err := KID(id, k)
	if err != nil {
		t.Fatal(err)
	}
	return kid
}

// randomSnapshot builds a deterministic test snapshot; the id is the SHA-256
// of a simple canonical encoding (the real id is computed by the model).
func randomSnapshot(n, d int, seed uint64) *Snapshot {
	r := rand.New(rand.NewPCG(seed, 7))
	s := &Snapshot{N: n, D: d, M: make([]uint8, n*d), B: make([]uint8, n), W: 1 + r.IntN(255)}
	for i := range s.M {
		if r.IntN(3) == 0 { // sparse-ish, like hashed TF-IDF
			s.M[i] = uint8(r.IntN(16))
		}
	}
	for i := range s.B {
		s.B[i] = uint8(r.IntN(16))
	}
	h := sha256.New()
	h.Write([]byte{byte(n >> 16), byte(n >> 8), byte(n), byte(d), byte(s.W)})
	h.Write(s.M)
	h.Write(s.B)
	copy(s.ID[:], h.Sum(nil))
	return s
}
