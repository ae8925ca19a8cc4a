package he

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
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

// BenchmarkCoeffRoundTrip is the coefficient-packed engine's best Go-level
// round trip, the "before" of docs/benchmarks.md: encrypt u with the public
// key, then on each worker score a block, decrypt it and offer its scores to
// a top-20 (one block per worker in memory, as the app streams them).
func BenchmarkCoeffRoundTrip(b *testing.B) {
	sk, pk := keys(b)
	for _, s := range sizes {
		if !sizeFilter(s.name) {
			continue
		}
		c := catalogFor(s.n, 64)
		var m *Model
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("%sx64-w%d", s.name, workers), func(b *testing.B) {
				if m == nil {
					m, _ = NewModel(64, s.n, c.mat, c.prior, c.w)
				}
				measure(b, func() { coeffRoundTrip(b, sk, pk, m, c.u, workers) })
				ct, _ := Encrypt(pk, c.u)
				sc, _ := m.ScoreBlock(ct, 0)
				blob, _ := sc.MarshalBinary()
				b.ReportMetric(float64(len(blob)*m.NumBlocks())/float64(s.n), "reply-B/score")
			})
		}
	}
}

func coeffRoundTrip(b *testing.B, sk *SecretKey, pk *PublicKey, m *Model, u []uint64, workers int) {
	ct, err := Encrypt(pk, u)
	if err != nil {
		b.Fatal(err)
	}
	var mu sync.Mutex
	var locals []*TopK
	parallelBlocks(0, m.NumBlocks(), workers, func() func(int) {
		local, _ := NewTopK(20, nil)
		mu.Lock()
		locals = append(locals, local)
		mu.Unlock()
		return func(i int) {
			sc, err := m.ScoreBlock(ct, i)
			if err != nil {
				panic(err)
			}
			s, err := m.DecryptBlock(sk, sc, i)
			if err != nil {
				panic(err)
			}
			first, _ := m.BlockRows(i)
			scores := make([]uint32, len(s))
			for j, v := range s {
				scores[j] = uint32(v)
			}
			local.Offer(first, scores)
		}
	})
	top, _ := NewTopK(20, nil)
	for _, l := range locals {
		top.Merge(l)
	}
	if len(top.Result()) != 20 {
		b.Fatal("short feed")
	}
}
