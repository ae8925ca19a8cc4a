package he

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func BenchmarkKeyGen(b *testing.B) {
	for b.Loop() {
		if _, _, err := KeyGen(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncrypt(b *testing.B) {
	_, pk := keys(b)
	u := make([]uint64, DefaultD)
	for b.Loop() {
		if _, err := Encrypt(pk, u); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLike is one like: AddRow on a deserialized ciphertext, then serialize.
func BenchmarkLike(b *testing.B) {
	_, pk := keys(b)
	ct, _ := Encrypt(pk, make([]uint64, DefaultD))
	blob, _ := ct.MarshalBinary()
	row := make([]uint8, DefaultD)
	for j := range row {
		row[j] = uint8(j % 16)
	}
	for b.Loop() {
		c, err := UnmarshalCiphertext(blob)
		if err != nil {
			b.Fatal(err)
		}
		c, err = AddRow(c, row)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.MarshalBinary(); err != nil {
			b.Fatal(err)
		}
	}
}

func benchScore(b *testing.B, n, d int, limit int64) {
	rng := rand.New(rand.NewPCG(9, 9))
	m := randomModel(b, rng, d, n, limit)
	_, pk := keys(b)
	ct, _ := Encrypt(pk, likes(m, rng, 20))
	b.ReportMetric(float64(m.NumBlocks()), "blocks")
	for b.Loop() {
		for i := range m.NumBlocks() {
			if _, err := m.ScoreBlock(ct, i); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkScore(b *testing.B) {
	b.Run("1000x64", func(b *testing.B) { benchScore(b, 1000, 64, DefaultPrecomputeLimit) })
	b.Run("4096x128", func(b *testing.B) { benchScore(b, 4096, 128, DefaultPrecomputeLimit) })
	b.Run("100000x64", func(b *testing.B) { benchScore(b, 100000, 64, DefaultPrecomputeLimit) })
	b.Run("100000x64-onthefly", func(b *testing.B) { benchScore(b, 100000, 64, 0) })
}

func BenchmarkScoreParallel100000x64(b *testing.B) {
	rng := rand.New(rand.NewPCG(9, 9))
	m := randomModel(b, rng, 64, 100000, DefaultPrecomputeLimit)
	_, pk := keys(b)
	ct, _ := Encrypt(pk, likes(m, rng, 20))
	for b.Loop() {
		if _, err := m.ScoreAll(ct, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// topK returns the indices of the k highest scores not excluded, ties by lower index.
func topK(s []uint64, k int, excluded map[int]bool) []int {
	idx := make([]int, 0, len(s))
	for i := range s {
		if !excluded[i] {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case s[a] > s[b]:
			return -1
		case s[a] < s[b]:
			return 1
		}
		return a - b
	})
	return idx[:min(k, len(idx))]
}

func BenchmarkDecryptTopK1000x64(b *testing.B) {
	rng := rand.New(rand.NewPCG(9, 9))
	m := randomModel(b, rng, 64, 1000, DefaultPrecomputeLimit)
	sk, pk := keys(b)
	ct, _ := Encrypt(pk, likes(m, rng, 20))
	scored, _ := m.ScoreAll(ct, 1)
	for b.Loop() {
		all := make([]uint64, 0, m.N())
		for i, sc := range scored {
			s, err := m.DecryptBlock(sk, sc, i)
			if err != nil {
				b.Fatal(err)
			}
			all = append(all, s...)
		}
		topK(all, 20, map[int]bool{1: true, 2: true})
	}
}

// BenchmarkRoundTrip1000x64: encrypt, score every block, decrypt every block, top-k.
func BenchmarkRoundTrip1000x64(b *testing.B) {
	rng := rand.New(rand.NewPCG(9, 9))
	m := randomModel(b, rng, 64, 1000, DefaultPrecomputeLimit)
	sk, pk := keys(b)
	u := likes(m, rng, 20)
	for b.Loop() {
		ct, err := Encrypt(pk, u)
		if err != nil {
			b.Fatal(err)
		}
		all := make([]uint64, 0, m.N())
		for i := range m.NumBlocks() {
			sc, _ := m.ScoreBlock(ct, i)
			s, err := m.DecryptBlock(sk, sc, i)
			if err != nil {
				b.Fatal(err)
			}
			all = append(all, s...)
		}
		topK(all, 20, nil)
	}
}
