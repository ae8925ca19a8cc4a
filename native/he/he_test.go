package he

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/tuneinsight/lattigo/v6/core/rlwe"
	"github.com/tuneinsight/lattigo/v6/schemes/bgv"
)

var (
	testSK *SecretKey
	testPK *PublicKey
)

func keys(t testing.TB) (*SecretKey, *PublicKey) {
	t.Helper()
	if testSK == nil {
		sk, pk, err := KeyGen()
		if err != nil {
			t.Fatal(err)
		}
		testSK, testPK = sk, pk
	}
	return testSK, testPK
}

// noiseBudget returns the remaining noise budget of c in bits:
// log2(q/2) − log2(max_i |[t·(c0 + c1·s)]_q|). Decryption is correct while it
// is positive.
func noiseBudget(t testing.TB, sk *SecretKey, c *Ciphertext) float64 {
	t.Helper()
	raw, err := decryptRaw(sk, c)
	if err != nil {
		t.Fatal(err)
	}
	var mx float64 = 1
	for _, x := range raw {
		mx = max(mx, math.Abs(float64(x)))
	}
	return math.Log2(float64(getEngine().q)/2) - math.Log2(mx)
}

func TestAddThenSubRestores(t *testing.T) {
	sk, pk := keys(t)
	rng := rand.New(rand.NewPCG(5, 6))
	u := make([]uint64, 64)
	for j := range u {
		u[j] = uint64(rng.IntN(MaxInterest - MaxFeature))
	}
	ct, err := Encrypt(pk, u)
	if err != nil {
		t.Fatal(err)
	}
	row := make([]uint8, 64)
	for j := range row {
		row[j] = uint8(rng.IntN(16))
	}
	added, err := AddRow(ct, row)
	if err != nil {
		t.Fatal(err)
	}
	fresh := noiseBudget(t, sk, ct)
	afterAdd := noiseBudget(t, sk, added)
	if fresh < 20 || afterAdd < fresh-1 {
		t.Fatalf("noise budget fresh %.1f bits, after a plaintext add %.1f bits", fresh, afterAdd)
	}
	t.Logf("noise budget: fresh %.1f bits, after AddRow %.1f bits", fresh, afterAdd)
	got, _ := Decrypt(sk, added, 64)
	for j := range u {
		if got[j] != u[j]+uint64(row[j]) {
			t.Fatalf("after add: coordinate %d is %d, want %d", j, got[j], u[j]+uint64(row[j]))
		}
	}
	back, err := SubRow(added, row)
	if err != nil {
		t.Fatal(err)
	}
	got, _ = Decrypt(sk, back, 64)
	for j := range u {
		if got[j] != u[j] {
			t.Fatalf("after add+sub: coordinate %d is %d, want %d", j, got[j], u[j])
		}
	}
	// the input ciphertext is unchanged (objects are immutable)
	got, _ = Decrypt(sk, ct, 64)
	for j := range u {
		if got[j] != u[j] {
			t.Fatal("AddRow modified its input")
		}
	}
}

func TestSecretKeyEncryption(t *testing.T) {
	sk, _ := keys(t)
	u := []uint64{1, 2, 3, MaxInterest}
	ct, err := Encrypt(sk, u)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := Decrypt(sk, ct, 4)
	for j := range u {
		if got[j] != u[j] {
			t.Fatalf("coordinate %d: %d want %d", j, got[j], u[j])
		}
	}
}

func TestWrongKeyDoesNotDecrypt(t *testing.T) {
	_, pk := keys(t)
	other, _, _ := KeyGen()
	u := []uint64{7, 8, 9}
	ct, _ := Encrypt(pk, u)
	got, _ := Decrypt(other, ct, 3)
	if got[0] == 7 && got[1] == 8 && got[2] == 9 {
		t.Fatal("another key decrypted the vector")
	}
}

func TestSecurityAndBounds(t *testing.T) {
	p := params()
	if max := MaxLogQPFor128(p.LogN()); max == 0 || p.LogQP() > float64(max) {
		t.Fatalf("log2(QP)=%.2f at logN=%d exceeds the HE-standard 128-bit bound %d", p.LogQP(), p.LogN(), max)
	}
	if MaxLogQPFor128(12) != 109 || MaxLogQPFor128(13) != 218 {
		t.Fatal("HE standard table changed")
	}
	if p.PCount() != 0 {
		t.Fatal("unexpected special modulus")
	}
	for d := MinD; d <= MaxD; d++ {
		if MaxScore(d) >= p.PlaintextModulus() {
			t.Fatalf("d=%d: max score %d ≥ t=%d", d, MaxScore(d), p.PlaintextModulus())
		}
		info, err := ParamsInfo(d)
		if err != nil || info.D != d || info.MaxScore != MaxScore(d) || info.RingDegree != ringDegree || info.T != p.PlaintextModulus() {
			t.Fatalf("d=%d: bad info %+v %v", d, info, err)
		}
	}
	// the bound formula matches the definition: 15 · (15·Lmax) · D + w·b
	if MaxScore(MaxD) != 15*15*MaxLikes*MaxD+MaxWeight*MaxPrior {
		t.Fatal("MaxScore formula")
	}
	if _, err := ParamsInfo(0); err == nil {
		t.Fatal("d=0 accepted")
	}
	if _, err := ParamsInfo(MaxD + 1); err == nil {
		t.Fatal("d>MaxD accepted")
	}
}

func TestInputValidation(t *testing.T) {
	sk, pk := keys(t)
	if _, err := Encrypt(pk, nil); err == nil {
		t.Error("empty vector accepted")
	}
	if _, err := Encrypt(pk, make([]uint64, MaxD+1)); err == nil {
		t.Error("too long vector accepted")
	}
	if _, err := Encrypt(pk, []uint64{MaxInterest + 1}); err == nil {
		t.Error("too large coordinate accepted")
	}
	if _, err := Encrypt((*PublicKey)(nil), []uint64{1}); err == nil {
		t.Error("nil key accepted")
	}
	ct, _ := Encrypt(pk, []uint64{1})
	if _, err := AddRow(ct, []uint8{16}); err == nil {
		t.Error("feature 16 accepted")
	}
	if _, err := AddRow(ct, nil); err == nil {
		t.Error("empty row accepted")
	}
	if _, err := AddRow(nil, []uint8{1}); err == nil {
		t.Error("nil ciphertext accepted")
	}
	if _, err := Decrypt(sk, ct, 0); err == nil {
		t.Error("d=0 accepted by Decrypt")
	}
	if _, err := Decrypt(sk, nil, 1); err == nil {
		t.Error("nil ciphertext accepted by Decrypt")
	}
	newModel := func(d, n int, mat []uint8, prior []uint64, w uint64) error {
		_, err := NewSlotModel(d, n, mat, prior, w, SlotOptions{})
		return err
	}
	if err := newModel(64, 2, make([]uint8, 127), make([]uint64, 2), 1); err == nil {
		t.Error("short matrix accepted")
	}
	if err := newModel(64, 2, make([]uint8, 128), make([]uint64, 3), 1); err == nil {
		t.Error("prior length mismatch accepted")
	}
	if err := newModel(64, 1, append(make([]uint8, 63), 16), make([]uint64, 1), 1); err == nil {
		t.Error("feature 16 accepted")
	}
	if err := newModel(64, 1, make([]uint8, 64), []uint64{MaxPrior + 1}, 1); err == nil {
		t.Error("prior too large accepted")
	}
	if err := newModel(64, 1, make([]uint8, 64), []uint64{1}, MaxWeight+1); err == nil {
		t.Error("weight too large accepted")
	}
	if err := newModel(0, 1, nil, []uint64{1}, 1); err == nil {
		t.Error("d=0 accepted")
	}
	if err := newModel(MaxD+1, 1, make([]uint8, MaxD+1), []uint64{1}, 1); err == nil {
		t.Error("d>MaxD accepted")
	}
	if err := newModel(64, 0, nil, nil, 1); err == nil {
		t.Error("n=0 accepted")
	}
}

func TestSerializationRoundTrip(t *testing.T) {
	sk, pk := keys(t)
	u := []uint64{3, 1, 4, 1, 5}
	ct, _ := Encrypt(pk, u)
	skb, _ := sk.MarshalBinary()
	pkb, _ := pk.MarshalBinary()
	ctb, _ := ct.MarshalBinary()
	sk2, err := UnmarshalSecretKey(skb)
	if err != nil {
		t.Fatal(err)
	}
	pk2, err := UnmarshalPublicKey(pkb)
	if err != nil {
		t.Fatal(err)
	}
	ct2, err := UnmarshalCiphertext(ctb)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := Decrypt(sk2, ct2, 5)
	for j := range u {
		if got[j] != u[j] {
			t.Fatal("round trip changed the plaintext")
		}
	}
	ct3, _ := Encrypt(pk2, u)
	got, _ = Decrypt(sk, ct3, 5)
	for j := range u {
		if got[j] != u[j] {
			t.Fatal("deserialized public key does not encrypt for the secret key")
		}
	}
	for _, b := range [][]byte{skb, pkb, ctb} {
		if _, _, err := Unmarshal(b); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("sizes: secret key %d B, public key %d B, ciphertext %d B", len(skb), len(pkb), len(ctb))
}

func TestMalformedInputs(t *testing.T) {
	sk, pk := keys(t)
	ct, _ := Encrypt(pk, []uint64{1})
	ctb, _ := ct.MarshalBinary()
	skb, _ := sk.MarshalBinary()
	pkb, _ := pk.MarshalBinary()
	mut := func(b []byte, f func([]byte) []byte) []byte { return f(append([]byte(nil), b...)) }
	cases := map[string][]byte{
		"empty":          {},
		"short header":   ctb[:5],
		"truncated":      ctb[:len(ctb)-1],
		"trailing":       append(append([]byte(nil), ctb...), 0),
		"bad magic":      mut(ctb, func(b []byte) []byte { b[0] = 'X'; return b }),
		"bad version":    mut(ctb, func(b []byte) []byte { b[4] = 99; return b }),
		"wrong kind":     mut(ctb, func(b []byte) []byte { b[5] = byte(KindPublicKey); return b }),
		"unknown params": mut(ctb, func(b []byte) []byte { b[6] = 7; return b }),
		"length lies":    mut(ctb, func(b []byte) []byte { b[7] = 0x7f; return b }),
		"secret key":     skb,
		"public key":     pkb,
		"random":         bytes.Repeat([]byte{0xA5}, len(ctb)),
		"unreduced coefficient": mut(ctb, func(b []byte) []byte {
			// set the last coefficient to 2^64-1 (≥ q)
			for i := len(b) - 8; i < len(b); i++ {
				b[i] = 0xff
			}
			return b
		}),
		"structure byte": mut(ctb, func(b []byte) []byte { b[headerLen+1] ^= 0x40; return b }),
	}
	for name, b := range cases {
		_, err := UnmarshalCiphertext(b)
		if err == nil {
			t.Errorf("%s: accepted", name)
		} else if !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: error %v does not wrap ErrMalformed", name, err)
		}
	}
	// a frame with a ciphertext of another ring size (n = 2^11 payload)
	small := frame(KindCiphertext, make([]byte, (len(ctb)-headerLen)/2))
	if _, err := UnmarshalCiphertext(small); err == nil {
		t.Error("half-size ciphertext accepted")
	}
	if _, err := UnmarshalSecretKey(pkb); err == nil {
		t.Error("public key accepted as secret key")
	}
	if _, err := UnmarshalPublicKey(skb); err == nil {
		t.Error("secret key accepted as public key")
	}
	if _, _, err := Unmarshal(mut(ctb, func(b []byte) []byte { b[5] = 9; return b })); err == nil {
		t.Error("unknown kind accepted")
	}
}

// TestDecodeMatchesLattigo cross-checks the engine's decoding against
// Lattigo's own decryptor and BGV coefficient decoder.
func TestDecodeMatchesLattigo(t *testing.T) {
	sk, pk := keys(t)
	u := []uint64{0, 1, 2, 3, MaxInterest, 42}
	ct, _ := Encrypt(pk, u)
	e := getEngine()
	pt := rlwe.NewDecryptor(e.params, sk.sk).DecryptNew(ct.ct)
	got := make([]uint64, e.params.N())
	if err := bgv.NewEncoder(e.params).Decode(pt, got); err != nil {
		t.Fatal(err)
	}
	mine, _ := Decrypt(sk, ct, len(u))
	for j := range u {
		if got[j] != u[j] || mine[j] != u[j] {
			t.Fatalf("coordinate %d: lattigo %d, engine %d, want %d", j, got[j], mine[j], u[j])
		}
	}
	for j := len(u); j < len(got); j++ {
		if got[j] != 0 {
			t.Fatalf("coefficient %d is %d, want 0", j, got[j])
		}
	}
}
