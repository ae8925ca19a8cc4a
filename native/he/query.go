package he

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"github.com/tuneinsight/lattigo/v6/ring"
)

// Query is an interest vector u prepared for slot-packed scoring against
// models with D features and folding factor G: H = ⌈D/G⌉ BGV ciphertexts
// (c0_h, a_h) with c0_h + a_h·s = t^{-1}·U_h + e_h (mod q), U_h as in
// slots.go, in the NTT domain. They are secret-key encryptions (the locker
// holds s while the viewer's session is open): fresh noise e_h is a rounded
// Gaussian of σ = 3.2 (noise.go), about 74 times (6 bits) smaller than a
// public-key encryption's u·e + e0 + e1·s, which is what leaves room for the
// slot-encoded plaintexts (coefficients up to t/2) within one 60-bit modulus. The a_h are expanded from a public
// 32-byte seed, so a query is sent as the seed plus the c0_h.
//
// A Query is immutable and safe for concurrent use.
type Query struct {
	d, g, h int
	seed    [SeedBytes]byte
	c0      []uint64 // n·H residues, k-major: c0[k·H + h] is c0_h at NTT point k
	a       []uint64 // idem for a_h, expanded from seed
}

// D is the feature count, Groups the folding factor G, Seed the public seed
// of the c1 components (a reply echoes it).
func (q *Query) D() int                { return q.d }
func (q *Query) Groups() int           { return q.g }
func (q *Query) Seed() [SeedBytes]byte { return q.seed }

// Ciphertexts is H = ⌈D/G⌉, the number of ciphertexts in the query.
func (q *Query) Ciphertexts() int { return q.h }

// QueryBytes is the serialized size of a query for d features and factor g.
func QueryBytes(d, g int) int64 {
	return int64(headerLen + queryHeaderLen + ringDegree*queryWidth(d, g)*qBits/8)
}

// BuildQuery encrypts u (len 1..MaxD, entries ≤ MaxInterest) under the
// secret key for scoring by models with len(u) features and factor g, on
// up to workers goroutines (0 = GOMAXPROCS).
func BuildQuery(sk *SecretKey, u []uint64, g, workers int) (*Query, error) {
	if sk == nil || sk.sk == nil {
		return nil, errors.New("he: query: nil secret key")
	}
	if len(u) < MinD || len(u) > MaxD {
		return nil, fmt.Errorf("he: query: vector length %d outside [%d, %d]", len(u), MinD, MaxD)
	}
	for j, v := range u {
		if v > MaxInterest {
			return nil, fmt.Errorf("he: query: coordinate %d exceeds the maximum interest %d", j, MaxInterest)
		}
	}
	if err := checkGroups(g); err != nil {
		return nil, err
	}
	q := &Query{d: len(u), g: g, h: queryWidth(len(u), g)}
	if _, err := rand.Read(q.seed[:]); err != nil {
		return nil, fmt.Errorf("he: query: seed: %w", err)
	}
	q.a = make([]uint64, ringDegree*q.h)
	expandSeed(q.seed, q.h, q.a, workers)
	q.c0 = make([]uint64, ringDegree*q.h)
	e := getEngine()
	sNTT := sk.sk.Value.Q.Coeffs[0] // NTT and Montgomery form (Lattigo's key generator)
	var mu sync.Mutex
	var failed error
	parallelBlocks(0, q.h, workers, func() func(int) {
		noise, err := newNoiseSampler()
		if err != nil {
			mu.Lock()
			failed = err
			mu.Unlock()
			return func(int) {}
		}
		poly := e.ringQ.NewPoly()
		return func(h int) {
			// coefficient domain: e_h + t^{-1}·U_h
			c := poly.Coeffs[0]
			noise.read(c, e.q)
			for gi := 0; gi < g && h*g+gi < q.d; gi++ {
				k := gi * (ringDegree / g)
				c[k] = ring.CRed(c[k]+ring.BRed(u[h*g+gi], e.tInvQ, e.q, e.qBRed), e.q)
			}
			e.ringQ.NTT(poly, poly)
			for k, v := range c {
				i := k*q.h + h
				as := ring.MRed(q.a[i], sNTT[k], e.q, e.ringQ.SubRings[0].MRedConstant)
				q.c0[i] = ring.CRed(v+e.q-as, e.q)
			}
		}
	})
	if failed != nil {
		return nil, fmt.Errorf("he: query: noise sampler: %w", failed)
	}
	return q, nil
}

// BuildQueryFromInterest decrypts the coefficient-packed interest Enc(u)
// kept at rest and builds the query from it, so that u never leaves the
// engine. d is the model's feature count.
func BuildQueryFromInterest(sk *SecretKey, interest *Ciphertext, d, g, workers int) (*Query, error) {
	u, err := Decrypt(sk, interest, d)
	if err != nil {
		return nil, err
	}
	defer clear(u)
	return BuildQuery(sk, u, g, workers)
}

// Seed expansion. The a_h of a query are uniform residues mod q drawn from
// AES-256 in counter mode keyed by the seed: the n NTT points are cut into
// chunks of seedChunk points, chunk i reads its own key stream (initial
// counter block = i as a big-endian uint64, then 8 zero bytes), as
// little-endian 64-bit words masked to qBits bits, rejecting values ≥ q
// (probability 2^-46 per word), filling a[k·H + h] for its points k in
// order of k then h. Chunks make the expansion parallel and reproducible.
const seedChunk = 64

func expandSeed(seed [SeedBytes]byte, h int, a []uint64, workers int) {
	block, err := aes.NewCipher(seed[:])
	if err != nil {
		panic(fmt.Sprintf("he: AES-256 with a %d-byte key: %v", SeedBytes, err)) // cannot happen
	}
	q := getEngine().q
	const mask = 1<<qBits - 1
	parallelBlocks(0, ringDegree/seedChunk, workers, func() func(int) {
		buf := make([]byte, 8*seedChunk*h)
		var more [8]byte
		return func(chunk int) {
			var iv [aes.BlockSize]byte
			binary.BigEndian.PutUint64(iv[:8], uint64(chunk))
			stream := cipher.NewCTR(block, iv[:])
			out := a[chunk*seedChunk*h : (chunk+1)*seedChunk*h]
			clear(buf)
			stream.XORKeyStream(buf, buf)
			pos := 0
			for i := range out {
				for {
					var v uint64
					if pos < len(buf) {
						v = binary.LittleEndian.Uint64(buf[pos:]) & mask
						pos += 8
					} else { // rejections used up the buffer: read on in the same stream
						clear(more[:])
						stream.XORKeyStream(more[:], more[:])
						v = binary.LittleEndian.Uint64(more[:]) & mask
					}
					if v < q {
						out[i] = v
						break
					}
				}
			}
		}
	})
}
