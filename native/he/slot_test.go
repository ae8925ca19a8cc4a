package he

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// randomCatalog draws an N×d matrix (entries 0..15), priors and a weight.
func randomCatalog(rng *rand.Rand, d, n int) ([]uint8, []uint64, uint64) {
	mat := make([]uint8, n*d)
	for i := range mat {
		mat[i] = uint8(rng.IntN(MaxFeature + 1))
	}
	prior := make([]uint64, n)
	for i := range prior {
		prior[i] = uint64(rng.IntN(MaxPrior + 1))
	}
	return mat, prior, uint64(rng.IntN(MaxWeight + 1))
}

// interest returns u = Σ of likes random rows.
func interest(rng *rand.Rand, d int, mat []uint8, likes int) []uint64 {
	n := len(mat) / d
	u := make([]uint64, d)
	for range likes {
		i := rng.IntN(n)
		for j := range u {
			u[j] += uint64(mat[i*d+j])
		}
	}
	return u
}

// checkSlotScores scores the whole catalog, decrypts it both in process and
// after the switch to the wire form, compares every score with the plaintext
// model and returns the two forms' noise (distance from the decoding grid,
// < 1/2 for correct decryption).
func checkSlotScores(t *testing.T, sk *SecretKey, m *SlotModel, u []uint64, mat []uint8, prior []uint64, w uint64, workers int) (inProcess, wire float64) {
	t.Helper()
	q, err := BuildQuery(sk, u, m.Groups(), workers)
	if err != nil {
		t.Fatal(err)
	}
	r, err := m.Score(q, 0, m.NumBlocks(), workers)
	if err != nil {
		t.Fatal(err)
	}
	blob, _ := r.MarshalBinary()
	parsed, err := UnmarshalReply(blob)
	if err != nil {
		t.Fatal(err)
	}
	want := PlainScores(m.D(), mat, prior, w, u)
	var noise [2]float64
	for form, reply := range []*Reply{r, parsed} {
		got, err := DecryptReply(sk, q, reply, workers)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("got %d scores, want %d", len(got), len(want))
		}
		for i := range want {
			if uint64(got[i]) != want[i] {
				t.Fatalf("D=%d N=%d G=%d form %d: row %d decrypted %d, plaintext %d", m.D(), m.N(), m.Groups(), form, i, got[i], want[i])
			}
		}
		if noise[form], err = ReplyNoise(sk, q, reply); err != nil {
			t.Fatal(err)
		}
	}
	return noise[0], noise[1]
}

func TestSlotScoresExact(t *testing.T) {
	sk, _ := keys(t)
	rng := rand.New(rand.NewPCG(11, 12))
	cases := []struct{ d, n, g int }{
		{64, 1, 1}, {64, 1000, 0}, {64, 1000, 1}, {64, 1000, 4}, {64, 4096, 1}, {64, 4097, 2},
		{128, 4096, 0}, {128, 3000, 8}, {100, 333, 4}, {17, 777, 2}, {1, 5000, 1}, {3, 100, 4},
		{64, 500, 64}, {5, 900, 32}, {64, 20000, 0}, {64, 20000, 1},
	}
	for _, c := range cases {
		mat, prior, w := randomCatalog(rng, c.d, c.n)
		m, err := NewSlotModel(c.d, c.n, mat, prior, w, SlotOptions{Groups: c.g})
		if err != nil {
			t.Fatal(err)
		}
		u := interest(rng, c.d, mat, 1+rng.IntN(MaxLikes))
		inProc, wire := checkSlotScores(t, sk, m, u, mat, prior, w, 1+rng.IntN(3))
		t.Logf("D=%d N=%d G=%d blocks=%d: exact; noise in process %.4f, on the wire %.4f (margin %.1f bits)",
			c.d, c.n, m.Groups(), m.NumBlocks(), inProc, wire, math.Log2(0.5/wire))
	}
}

func TestSlotOnTheFlyMatchesPrecomputed(t *testing.T) {
	sk, _ := keys(t)
	rng := rand.New(rand.NewPCG(13, 14))
	d, n := 64, 20000
	mat, prior, w := randomCatalog(rng, d, n)
	for _, g := range []int{1, 2} {
		pre, err := NewSlotModel(d, n, mat, prior, w, SlotOptions{Groups: g})
		if err != nil {
			t.Fatal(err)
		}
		fly, err := NewSlotModel(d, n, mat, prior, w, SlotOptions{Groups: g, PrecomputeLimit: -1})
		if err != nil {
			t.Fatal(err)
		}
		half, err := NewSlotModel(d, n, mat, prior, w, SlotOptions{Groups: g, PrecomputeLimit: int64(3 * ringDegree * (pre.h + 1) * 8)})
		if err != nil {
			t.Fatal(err)
		}
		if pre.PrecomputedBlocks() != pre.NumBlocks() || fly.PrecomputedBlocks() != 0 || half.PrecomputedBlocks() != 3 {
			t.Fatal("precomputation limit ignored")
		}
		u := interest(rng, d, mat, 50)
		q, _ := BuildQuery(sk, u, g, 0)
		a, _ := pre.Score(q, 0, pre.NumBlocks(), 2)
		b, _ := fly.Score(q, 0, fly.NumBlocks(), 2)
		c, _ := half.Score(q, 0, half.NumBlocks(), 2)
		if !slices.Equal(a.ntt, b.ntt) || !slices.Equal(a.ntt, c.ntt) {
			t.Fatalf("G=%d: on-the-fly, partly and fully precomputed replies differ", g)
		}
		checkSlotScores(t, sk, fly, u, mat, prior, w, 2)
	}
}

// TestSlotBoundsWorstCase: every bound at its maximum (all features 15, Lmax
// likes of an all-15 row, prior 15, weight 255) at D = 64 and 128: every score
// is MaxScore(D), exactly.
func TestSlotBoundsWorstCase(t *testing.T) {
	sk, pk := keys(t)
	for _, d := range []int{DefaultD, MaxD} {
		for _, g := range []int{1, 4} {
			n := 2*(ringDegree/g) + 5
			mat := bytes.Repeat([]byte{MaxFeature}, n*d)
			prior := make([]uint64, n)
			for i := range prior {
				prior[i] = MaxPrior
			}
			m, err := NewSlotModel(d, n, mat, prior, MaxWeight, SlotOptions{Groups: g})
			if err != nil {
				t.Fatal(err)
			}
			// the interest as the locker keeps it: Enc(0) plus Lmax likes
			ct, _ := EncryptZero(pk)
			row := bytes.Repeat([]byte{MaxFeature}, d)
			for range MaxLikes {
				ct, _ = AddRow(ct, row)
			}
			q, err := BuildQueryFromInterest(sk, ct, d, g, 0)
			if err != nil {
				t.Fatal(err)
			}
			r, _ := m.Score(q, 0, m.NumBlocks(), 0)
			blob, _ := r.MarshalBinary()
			parsed, err := UnmarshalReply(blob)
			if err != nil {
				t.Fatal(err)
			}
			for _, reply := range []*Reply{r, parsed} { // in process and from the wire
				got, err := DecryptReply(sk, q, reply, 0)
				if err != nil {
					t.Fatal(err)
				}
				for i, s := range got {
					if uint64(s) != MaxScore(d) {
						t.Fatalf("D=%d G=%d row %d: score %d, want MaxScore %d", d, g, i, s, MaxScore(d))
					}
				}
			}
		}
	}
}

// TestSlotNoiseWorstCase measures the noise at the largest D, the largest
// interest coordinates and maximal prior, with a random matrix (block
// plaintexts with coefficients spread over (−t/2, t/2], the realistic worst
// case), and checks it against the analysis in docs/he-engine.md: the
// evaluator-side noise stays below 4× its proven sub-Gaussian parameter, and
// the reply keeps at least 1.5 bits of margin (the observed maximum is ~4.5
// standard deviations; failing would need ~13).
func TestSlotNoiseWorstCase(t *testing.T) {
	sk, _ := keys(t)
	rng := rand.New(rand.NewPCG(15, 16))
	for _, d := range []int{DefaultD, MaxD} {
		n := 3 * ringDegree
		mat, prior, _ := randomCatalog(rng, d, n)
		for i := range prior {
			prior[i] = MaxPrior
		}
		m, err := NewSlotModel(d, n, mat, prior, MaxWeight, SlotOptions{Groups: 1})
		if err != nil {
			t.Fatal(err)
		}
		u := make([]uint64, d)
		for j := range u {
			u[j] = MaxInterest
		}
		before, noise := checkSlotScores(t, sk, m, u, mat, prior, MaxWeight, 0)
		// proven sub-Gaussian parameter of t·E/q for any matrix:
		// 3.7 · √(D·n) · (t/2) · t / q (docs/he-engine.md)
		e := getEngine()
		param := 3.7 * math.Sqrt(float64(d*ringDegree)) * float64(e.t) / 2 * float64(e.t) / float64(e.q)
		t.Logf("D=%d: noise before the switch %.5f (parameter bound %.5f, %.1f bits of budget); after %.4f (%.1f bits of margin)",
			d, before, param, math.Log2(0.5/before), noise, math.Log2(0.5/noise))
		if before > 4*param { // ≈ 8 standard deviations of a random matrix's noise
			t.Fatalf("noise before the switch %.5f exceeds 4× its parameter bound %.5f", before, param)
		}
		if noise > 0.5/math.Exp2(1.5) {
			t.Fatalf("reply noise %.4f leaves less than 1.5 bits of margin", noise)
		}
	}
}

func TestQueryEncryptsTheInterest(t *testing.T) {
	sk, _ := keys(t)
	e := getEngine()
	u := []uint64{7, 0, MaxInterest, 3, 42}
	for _, g := range []int{1, 2, 4} {
		q, err := BuildQuery(sk, u, g, 0)
		if err != nil {
			t.Fatal(err)
		}
		if q.Ciphertexts() != (len(u)+g-1)/g {
			t.Fatalf("G=%d: %d ciphertexts", g, q.Ciphertexts())
		}
		// c0_h + a_h·s must be t^{-1}·U_h + e_h with small e_h
		for h := 0; h < q.h; h++ {
			c0, a := e.ringQ.NewPoly(), e.ringQ.NewPoly()
			for k := 0; k < ringDegree; k++ {
				c0.Coeffs[0][k], a.Coeffs[0][k] = q.c0[k*q.h+h], q.a[k*q.h+h]
			}
			e.ringQ.MulCoeffsMontgomery(a, sk.sk.Value.Q, a)
			e.ringQ.Add(c0, a, c0)
			e.ringQ.INTT(c0, c0)
			for k, v := range c0.Coeffs[0] {
				var want uint64
				if k%(ringDegree/g) == 0 && h*g+k/(ringDegree/g) < len(u) {
					want = u[h*g+k/(ringDegree/g)]
				}
				x := mulMod(v, e.t, e.q) // = U + t·e
				noise := int64(x) - int64(want)
				if x > e.q/2 {
					noise = -int64(e.q-x) - int64(want)
				}
				if noise%int64(e.t) != 0 || noise/int64(e.t) > 19 || noise/int64(e.t) < -19 {
					t.Fatalf("G=%d h=%d coefficient %d: not t^-1·%d plus noise ≤ 19", g, h, k, want)
				}
			}
		}
	}
}

// TestSeedExpansionSpec re-derives a from the seed exactly as the format
// documents it (one AES-256-CTR stream per chunk of 64 NTT points), so that
// another implementation can be checked against this one.
func TestSeedExpansionSpec(t *testing.T) {
	var seed [SeedBytes]byte
	for i := range seed {
		seed[i] = byte(i * 7)
	}
	h := 3
	got := make([]uint64, ringDegree*h)
	expandSeed(seed, h, got, 2)
	again := make([]uint64, ringDegree*h)
	expandSeed(seed, h, again, 1)
	if !slices.Equal(got, again) {
		t.Fatal("expansion depends on the number of workers")
	}
	block, _ := aes.NewCipher(seed[:])
	q := getEngine().q
	for chunk := 0; chunk < ringDegree/64; chunk++ {
		var iv [16]byte
		binary.BigEndian.PutUint64(iv[:], uint64(chunk))
		st := cipher.NewCTR(block, iv[:])
		for i := 0; i < 64*h; i++ {
			for {
				var w [8]byte
				st.XORKeyStream(w[:], w[:])
				v := binary.LittleEndian.Uint64(w[:]) & (1<<60 - 1)
				if v < q {
					if got[chunk*64*h+i] != v {
						t.Fatalf("chunk %d value %d differs from the specification", chunk, i)
					}
					break
				}
			}
		}
	}
}

func TestSlotSerializationRoundTrip(t *testing.T) {
	sk, _ := keys(t)
	rng := rand.New(rand.NewPCG(17, 18))
	d, n := 64, 9000
	mat, prior, w := randomCatalog(rng, d, n)
	m, _ := NewSlotModel(d, n, mat, prior, w, SlotOptions{Groups: 2})
	u := interest(rng, d, mat, 20)
	q, _ := BuildQuery(sk, u, 2, 0)
	qb, _ := q.MarshalBinary()
	if int64(len(qb)) != QueryBytes(d, 2) {
		t.Fatalf("query is %d bytes, QueryBytes says %d", len(qb), QueryBytes(d, 2))
	}
	q2, err := UnmarshalQuery(qb)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(q.c0, q2.c0) || !slices.Equal(q.a, q2.a) || q.seed != q2.seed {
		t.Fatal("query changed in a round trip")
	}
	// the evaluator scores what it parsed, in two ranges; the locker decrypts
	r1, _ := m.Score(q2, 0, 2, 0)
	r2, _ := m.Score(q2, 2, m.NumBlocks()-2, 0)
	var all []uint32
	for _, r := range []*Reply{r1, r2} {
		rb, _ := r.MarshalBinary()
		if len(rb) != headerLen+replyHeaderLen+r.Blocks()*ReplyBlockBytes {
			t.Fatalf("reply is %d bytes", len(rb))
		}
		back, err := UnmarshalReply(rb)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := back.MarshalBinary()
		if !bytes.Equal(again, rb) || back.FirstRow() != r.FirstRow() || back.Rows() != r.Rows() {
			t.Fatal("reply changed in a round trip")
		}
		s, err := DecryptReply(sk, q, back, 0)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, s...)
	}
	want := PlainScores(d, mat, prior, w, u)
	for i := range want {
		if uint64(all[i]) != want[i] {
			t.Fatalf("row %d: %d want %d", i, all[i], want[i])
		}
	}
	for _, b := range [][]byte{qb} {
		if _, k, err := Unmarshal(b); err != nil || k != KindQuery {
			t.Fatalf("Unmarshal: kind %v, %v", k, err)
		}
	}
	t.Logf("query %d B (D=%d, G=2), reply %d blocks × %d B for %d scores", len(qb), d, m.NumBlocks(), ReplyBlockBytes, n)
}

func TestSlotMalformed(t *testing.T) {
	sk, _ := keys(t)
	q, _ := BuildQuery(sk, []uint64{1, 2, 3}, 1, 0)
	qb, _ := q.MarshalBinary()
	mat := make([]uint8, 3*10)
	m, _ := NewSlotModel(3, 10, mat, make([]uint64, 10), 1, SlotOptions{Groups: 1})
	r, _ := m.Score(q, 0, 1, 0)
	rb, _ := r.MarshalBinary()
	mut := func(b []byte, f func([]byte) []byte) []byte { return f(bytes.Clone(b)) }
	queries := map[string][]byte{
		"empty":        {},
		"truncated":    qb[:len(qb)-1],
		"trailing":     append(bytes.Clone(qb), 0),
		"kind":         mut(qb, func(b []byte) []byte { b[5] = byte(KindReply); return b }),
		"d=0":          mut(qb, func(b []byte) []byte { b[headerLen] = 0; return b }),
		"d=4":          mut(qb, func(b []byte) []byte { b[headerLen] = 4; return b }),
		"g=3":          mut(qb, func(b []byte) []byte { b[headerLen+1] = 3; return b }),
		"g=2":          mut(qb, func(b []byte) []byte { b[headerLen+1] = 2; return b }),
		"unreduced":    mut(qb, func(b []byte) []byte { copy(b[headerLen+queryHeaderLen:], bytes.Repeat([]byte{0xff}, 15)); return b }),
		"header only":  qb[:headerLen+queryHeaderLen],
		"ciphertextly": mut(qb, func(b []byte) []byte { b[5] = byte(KindCiphertext); return b }),
	}
	for name, b := range queries {
		if _, err := UnmarshalQuery(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("query %s: %v", name, err)
		}
	}
	replies := map[string][]byte{
		"empty":      {},
		"truncated":  rb[:len(rb)-1],
		"trailing":   append(bytes.Clone(rb), 0),
		"no blocks":  mut(rb, func(b []byte) []byte { b[headerLen+2+SeedBytes+7] = 0; return b }),
		"two blocks": mut(rb, func(b []byte) []byte { b[headerLen+2+SeedBytes+7] = 2; return b }),
		"rows=0":     mut(rb, func(b []byte) []byte { b[headerLen+2+SeedBytes+11] = 0; return b }),
		"rows>block": mut(rb, func(b []byte) []byte { b[headerLen+2+SeedBytes+10] = 0x20; return b }),
		"far block":  mut(rb, func(b []byte) []byte { b[headerLen+2+SeedBytes] = 0x7f; return b }),
		"d=200":      mut(rb, func(b []byte) []byte { b[headerLen] = 200; return b }),
		"g=0":        mut(rb, func(b []byte) []byte { b[headerLen+1] = 0; return b }),
	}
	for name, b := range replies {
		if _, err := UnmarshalReply(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("reply %s: %v", name, err)
		}
	}
	// a reply decrypts only with its own query, and models take only their own queries
	other, _ := BuildQuery(sk, []uint64{1, 2, 3}, 1, 0)
	if _, err := DecryptReply(sk, other, r, 0); err == nil {
		t.Error("reply decrypted with another query")
	}
	wide, _ := BuildQuery(sk, []uint64{1, 2, 3}, 2, 0)
	if _, err := m.Score(wide, 0, 1, 0); err == nil {
		t.Error("query for G=2 scored by a G=1 model")
	}
	if _, err := m.Score(q, 1, 1, 0); err == nil {
		t.Error("block out of range accepted")
	}
	if _, err := BuildQuery(sk, []uint64{MaxInterest + 1}, 1, 0); err == nil {
		t.Error("interest above the bound accepted")
	}
	if _, err := BuildQuery(sk, []uint64{1}, 3, 0); err == nil {
		t.Error("G=3 accepted")
	}
	if _, err := NewSlotModel(3, 10, mat, make([]uint64, 10), 1, SlotOptions{Groups: 128}); err == nil {
		t.Error("G=128 accepted")
	}
}

func TestTopK(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	for trial := range 50 {
		n := 1 + rng.IntN(3000)
		scores := make([]uint32, n)
		for i := range scores {
			scores[i] = uint32(rng.IntN(1 + trial*3)) // many ties
		}
		var excluded []int
		for range rng.IntN(20) {
			excluded = append(excluded, rng.IntN(n))
		}
		k := 1 + rng.IntN(30)
		ref := topK(widen(scores), k, toSet(excluded))
		// offered in shuffled chunks, merged from two selections
		a, _ := NewTopK(k, excluded)
		b, _ := NewTopK(k, excluded)
		for _, start := range rng.Perm((n + 99) / 100) {
			lo, hi := start*100, min(start*100+100, n)
			if start%2 == 0 {
				a.Offer(lo, scores[lo:hi])
			} else {
				b.Offer(lo, scores[lo:hi])
			}
		}
		a.Merge(b)
		got := a.Result()
		if len(got) != len(ref) {
			t.Fatalf("trial %d: %d entries, want %d", trial, len(got), len(ref))
		}
		for i := range ref {
			if got[i].Row != ref[i] || uint64(got[i].Score) != uint64(scores[ref[i]]) {
				t.Fatalf("trial %d rank %d: row %d, want %d", trial, i, got[i].Row, ref[i])
			}
		}
	}
	if _, err := NewTopK(0, nil); err == nil {
		t.Error("k=0 accepted")
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

func widen(s []uint32) []uint64 {
	out := make([]uint64, len(s))
	for i, v := range s {
		out[i] = uint64(v)
	}
	return out
}

func toSet(rows []int) map[int]bool {
	m := map[int]bool{}
	for _, r := range rows {
		m[r] = true
	}
	return m
}

func TestDecryptTopK(t *testing.T) {
	sk, _ := keys(t)
	rng := rand.New(rand.NewPCG(21, 22))
	d, n := 64, 10000
	mat, prior, w := randomCatalog(rng, d, n)
	m, _ := NewSlotModel(d, n, mat, prior, w, SlotOptions{})
	u := interest(rng, d, mat, 30)
	q, _ := BuildQuery(sk, u, m.Groups(), 0)
	r1, _ := m.Score(q, 0, 1, 0)
	r2, _ := m.Score(q, 1, m.NumBlocks()-1, 0)
	excluded := []int{5, 17, 4095, 9999}
	got, err := DecryptTopK(sk, q, []*Reply{r2, r1}, 20, excluded, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := topK(PlainScores(d, mat, prior, w, u), 20, toSet(excluded))
	for i := range want {
		if got[i].Row != want[i] {
			t.Fatalf("rank %d: row %d, want %d", i, got[i].Row, want[i])
		}
	}
}

func TestSlotLayouts(t *testing.T) {
	e := getEngine()
	for g := 1; g <= MaxGroups; g *= 2 {
		l := e.layouts[g]
		seen := make([]bool, ringDegree)
		for _, pos := range l.pos {
			for _, p := range pos {
				if seen[p] {
					t.Fatalf("G=%d: slot %d used twice", g, p)
				}
				seen[p] = true
			}
		}
		if g == 1 {
			continue
		}
		// Σ_c mix[c][j]·ω_c^{j'} = [j = j'] for j, j' < G
		mono := e.ringT.NewPoly()
		mono.Coeffs[0][ringDegree/g] = 1
		e.ringT.NTT(mono, mono)
		for j := 0; j < g; j++ {
			for j2 := 0; j2 < g; j2++ {
				var acc uint64
				for c := 0; c < g; c++ {
					w := mono.Coeffs[0][l.pos[c][0]]
					acc = (acc + mulMod(l.mix[c][j], powMod(w, uint64(j2), e.t), e.t)) % e.t
				}
				if (j == j2) != (acc == 1) || (j != j2 && acc != 0) {
					t.Fatalf("G=%d: mixing is not the inverse transform at (%d, %d): %d", g, j, j2, acc)
				}
			}
		}
	}
	if AutoGroups(1000, 64) != 4 || AutoGroups(20000, 64) != 2 || AutoGroups(100000, 64) != 1 || AutoGroups(1000000, 64) != 1 {
		t.Fatalf("AutoGroups: %d %d %d", AutoGroups(1000, 64), AutoGroups(100000, 64), AutoGroups(1000000, 64))
	}
}

// TestNoiseDistribution: the query noise sampler matches Lattigo's error
// distribution (rounded Gaussian, σ = 3.2, |e| ≤ 19): mean, variance and the
// frequency of every value against the exact probabilities.
func TestNoiseDistribution(t *testing.T) {
	s, err := newNoiseSampler()
	if err != nil {
		t.Fatal(err)
	}
	q := getEngine().q
	const polys = 64
	counts := map[int]int{}
	c := make([]uint64, ringDegree)
	var sum, sq float64
	for range polys {
		s.read(c, q)
		for _, v := range c {
			x := int(v)
			if v > q/2 {
				x = -int(q - v)
			}
			if v == q || x > noiseMax || x < -noiseMax {
				t.Fatalf("noise value %d out of range", x)
			}
			counts[x]++
			sum += float64(x)
			sq += float64(x * x)
		}
	}
	total := float64(polys * ringDegree)
	mean, variance := sum/total, sq/total
	if math.Abs(mean) > 0.05 || math.Abs(variance-(noiseSigma*noiseSigma+1.0/12)) > 0.25 {
		t.Fatalf("mean %.3f variance %.3f, want 0 and ≈ %.2f", mean, variance, noiseSigma*noiseSigma+1.0/12)
	}
	sg := noiseSigma * math.Sqrt2
	for k := -6; k <= 6; k++ { // the values with enough mass to test
		a := math.Abs(float64(k))
		p := (math.Erf((a+0.5)/sg) - math.Erf(math.Max(a-0.5, 0)/sg)) / math.Erf(noiseBound/sg)
		if k != 0 {
			p /= 2
		}
		want := p * total
		if math.Abs(float64(counts[k])-want) > 5*math.Sqrt(want) {
			t.Fatalf("value %d: %d samples, want %.0f ± %.0f", k, counts[k], want, 5*math.Sqrt(want))
		}
	}
}

// TestSlotConcurrentUse: one model scored and decrypted from several
// goroutines at once, with a secret key that went through its serialized
// form (as the locker's does), every feed exact. Run with -race too.
func TestSlotConcurrentUse(t *testing.T) {
	sk0, _ := keys(t)
	blob, _ := sk0.MarshalBinary()
	sk, err := UnmarshalSecretKey(blob)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(23, 24))
	d, n := 32, 9000
	mat, prior, w := randomCatalog(rng, d, n)
	m, _ := NewSlotModel(d, n, mat, prior, w, SlotOptions{Groups: 1, PrecomputeLimit: int64(ringDegree * (d + 1) * 8)})
	errs := make(chan error, 4)
	for i := range 4 {
		u := interest(rand.New(rand.NewPCG(uint64(i), 25)), d, mat, 10)
		go func() {
			q, err := BuildQuery(sk, u, 1, 2)
			if err != nil {
				errs <- err
				return
			}
			r, err := m.Score(q, 0, m.NumBlocks(), 2)
			if err != nil {
				errs <- err
				return
			}
			got, err := DecryptReply(sk, q, r, 2)
			if err != nil {
				errs <- err
				return
			}
			want := PlainScores(d, mat, prior, w, u)
			for j := range want {
				if uint64(got[j]) != want[j] {
					errs <- errors.New("concurrent feed differs from the plaintext model")
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

// TestSlotFeedFlow runs the feed as stage 2 will wire it, through every
// serialized form: the locker keeps Enc(u) (public-key encrypted, updated by
// homomorphic likes) and builds the query from it; the evaluator parses the
// query and answers in block ranges; the locker parses the replies in any
// order into one top-k. The feed equals the plaintext feed.
func TestSlotFeedFlow(t *testing.T) {
	sk, pk := keys(t)
	rng := rand.New(rand.NewPCG(27, 28))
	d, n := 64, 30000
	mat, prior, w := randomCatalog(rng, d, n)
	evaluatorModel, _ := NewSlotModel(d, n, mat, prior, w, SlotOptions{})
	// locker: Enc(0), then 30 likes, stored and reloaded each time
	ct, _ := EncryptZero(pk)
	var liked []int
	for range 30 {
		i := rng.IntN(n)
		liked = append(liked, i)
		ct, _ = AddRow(ct, mat[i*d:i*d+d])
		blob, _ := ct.MarshalBinary()
		ct, _ = UnmarshalCiphertext(blob)
	}
	q, err := BuildQueryFromInterest(sk, ct, d, AutoGroups(n, d), 0)
	if err != nil {
		t.Fatal(err)
	}
	upload, _ := q.MarshalBinary()
	// evaluator
	received, err := UnmarshalQuery(upload)
	if err != nil {
		t.Fatal(err)
	}
	var frames [][]byte
	for first := 0; first < evaluatorModel.NumBlocks(); first += 3 {
		r, err := evaluatorModel.Score(received, first, min(3, evaluatorModel.NumBlocks()-first), 0)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := r.MarshalBinary()
		frames = append(frames, f)
	}
	// locker
	top, _ := NewTopK(20, liked)
	for _, i := range rng.Perm(len(frames)) {
		r, err := UnmarshalReply(frames[i])
		if err != nil {
			t.Fatal(err)
		}
		if err := top.AddReply(sk, q, r, 0); err != nil {
			t.Fatal(err)
		}
	}
	u := make([]uint64, d)
	for _, i := range liked {
		for j := range u {
			u[j] += uint64(mat[i*d+j])
		}
	}
	want := topK(PlainScores(d, mat, prior, w, u), 20, toSet(liked))
	got := top.Result()
	for i := range want {
		if got[i].Row != want[i] {
			t.Fatalf("rank %d: row %d, want %d", i, got[i].Row, want[i])
		}
	}
}
