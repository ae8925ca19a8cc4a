package he

import (
	"errors"
	"fmt"
	"math/bits"

	"github.com/tuneinsight/lattigo/v6/core/rlwe"
	"github.com/tuneinsight/lattigo/v6/ring"
	"github.com/tuneinsight/lattigo/v6/schemes/bgv"
)

// SecretKey is a viewer's BGV secret key. Only the locker holds it.
type SecretKey struct{ sk *rlwe.SecretKey }

// PublicKey is the matching public encryption key.
type PublicKey struct{ pk *rlwe.PublicKey }

// Ciphertext is an immutable BGV ciphertext (degree 1, level 0, NTT domain):
// the interest Enc(u), u_j at coefficient j, as the locker keeps it at rest.
type Ciphertext struct{ ct *rlwe.Ciphertext }

// EncryptionKey is a *PublicKey or a *SecretKey.
type EncryptionKey interface{ encryptionKey() rlwe.EncryptionKey }

func (k *SecretKey) encryptionKey() rlwe.EncryptionKey { return k.sk }
func (k *PublicKey) encryptionKey() rlwe.EncryptionKey { return k.pk }

// KeyGen draws a fresh key pair. Lattigo v6.2.0 samples keys with its
// ThreadSafePRNG, whose Read is crypto/rand.Read (utils/sampling/prng.go).
func KeyGen() (*SecretKey, *PublicKey, error) {
	e := getEngine()
	kgen := bgv.NewKeyGenerator(e.params)
	sk, pk := kgen.GenKeyPairNew()
	return &SecretKey{sk}, &PublicKey{pk}, nil
}

// PublicKeyFrom is not offered: Lattigo derives the public key with fresh
// randomness, so a public key is produced only together with its secret key.

// encodeCoeffs writes t^{-1}·values (coefficient i = values[i], each < t)
// into a level-0 polynomial in the NTT domain: Lattigo's BGV stores
// Enc(t^{-1}·m), so this is how a message is encrypted or added to a
// ciphertext.
func (e *engine) encodeCoeffs(dst ring.Poly, values []uint64) {
	c := dst.Coeffs[0]
	n := copy(c, values)
	clear(c[n:])
	e.ringQ.MulScalar(dst, e.tInvQ, dst)
	e.ringQ.NTT(dst, dst)
}

// Encrypt encrypts the interest vector u (len 1..MaxD, entries 0..MaxInterest)
// with a public or secret key, coefficient-packed: u_j at coefficient j.
func Encrypt(key EncryptionKey, u []uint64) (*Ciphertext, error) {
	if key == nil || isNilKey(key) {
		return nil, errors.New("he: encrypt: nil key")
	}
	if len(u) < 1 || len(u) > MaxD {
		return nil, fmt.Errorf("he: encrypt: vector length %d outside [1, %d]", len(u), MaxD)
	}
	for j, v := range u {
		if v > MaxInterest {
			return nil, fmt.Errorf("he: encrypt: coordinate %d exceeds the maximum interest %d", j, MaxInterest)
		}
	}
	e := getEngine()
	pt := bgv.NewPlaintext(e.params, 0)
	pt.IsBatched = false
	e.encodeCoeffs(pt.Value, u)
	ct := e.newCiphertext()
	if err := rlwe.NewEncryptor(e.params, key.encryptionKey()).Encrypt(pt, ct); err != nil {
		return nil, fmt.Errorf("he: encrypt: %w", err)
	}
	return &Ciphertext{ct}, nil
}

func isNilKey(k EncryptionKey) bool {
	switch k := k.(type) {
	case *SecretKey:
		return k == nil || k.sk == nil
	case *PublicKey:
		return k == nil || k.pk == nil
	}
	return true
}

// EncryptZero returns an encryption of the zero interest vector (empty like-set).
func EncryptZero(key EncryptionKey) (*Ciphertext, error) {
	return Encrypt(key, []uint64{0})
}

// AddRow returns Enc(u + row) without decrypting: the plaintext row
// (len 1..MaxD, entries 0..MaxFeature) is added to the message coefficients.
// Plaintext addition adds no noise.
func AddRow(c *Ciphertext, row []uint8) (*Ciphertext, error) { return addRow(c, row, false) }

// SubRow returns Enc(u − row) (an unlike). Subtracting a row that was never
// added wraps modulo t; the locker only subtracts rows it added.
func SubRow(c *Ciphertext, row []uint8) (*Ciphertext, error) { return addRow(c, row, true) }

func addRow(c *Ciphertext, row []uint8, sub bool) (*Ciphertext, error) {
	if c == nil || c.ct == nil {
		return nil, errors.New("he: add row: nil ciphertext")
	}
	if len(row) < 1 || len(row) > MaxD {
		return nil, fmt.Errorf("he: add row: row length %d outside [1, %d]", len(row), MaxD)
	}
	vals := make([]uint64, len(row))
	for j, v := range row {
		if v > MaxFeature {
			return nil, fmt.Errorf("he: add row: feature %d is %d, above %d", j, v, MaxFeature)
		}
		vals[j] = uint64(v)
	}
	e := getEngine()
	delta := e.ringQ.NewPoly()
	e.encodeCoeffs(delta, vals)
	out := c.ct.CopyNew()
	if sub {
		e.ringQ.Sub(out.Value[0], delta, out.Value[0])
	} else {
		e.ringQ.Add(out.Value[0], delta, out.Value[0])
	}
	return &Ciphertext{out}, nil
}

// Rerandomize returns c + Enc_pk(0): the same message under a fresh public-key
// encryption of zero. AddRow alone leaves c1 unchanged and moves c0 by a
// public, catalog-determined amount, so two stored versions of one Enc(u)
// would differ by exactly the liked row; after Rerandomize both components
// are fresh RLWE samples and the difference of two versions reveals nothing
// without the secret key. Each call adds one fresh encryption's noise
// (docs/he-engine.md, "Re-randomization": the bound on the number of writes).
func Rerandomize(pk *PublicKey, c *Ciphertext) (*Ciphertext, error) {
	if pk == nil || pk.pk == nil {
		return nil, errors.New("he: rerandomize: nil public key")
	}
	if c == nil || c.ct == nil {
		return nil, errors.New("he: rerandomize: nil ciphertext")
	}
	e := getEngine()
	zero := e.newCiphertext()
	if err := rlwe.NewEncryptor(e.params, pk.pk).EncryptZero(zero); err != nil {
		return nil, fmt.Errorf("he: rerandomize: %w", err)
	}
	out := c.ct.CopyNew()
	e.ringQ.Add(out.Value[0], zero.Value[0], out.Value[0])
	e.ringQ.Add(out.Value[1], zero.Value[1], out.Value[1])
	return &Ciphertext{out}, nil
}

// decryptRaw decrypts c and returns, for every coefficient i, the centred
// value x_i = [t·(c0 + c1·s)]_q ∈ (−q/2, q/2] (message plus t·noise).
func decryptRaw(sk *SecretKey, c *Ciphertext) ([]int64, error) {
	if sk == nil || sk.sk == nil {
		return nil, errors.New("he: decrypt: nil secret key")
	}
	if c == nil || c.ct == nil {
		return nil, errors.New("he: decrypt: nil ciphertext")
	}
	e := getEngine()
	pt := rlwe.NewPlaintext(e.params, 0)
	rlwe.NewDecryptor(e.params, sk.sk).Decrypt(c.ct, pt)
	if pt.IsNTT {
		e.ringQ.INTT(pt.Value, pt.Value)
	}
	q, t := e.q, e.t
	half := q >> 1
	out := make([]int64, len(pt.Value.Coeffs[0]))
	for i, v := range pt.Value.Coeffs[0] {
		hi, lo := bits.Mul64(v, t)
		_, r := bits.Div64(hi, lo, q) // hi < q since v < q and t < q
		if r > half {
			out[i] = -int64(q - r)
		} else {
			out[i] = int64(r)
		}
	}
	return out, nil
}

func (e *engine) reduceT(x int64) uint64 {
	t := int64(e.t)
	m := x % t
	if m < 0 {
		m += t
	}
	return uint64(m)
}

// Decrypt decrypts an interest ciphertext and returns its first d coefficients
// (modulo t). It is for the locker and for tests.
func Decrypt(sk *SecretKey, c *Ciphertext, d int) ([]uint64, error) {
	if err := checkD(d); err != nil {
		return nil, err
	}
	raw, err := decryptRaw(sk, c)
	if err != nil {
		return nil, err
	}
	e := getEngine()
	out := make([]uint64, d)
	for j := range out {
		out[j] = e.reduceT(raw[j])
	}
	return out, nil
}
