package he

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"
)

// coefficientsOf returns the set of c_k's residues (NTT domain, as stored).
func coefficientsOf(c *Ciphertext, k int) map[uint64]bool {
	set := map[uint64]bool{}
	for _, v := range c.ct.Value[k].Coeffs[0] {
		set[v] = true
	}
	return set
}

// shared counts the residues of b's component k that also occur, anywhere,
// in a's component k. Residues are uniform 60-bit values, so two independent
// components share one with probability about n²/q ≈ 2^-36.
func shared(a, b *Ciphertext, k int) int {
	seen := coefficientsOf(a, k)
	n := 0
	for _, v := range b.ct.Value[k].Coeffs[0] {
		if seen[v] {
			n++
		}
	}
	return n
}

func randomRows(rng *rand.Rand, n, d int) [][]uint8 {
	rows := make([][]uint8, n)
	for i := range rows {
		rows[i] = make([]uint8, d)
		for j := range rows[i] {
			rows[i][j] = uint8(rng.IntN(MaxFeature + 1))
		}
	}
	return rows
}

func TestRerandomizeKeepsTheMessageAndRenewsBothComponents(t *testing.T) {
	sk, pk := keys(t)
	u := []uint64{7, 0, MaxInterest, 3}
	ct, _ := Encrypt(pk, u)
	before, _ := ct.MarshalBinary()
	r, err := Rerandomize(pk, ct)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := Decrypt(sk, r, len(u))
	for j := range u {
		if got[j] != u[j] {
			t.Fatalf("coordinate %d is %d after re-randomization, want %d", j, got[j], u[j])
		}
	}
	for k := range 2 {
		if s := shared(ct, r, k); s != 0 {
			t.Errorf("c%d: %d of %d residues survived re-randomization", k, s, ringDegree)
		}
	}
	if after, _ := ct.MarshalBinary(); !bytes.Equal(before, after) {
		t.Fatal("Rerandomize modified its input")
	}
	if _, err := Rerandomize(nil, ct); err == nil {
		t.Error("nil public key accepted")
	}
	if _, err := Rerandomize(pk, nil); err == nil {
		t.Error("nil ciphertext accepted")
	}
	if _, err := Rerandomize(&PublicKey{}, ct); err == nil {
		t.Error("empty public key accepted")
	}
}

// TestTwoVersionsAttack is the key-less attack on two stored versions of one
// Enc(u) around a like: try every catalog row and both signs. A plain AddRow
// gives the liked row away; AddRow followed by Rerandomize gives nothing.
func TestTwoVersionsAttack(t *testing.T) {
	_, pk := keys(t)
	rng := rand.New(rand.NewPCG(17, 1))
	rows := randomRows(rng, 300, DefaultD)
	before, _ := Encrypt(pk, make([]uint64, DefaultD))
	const liked = 123
	plain, _ := AddRow(before, rows[liked])
	rerandomized, err := Rerandomize(pk, plain)
	if err != nil {
		t.Fatal(err)
	}
	attack := func(after *Ciphertext) []int {
		want, _ := after.MarshalBinary()
		var found []int
		for i, row := range rows {
			for sign, op := range []func(*Ciphertext, []uint8) (*Ciphertext, error){AddRow, SubRow} {
				guess, _ := op(before, row)
				if b, _ := guess.MarshalBinary(); bytes.Equal(b, want) {
					found = append(found, i*(1-2*sign))
				}
			}
		}
		return found
	}
	if found := attack(plain); len(found) != 1 || found[0] != liked {
		t.Fatalf("without re-randomization the attack found %v, want [%d]", found, liked)
	}
	if found := attack(rerandomized); len(found) != 0 {
		t.Fatalf("after re-randomization the attack found rows %v", found)
	}
	if s := shared(before, rerandomized, 1); s != 0 {
		t.Fatalf("c1 kept %d residues across the write", s)
	}
}

// TestManyRerandomizedWritesDecryptExactly runs like/unlike cycles, each
// write re-randomized as the locker does, and checks the interest stays
// exact and the noise grows as one fresh encryption per write (standard
// deviation ∝ √writes), far inside the bound in docs/he-engine.md.
func TestManyRerandomizedWritesDecryptExactly(t *testing.T) {
	cycles := 2500
	if testing.Short() {
		cycles = 250
	}
	sk, pk := keys(t)
	rng := rand.New(rand.NewPCG(4, 2))
	rows := randomRows(rng, 50, DefaultD)
	u := make([]uint64, DefaultD)
	ct, _ := Encrypt(pk, u)
	fresh := noiseBudget(t, sk, ct)
	liked := map[int]bool{}
	write := func(i int, like bool) {
		var err error
		if like {
			ct, err = AddRow(ct, rows[i])
		} else {
			ct, err = SubRow(ct, rows[i])
		}
		if err == nil {
			ct, err = Rerandomize(pk, ct)
		}
		if err != nil {
			t.Fatal(err)
		}
		for j, v := range rows[i] {
			if like {
				u[j] += uint64(v)
			} else {
				u[j] -= uint64(v)
			}
		}
		liked[i] = like
	}
	check := func(writes int) {
		got, _ := Decrypt(sk, ct, DefaultD)
		for j := range u {
			if got[j] != u[j] {
				t.Fatalf("after %d writes coordinate %d is %d, want %d", writes, j, got[j], u[j])
			}
		}
	}
	writes := 2 * cycles
	for w := range writes {
		i := rng.IntN(len(rows)) // toggles: at most 50 likes, u_j ≤ 750
		write(i, !liked[i])
		if w%1000 == 0 {
			check(w + 1)
		}
	}
	check(writes)
	left := noiseBudget(t, sk, ct)
	// Noise after w writes ≈ √(w+1) times a fresh encryption's: the budget
	// drops by about ½·log2(w+1) bits; allow 2 bits for the maximum's spread.
	expected := fresh - 0.5*math.Log2(float64(writes+1))
	t.Logf("noise budget: fresh %.1f bits, after %d re-randomized writes %.1f bits (expected ≈ %.1f)", fresh, writes, left, expected)
	if left < expected-2 || left > fresh {
		t.Fatalf("noise budget %.1f bits after %d writes, expected about %.1f", left, writes, expected)
	}
}

// TestRerandomizeWriteBound re-derives the bounds docs/he-engine.md states.
// A fresh public-key encryption of zero has noise u·e + e0 + e1·s (u, s
// ternary, e, e0, e1 rounded Gaussians with |e| ≤ 19), so each coefficient is
// at most 19·(2n + 1) in absolute value; decryption of u (coordinates ≤
// MaxInterest) is exact while t·|noise| + MaxInterest < q/2.
func TestRerandomizeWriteBound(t *testing.T) {
	e := getEngine()
	noiseLimit := (e.q/2 - MaxInterest) / e.t
	perEncryption := uint64(noiseMax * (2*ringDegree + 1))
	worstCaseWrites := noiseLimit/perEncryption - 1 // the first encryption counts too
	if worstCaseWrites != 907_722 {
		t.Fatalf("worst-case write bound is %d; update docs/he-engine.md", worstCaseWrites)
	}
	// With probability ≥ 1 − 2^-128 (Hoeffding, sub-Gaussian parameter² per
	// encryption ≤ n·(19² + 3.7²) + 3.7², union over n coefficients).
	v := float64(ringDegree)*(noiseMax*noiseMax+3.7*3.7) + 3.7*3.7
	b := float64(noiseLimit)
	probableWrites := b * b / (2 * v * (math.Log(2*ringDegree) + 128*math.Ln2))
	if probableWrites < 6.6e13 || probableWrites > 6.7e13 {
		t.Fatalf("probable write bound is %.3g; update docs/he-engine.md", probableWrites)
	}
}
