package model

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkDecode: what lk_snapshot_open costs per snapshot (decode, validate,
// SHA-256), e.g. `go test ./model -run XXX -bench Decode -benchtime 10x`.
func BenchmarkDecode(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		s := &Snapshot{
			Layout: Layout{D: 64, TermColumns: 45, NicheColumns: 16, HashName: "fnv1a64", ExtractorVersion: 1},
			Weight: 3, AccountIDs: make([]string, n), Labels: make([]string, 64),
			M: make([]uint8, n*64), B: make([]uint8, n),
		}
		rng := rand.New(rand.NewPCG(1, 2))
		for i := range s.AccountIDs {
			s.AccountIDs[i] = fmt.Sprintf("creator.%08d", i)
		}
		for k := range s.M {
			s.M[k] = uint8(rng.IntN(MaxFeature + 1))
		}
		enc, err := s.Encode()
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(enc)))
			for b.Loop() {
				if _, err := Decode(enc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
