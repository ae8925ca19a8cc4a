package feedproof

import (
	"bytes"
	"io"
	"math/big"
	"slices"
	"sync"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/solidity"
	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
)

// fixture compiles and sets up one circuit per snapshot, once per test run.
type fixture struct {
	s  *Snapshot
	cc *CompiledCircuit
	pk groth16.ProvingKey
	vk groth16.VerifyingKey
}

var (
	fixMu sync.Mutex
	fixes = map[string]*fixture{}
)

func getFixture(t *testing.T, name string, mk func() *Snapshot) *fixture {
	t.Helper()
	fixMu.Lock()
	defer fixMu.Unlock()
	if f, ok := fixes[name]; ok {
		return f
	}
	s := mk()
	cc, err := Compile(s, DefaultKMax)
	if err != nil {
		t.Fatal(err)
	}
	pk, vk, err := SetupDev(cc)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{s, cc, pk, vk}
	fixes[name] = f
	return f
}

func small(t *testing.T) *fixture {
	return getFixture(t, "small", func() *Snapshot { return randomSnapshot(64, 16, 1) })
}

// tied: rows i and i+N/2 are equal, priors equal, so scores tie in pairs
// (and many more ties through the all-zero rows).
func tied(t *testing.T) *fixture {
	return getFixture(t, "tied", func() *Snapshot {
		s := randomSnapshot(120, 16, 2)
		h := s.N / 2
		for i := 0; i < h; i++ {
			copy(s.M[(i+h)*s.D:(i+h+1)*s.D], s.M[i*s.D:(i+1)*s.D])
			s.B[i+h] = s.B[i]
		}
		for i := 0; i < 10; i++ { // ten identical all-zero profiles
			clear(s.M[i*s.D : (i+1)*s.D])
			s.B[i] = 3
		}
		s.ID[0] ^= 0xff // distinct id from the random one
		return s
	})
}

func proveAndVerify(t *testing.T, f *fixture, likes []int, k int) *Proof {
	t.Helper()
	p, err := Prove(f.cc, f.pk, f.s, likes, k, testPublisher)
	if err != nil {
		t.Fatalf("prove: %v", err)
	}
	if err := Verify(f.vk, p.Groth16, p.Public); err != nil {
		t.Fatalf("verify: %v", err)
	}
	b, err := p.Solidity()
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != ProofBytesLen {
		t.Fatalf("solidity proof is %d bytes, want %d", len(b), ProofBytesLen)
	}
	if err := VerifySolidityBytes(f.vk, b, p.Public); err != nil {
		t.Fatalf("verify solidity bytes: %v", err)
	}
	// The proof's feed is the reference feed, committed in C_F.
	want, _ := f.s.Feed(likes, k)
	if !slices.Equal(p.Feed, want) {
		t.Fatalf("feed %v, want %v", p.Feed, want)
	}
	cf, _ := CommitFeed(p.Feed, DefaultKMax, p.SaltF)
	if cf.Cmp(p.Public[3]) != 0 {
		t.Fatal("C_F does not open to the feed")
	}
	sorted := slices.Clone(likes)
	slices.Sort(sorted)
	cl, _ := CommitLikes(sorted, p.SaltL)
	if cl.Cmp(p.Public[2]) != 0 {
		t.Fatal("C_L does not open to the like-set")
	}
	return p
}

func TestValidProofs(t *testing.T) {
	f := small(t)
	t.Run("likes", func(t *testing.T) { proveAndVerify(t, f, []int{3, 9, 40, 17}, 10) })
	t.Run("coldStart", func(t *testing.T) {
		p := proveAndVerify(t, f, nil, 5)
		// cold start = popularity feed: ordered by w·b, ties to lower index
		for r := 1; r < len(p.Feed); r++ {
			a, b := p.Feed[r-1], p.Feed[r]
			if f.s.B[a] < f.s.B[b] || (f.s.B[a] == f.s.B[b] && a > b) {
				t.Fatalf("cold-start feed not by prior: %v", p.Feed)
			}
		}
	})
	t.Run("kMax", func(t *testing.T) { proveAndVerify(t, f, []int{1, 2}, DefaultKMax) })
	t.Run("k1", func(t *testing.T) { proveAndVerify(t, f, []int{63}, 1) })
	t.Run("fewerThanK", func(t *testing.T) {
		likes := make([]int, 40) // 64 − 40 = 24 < k = 30
		for i := range likes {
			likes[i] = i + 10
		}
		p := proveAndVerify(t, f, likes, 30)
		if len(p.Feed) != 24 {
			t.Fatalf("feed has %d entries, want 24", len(p.Feed))
		}
	})
	t.Run("allButOneLiked", func(t *testing.T) {
		likes := make([]int, 63)
		for i := range likes {
			likes[i] = i + 1
		}
		p := proveAndVerify(t, f, likes, 50)
		if !slices.Equal(p.Feed, []int{0}) {
			t.Fatalf("feed %v", p.Feed)
		}
	})
	t.Run("ties", func(t *testing.T) {
		ft := tied(t)
		p := proveAndVerify(t, ft, []int{70, 5}, 20)
		ties := 0
		for r := 1; r < len(p.Feed); r++ {
			if p.Scores[p.Feed[r-1]] == p.Scores[p.Feed[r]] {
				ties++
				if p.Feed[r-1] > p.Feed[r] {
					t.Fatal("tie not broken by lower index")
				}
			}
		}
		if ties == 0 {
			t.Fatal("fixture produced no ties in the feed")
		}
		proveAndVerify(t, ft, nil, 50) // cold start with ten equal profiles
	})
}

func TestMaxLikes(t *testing.T) {
	s := randomSnapshot(300, 16, 3)
	cc, err := Compile(s, DefaultKMax)
	if err != nil {
		t.Fatal(err)
	}
	likes := make([]int, MaxLikes)
	for i := range likes {
		likes[i] = 299 - 2*i
	}
	a, _, err := witnessFor(s, DefaultKMax, likes, 50, testPublisher)
	if err != nil {
		t.Fatal(err)
	}
	mustSolve(t, cc, a)
	if _, _, err := witnessFor(s, DefaultKMax, append(likes, 0), 50, testPublisher); err == nil {
		t.Fatal("101 likes accepted")
	}
}

func mustSolve(t *testing.T, cc *CompiledCircuit, a *Circuit) {
	t.Helper()
	w, err := frontend.NewWitness(a, ecc.BN254.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	if err := cc.CS.IsSolved(w); err != nil {
		t.Fatalf("honest witness not solved: %v", err)
	}
}

func mustNotSolve(t *testing.T, cc *CompiledCircuit, a *Circuit) {
	t.Helper()
	w, err := frontend.NewWitness(a, ecc.BN254.ScalarField())
	if err != nil {
		return // not even a witness
	}
	if err := cc.CS.IsSolved(w); err == nil {
		t.Fatal("dishonest witness satisfies the circuit")
	}
}

// dishonest builds a consistent assignment (commitments, keys, bits all
// matching) for an arbitrary claimed feed.
func dishonest(t *testing.T, f *fixture, likes []int, k int, feed []int) *Circuit {
	t.Helper()
	sorted := slices.Clone(likes)
	slices.Sort(sorted)
	a, _, err := assign(f.s, DefaultKMax, sorted, k, feed, f.s.Scores(sorted), testPublisher)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestDishonestFeedsFail(t *testing.T) {
	f := small(t)
	likes := []int{3, 9, 40}
	k := 8
	honest, _ := f.s.Feed(likes, k)
	all := RankFeed(f.s.Scores(likes), likes, f.s.N)
	mustSolve(t, f.cc, dishonest(t, f, likes, k, honest)) // the harness itself is sound

	t.Run("wrongMember", func(t *testing.T) {
		bad := slices.Clone(honest)
		bad[k-1] = all[k] // the (k+1)-th ranked profile instead of the k-th
		mustNotSolve(t, f.cc, dishonest(t, f, likes, k, bad))
	})
	t.Run("lowestInsteadOfTop", func(t *testing.T) {
		bad := slices.Clone(all[len(all)-k:])
		slices.Reverse(bad)
		mustNotSolve(t, f.cc, dishonest(t, f, likes, k, bad))
	})
	t.Run("swappedOrder", func(t *testing.T) {
		bad := slices.Clone(honest)
		bad[0], bad[1] = bad[1], bad[0]
		mustNotSolve(t, f.cc, dishonest(t, f, likes, k, bad))
	})
	t.Run("likedInFeed", func(t *testing.T) {
		bad := slices.Clone(honest)
		bad[k-1] = likes[0]
		mustNotSolve(t, f.cc, dishonest(t, f, likes, k, bad))
	})
	t.Run("duplicateEntry", func(t *testing.T) {
		bad := slices.Clone(honest)
		bad[k-1] = bad[k-2]
		mustNotSolve(t, f.cc, dishonest(t, f, likes, k, bad))
	})
	t.Run("tooShort", func(t *testing.T) {
		mustNotSolve(t, f.cc, dishonest(t, f, likes, k, honest[:k-1]))
	})
	t.Run("wrongK", func(t *testing.T) {
		a := dishonest(t, f, likes, k, honest)
		a.KID = mustKID(t, f.s.ID, k+1) // feed of k entries claimed as a (k+1)-feed
		mustNotSolve(t, f.cc, a)
		longer, _ := f.s.Feed(likes, k+1)
		a = dishonest(t, f, likes, k, longer) // k+1 entries claimed as a k-feed
		mustNotSolve(t, f.cc, a)
		for _, badK := range []int{0, DefaultKMax + 1} {
			a = dishonest(t, f, likes, k, honest)
			a.KID = mustKID(t, f.s.ID, badK)
			mustNotSolve(t, f.cc, a)
		}
	})
	t.Run("hiddenLike", func(t *testing.T) {
		// likes in the bitmap but missing from the committed list
		a := dishonest(t, f, likes, k, honest)
		a.LikeList[2], a.LikeSel[2], a.LikeKeys[2] = 0, 0, 0
		mustNotSolve(t, f.cc, a)
	})
	t.Run("wrongCommitment", func(t *testing.T) {
		a := dishonest(t, f, likes, k, honest)
		a.CF = new(big.Int).Add(a.CF.(*big.Int), big.NewInt(1))
		mustNotSolve(t, f.cc, a)
	})
}

func TestOtherSnapshotFails(t *testing.T) {
	f := small(t)
	other := getFixture(t, "other", func() *Snapshot { return randomSnapshot(64, 16, 99) })
	if _, err := Prove(f.cc, f.pk, other.s, []int{1}, 5, testPublisher); err == nil {
		t.Fatal("proved with another snapshot's data")
	}
	// A witness carrying the other snapshot's id does not solve this circuit.
	a, _, err := witnessFor(f.s, DefaultKMax, []int{1}, 5, testPublisher)
	if err != nil {
		t.Fatal(err)
	}
	a.KID = mustKID(t, other.s.ID, 5)
	mustNotSolve(t, f.cc, a)
	// A proof for this snapshot does not verify under the other's key, with
	// either id.
	p := proveAndVerify(t, f, []int{1}, 5)
	if Verify(other.vk, p.Groth16, p.Public) == nil {
		t.Fatal("proof verified under another snapshot's key")
	}
	pub := p.Public
	pub[0], pub[1] = other.s.IDHalves()
	if Verify(other.vk, p.Groth16, pub) == nil || Verify(f.vk, p.Groth16, pub) == nil {
		t.Fatal("proof verified with another snapshot id")
	}
}

func TestTamperedProofAndInputs(t *testing.T) {
	f := small(t)
	p := proveAndVerify(t, f, []int{5, 6}, 12)
	b, _ := p.Solidity()
	for _, pos := range []int{0, 31, 70, 200, 255, 256 + 5, 320 + 31, 383} {
		bad := slices.Clone(b)
		bad[pos] ^= 0x01
		if VerifySolidityBytes(f.vk, bad, p.Public) == nil {
			t.Fatalf("tampered proof byte %d verified", pos)
		}
	}
	for i := 0; i < NbPublic; i++ {
		pub := p.Public
		pub[i] = new(big.Int).Add(pub[i], big.NewInt(1))
		if Verify(f.vk, p.Groth16, pub) == nil {
			t.Fatalf("tampered public input %d verified", i)
		}
	}
}

// The score the circuit constrains for every profile equals the reference
// score (what the decrypted HE scores are compared against).
func TestCircuitScoresMatchReference(t *testing.T) {
	s := randomSnapshot(80, 16, 5)
	likes := []int{0, 7, 33, 79}
	scores := s.Scores(likes)
	build := func(expect []uint64) (constraintSys *CompiledCircuit, a *Circuit) {
		c := newCircuit(s, DefaultKMax)
		c.debugScores = expect
		cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c)
		if err != nil {
			t.Fatal(err)
		}
		a, _, err = witnessFor(s, DefaultKMax, likes, 10, testPublisher)
		if err != nil {
			t.Fatal(err)
		}
		return &CompiledCircuit{CS: cs, SnapshotID: s.ID, KMax: DefaultKMax}, a
	}
	cc, a := build(scores)
	mustSolve(t, cc, a)
	off := slices.Clone(scores)
	off[41]++
	cc, a = build(off)
	mustNotSolve(t, cc, a)
	// and the bound the circuit relies on holds for the worst case
	if ms := s.maxScore(); ms >= 1<<22 {
		t.Fatalf("max score %d ≥ 2^22", ms)
	}
	worst := &Snapshot{N: 200, D: MaxD, M: bytes.Repeat([]byte{15}, 200*MaxD), B: bytes.Repeat([]byte{15}, 200), W: 255}
	if ms := worst.maxScore(); ms != 15*15*100*MaxD+255*15 || ms >= 1<<22 {
		t.Fatalf("worst-case max score %d", ms)
	}
}

func TestSerializationRoundTrip(t *testing.T) {
	f := small(t)
	dir := t.TempDir()
	c := Cache{Dir: dir}
	if err := c.SaveKeys(f.cc, f.pk, f.vk); err != nil {
		t.Fatal(err)
	}
	cc, err := c.LoadOrCompile(f.s, DefaultKMax) // compiles and caches
	if err != nil {
		t.Fatal(err)
	}
	cc, err = c.LoadOrCompile(f.s, DefaultKMax) // reads the cache
	if err != nil {
		t.Fatal(err)
	}
	pk, vk, err := c.LoadKeys(f.s.ID, DefaultKMax)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Prove(cc, pk, f.s, []int{2, 4}, 7, testPublisher)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(vk, p.Groth16, p.Public); err != nil {
		t.Fatal(err)
	}
	if err := Verify(f.vk, p.Groth16, p.Public); err != nil {
		t.Fatal("reloaded keys differ from the originals")
	}
	var other [32]byte
	if _, _, err := c.LoadKeys(other, DefaultKMax); err == nil {
		t.Fatal("loaded keys for an unknown snapshot")
	}
	var buf bytes.Buffer
	if err := WriteVerifyingKey(&buf, f.s.ID, DefaultKMax, f.vk); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadVerifyingKey(bytes.NewReader(buf.Bytes()), other, DefaultKMax); err == nil {
		t.Fatal("verifying key accepted under another cache key")
	}
}

func TestCommitmentEncoding(t *testing.T) {
	e, _ := EncodeList([]int{0, 5, 1<<20 - 2}, 13)
	packed := PackEntries(e)
	if len(packed) != 2 || packed[1].Sign() != 0 {
		t.Fatalf("packing: %v", packed)
	}
	want := new(big.Int).SetUint64(1)
	want.Add(want, new(big.Int).Lsh(big.NewInt(6), 20))
	want.Add(want, new(big.Int).Lsh(big.NewInt(1<<20-1), 40))
	if packed[0].Cmp(want) != 0 {
		t.Fatalf("packed %x, want %x", packed[0], want)
	}
	s1, _ := RandomSalt()
	s2, _ := RandomSalt()
	a, _ := CommitFeed([]int{1, 2}, DefaultKMax, s1)
	b, _ := CommitFeed([]int{1, 2}, DefaultKMax, s2)
	c, _ := CommitLikes([]int{1, 2}, s1)
	if a.Cmp(b) == 0 || a.Cmp(c) == 0 {
		t.Fatal("commitments collide across salts or domains")
	}
}

// fullWitness (used by Prove) lays out the same vector as gnark's reflection.
func TestFullWitnessMatchesReflection(t *testing.T) {
	f := small(t)
	a, _, err := witnessFor(f.s, DefaultKMax, []int{4, 8, 15}, 9, testPublisher)
	if err != nil {
		t.Fatal(err)
	}
	got, err := fullWitness(a)
	if err != nil {
		t.Fatal(err)
	}
	want, err := frontend.NewWitness(a, ecc.BN254.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	gb, _ := got.MarshalBinary()
	wb, _ := want.MarshalBinary()
	if !bytes.Equal(gb, wb) {
		t.Fatal("fullWitness differs from frontend.NewWitness")
	}
	// and for the hashed-M variant, whose extra field comes last
	a.MPriv = make([]frontend.Variable, 3)
	for i := range a.MPriv {
		a.MPriv[i] = i + 1
	}
	got, _ = fullWitness(a)
	want, _ = frontend.NewWitness(a, ecc.BN254.ScalarField())
	gb, _ = got.MarshalBinary()
	wb, _ = want.MarshalBinary()
	if !bytes.Equal(gb, wb) {
		t.Fatal("fullWitness differs from frontend.NewWitness with MPriv")
	}
}

// The proof's third input packs the snapshot id's hash and k: any other id
// (even one differing in a single bit) or k, or a KID off by one tag step,
// fails; statement values outside their ranges are refused before packing.
func TestKIDBinding(t *testing.T) {
	f := small(t)
	a, _, err := witnessFor(f.s, DefaultKMax, []int{1, 2}, 7, testPublisher)
	if err != nil {
		t.Fatal(err)
	}
	mustSolve(t, f.cc, a)
	near := f.s.ID
	near[31] ^= 1
	for name, kid := range map[string]*big.Int{
		"near id":  mustKID(t, near, 7),
		"tag + 1":  new(big.Int).Add(mustKID(t, f.s.ID, 7), big.NewInt(256)),
		"k as tag": new(big.Int).Lsh(big.NewInt(7), 8),
		"bare k":   big.NewInt(7),
	} {
		b := *a
		b.KID = kid
		t.Run(name, func(t *testing.T) { mustNotSolve(t, f.cc, &b) })
	}

	p := proveAndVerify(t, f, []int{1, 2}, 7)
	pub := p.Public
	pub[1] = new(big.Int).Xor(pub[1], big.NewInt(1))
	if Verify(f.vk, p.Groth16, pub) == nil {
		t.Fatal("proof verified with an id differing in one bit")
	}
	for name, mutate := range map[string]func(pi *PublicInputs){
		"hi ≥ 2^128": func(pi *PublicInputs) { pi[0] = new(big.Int).Lsh(big.NewInt(1), 128) },
		"lo ≥ 2^128": func(pi *PublicInputs) { pi[1] = new(big.Int).Add(pi[1], new(big.Int).Lsh(big.NewInt(1), 128)) },
		"C_L + r":    func(pi *PublicInputs) { pi[2] = new(big.Int).Add(pi[2], fr.Modulus()) },
		"C_F + r":    func(pi *PublicInputs) { pi[3] = new(big.Int).Add(pi[3], fr.Modulus()) },
		"k + 256":    func(pi *PublicInputs) { pi[4] = new(big.Int).Add(pi[4], big.NewInt(256)) },
		"k < 0":      func(pi *PublicInputs) { pi[4] = big.NewInt(-1) },
		"k missing":  func(pi *PublicInputs) { pi[4] = nil },
		"publisher ≥ 2^160": func(pi *PublicInputs) {
			pi[5] = new(big.Int).Add(pi[5], new(big.Int).Lsh(big.NewInt(1), 160))
		},
		"publisher missing": func(pi *PublicInputs) { pi[5] = nil },
	} {
		pi := p.Public
		mutate(&pi)
		if _, err := pi.ProofInputs(); err == nil {
			t.Fatalf("%s: accepted", name)
		}
		if Verify(f.vk, p.Groth16, pi) == nil {
			t.Fatalf("%s: verified", name)
		}
	}
	// KID itself: k must fit its byte.
	if _, err := KID(f.s.ID, 256); err == nil {
		t.Fatal("KID accepted k = 256")
	}
}

// The rank check's limbs come from a hint; a prover replacing it cannot
// exempt an unfed profile nor leave a fed one unexempted, and still solve.
func TestRankHintCheats(t *testing.T) {
	f := small(t)
	likes, k := []int{3, 9, 40}, 8
	honest, _ := f.s.Feed(likes, k)
	all := RankFeed(f.s.Scores(likes), likes, f.s.N)
	split := func(d *big.Int, out []*big.Int, base uint) {
		mask := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), base), big.NewInt(1))
		for i := range out {
			out[i].And(d, mask)
			d.Rsh(d, base)
		}
	}
	cheat := func(exempt func(liked, above bool) bool) solver.Option {
		return solver.OverrideHint(solver.GetHintID(rankLimbsHint), func(field *big.Int, in, out []*big.Int) error {
			base, K := uint(in[0].Int64()), uint(in[1].Int64())
			d := new(big.Int).Set(in[2])
			if exempt(in[3].Sign() != 0, d.Cmp(new(big.Int).Rsh(field, 1)) > 0) {
				d.Add(d, new(big.Int).Lsh(big.NewInt(1), K)).Mod(d, field)
			}
			split(d, out, base)
			return nil
		})
	}
	solvesWith := func(a *Circuit, opt solver.Option) bool {
		w, err := frontend.NewWitness(a, ecc.BN254.ScalarField())
		if err != nil {
			t.Fatal(err)
		}
		return f.cc.CS.IsSolved(w, opt) == nil
	}
	honestHint := cheat(func(liked, above bool) bool { return liked || above })
	if !solvesWith(dishonest(t, f, likes, k, honest), honestHint) {
		t.Fatal("the override harness rejects an honest witness")
	}
	everyone := cheat(func(bool, bool) bool { return true })
	onlyLiked := cheat(func(liked, _ bool) bool { return liked })
	for name, opt := range map[string]solver.Option{"everyone exempt": everyone, "fed not exempt": onlyLiked} {
		if solvesWith(dishonest(t, f, likes, k, honest), opt) {
			t.Fatalf("%s: solved", name)
		}
	}
	// Dropping the k-th profile for the (k+1)-th, with the better one
	// "exempt" (or not): both fail.
	bad := slices.Clone(honest)
	bad[k-1] = all[k]
	for name, opt := range map[string]solver.Option{"honest hint": honestHint, "everyone exempt": everyone, "fed not exempt": onlyLiked} {
		if solvesWith(dishonest(t, f, likes, k, bad), opt) {
			t.Fatalf("wrong member, %s: solved", name)
		}
	}
}

// A proof is bound to the address it was made for: it verifies with that
// publisher and with no other, and the circuit cannot be satisfied with a
// publisher that is not a 160-bit address (the contract passes msg.sender).
func TestPublisherBinding(t *testing.T) {
	f := small(t)
	p := proveAndVerify(t, f, []int{2, 30}, 6)
	if p.Public[5].Cmp(testPublisher.Int()) != 0 {
		t.Fatal("the statement does not name the publisher the proof was made for")
	}
	other := testPublisher
	other[19] ^= 1
	for name, b := range map[string]Publisher{"one bit away": other, "zero address": {}} {
		pub := p.Public
		pub[5] = b.Int()
		if Verify(f.vk, p.Groth16, pub) == nil {
			t.Fatalf("%s: a proof for %x verified for %x", name, testPublisher, b)
		}
	}
	a, _, err := witnessFor(f.s, DefaultKMax, []int{2, 30}, 6, testPublisher)
	if err != nil {
		t.Fatal(err)
	}
	mustSolve(t, f.cc, a)
	for name, v := range map[string]*big.Int{
		"2^160":             new(big.Int).Lsh(big.NewInt(1), 160),
		"publisher + 2^160": new(big.Int).Add(testPublisher.Int(), new(big.Int).Lsh(big.NewInt(1), 160)),
		"r − 1":             new(big.Int).Sub(fr.Modulus(), big.NewInt(1)),
	} {
		b := *a
		b.Publisher = v
		t.Run(name, func(t *testing.T) { mustNotSolve(t, f.cc, &b) })
	}
	if err := CheckInputsBound(f.vk); err != nil {
		t.Fatal(err)
	}
}

// Without its range check the publisher would appear in no constraint: its
// verifying-key point is then zero and a proof for one address verifies for
// any other. CheckInputsBound, Verify and ExportVerifier catch such keys.
func TestUnboundPublisherIsCaught(t *testing.T) {
	s := randomSnapshot(16, 8, 11)
	c := newCircuit(s, DefaultKMax)
	c.unboundPublisher = true
	cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c)
	if err != nil {
		t.Fatal(err)
	}
	cc := &CompiledCircuit{CS: cs, SnapshotID: s.ID, KMax: DefaultKMax}
	pk, vk, err := SetupDev(cc)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Prove(cc, pk, s, []int{1}, 3, testPublisher)
	if err != nil {
		t.Fatal(err)
	}
	stolen := p.Public
	stolen[5] = Publisher{0xee, 19: 0xee}.Int()
	w, err := PublicWitness(stolen)
	if err != nil {
		t.Fatal(err)
	}
	// The attack the range check prevents: gnark's own check accepts the
	// proof for another publisher.
	if err := groth16.Verify(p.Groth16, vk, w, solidity.WithVerifierTargetSolidityVerifier(backend.GROTH16)); err != nil {
		t.Fatalf("expected the unbound input to verify with any value: %v", err)
	}
	if err := CheckInputsBound(vk); err == nil {
		t.Fatal("CheckInputsBound accepted a key with an unbound input")
	}
	if Verify(vk, p.Groth16, stolen) == nil || Verify(vk, p.Groth16, p.Public) == nil {
		t.Fatal("Verify accepted a key with an unbound input")
	}
	if err := ExportVerifier(vk, io.Discard); err == nil {
		t.Fatal("ExportVerifier exported a key with an unbound input")
	}
}
