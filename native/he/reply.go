package he

import (
	"errors"
	"fmt"
	"math"

	"github.com/tuneinsight/lattigo/v6/ring"
)

// Reply is the encrypted scores of consecutive blocks of a SlotModel for one
// Query: per block a ciphertext (c0, c1) of two polynomials of n = 4096
// coefficients. Scoring leaves it mod q in the NTT domain, which is decrypted
// directly while it stays in the process; serialized (and so parsed) it is
// switched to c0' mod 2^28 and c1' mod 2^32 in the coefficient domain.
//
// Decryption. Before the switch, a block is (c0, c1) mod q with
//
//	c0 + c1·s = t^{-1}·(m + t·K) + E   (mod q),
//
// where m is the block's score plaintext reduced mod t, K the integer carry
// of the plaintext products (|K| ≤ 750·D + 1) and E = Σ_h P_h·e_h the query
// noise multiplied by the block plaintexts. Writing t·t^{-1} = 1 + λ·q
// (λ ≡ −q^{-1} mod t), t^{-1}·m ≡ β·q/t + m/t (mod q) with β = λ·m mod t: the
// value is an MSB encoding of β: β = round(t·(c0 + c1·s mod q)/q) mod t
// while |t·(m/t + K + E)/q| < 1/2. And the evaluator can drop low-order bits
// — it sends c0' = round(2^28·c0/q) mod 2^28 and c1' = round(2^32·c1/q)
// mod 2^32 — and the locker recovers β = round(t·v/2^32) mod t with
// v = 2^4·c0' + c1'·s mod 2^32, and m = −q·β mod t, as long as
// |t·(m/t + K + E)/q + t·(2^4·r0 + r1·s)/2^32| < 1/2, r_i being the rounding
// errors. The analysis of that bound (a failure probability below 2^-130 per
// coefficient at the worst case) is in docs/he-engine.md.
//
// A Reply is immutable once built or parsed.
type Reply struct {
	d, g       int
	seed       [SeedBytes]byte // the query's seed: a reply is only decrypted with its own query
	firstBlock int
	blocks     int
	rows       int // catalog rows covered; only the catalog's last block may be partial
	// exactly one of:
	ntt []uint64 // in-process form: blocks × (c0 then c1), mod q, NTT domain
	c   []uint32 // switched form: blocks × (c0' then c1'), coefficient domain
}

// ReplyBlockBytes is the serialized size of one reply block: n coefficients
// of 28 bits and n of 32 bits, 30,720 bytes.
const ReplyBlockBytes = ringDegree * (replyC0Bits + replyBits) / 8

// FirstBlock, Blocks, FirstRow and Rows locate the reply in the catalog.
func (r *Reply) FirstBlock() int { return r.firstBlock }
func (r *Reply) Blocks() int     { return r.blocks }
func (r *Reply) FirstRow() int   { return r.firstBlock * r.rowsPerBlock() }
func (r *Reply) Rows() int       { return r.rows }

func (r *Reply) rowsPerBlock() int { return ringDegree / r.g }

func (r *Reply) blockRows(i int) int {
	return min(r.rowsPerBlock(), r.rows-i*r.rowsPerBlock())
}

// checkPair rejects decrypting a reply with a query it was not made for.
func checkPair(q *Query, r *Reply) error {
	switch {
	case q == nil || q.c0 == nil:
		return errors.New("he: decrypt: nil query")
	case r == nil || (r.c == nil && r.ntt == nil):
		return errors.New("he: decrypt: nil reply")
	case q.seed != r.seed:
		return errors.New("he: decrypt: the reply was made for another query")
	case q.d != r.d || q.g != r.g:
		return fmt.Errorf("he: decrypt: reply for D=%d, G=%d, query for D=%d, G=%d", r.d, r.g, q.d, q.g)
	}
	return nil
}

// DecryptReply decrypts the scores of rows FirstRow … FirstRow+Rows−1 on up
// to workers goroutines (0 = GOMAXPROCS).
func DecryptReply(sk *SecretKey, q *Query, r *Reply, workers int) ([]uint32, error) {
	if sk == nil || sk.sk == nil {
		return nil, errors.New("he: decrypt: nil secret key")
	}
	if err := checkPair(q, r); err != nil {
		return nil, err
	}
	out := make([]uint32, r.rows)
	rpb := r.rowsPerBlock()
	parallelBlocks(0, r.blocks, workers, func() func(int) {
		bd := newBlockDecryptor(sk, r.g)
		return func(i int) {
			bd.decrypt(r, i, out[i*rpb:i*rpb+r.blockRows(i)], nil)
		}
	})
	return out, nil
}

// ReplyNoise returns, over every coefficient of the reply, the largest
// distance from an integer of t·(c0 + c1·s mod q)/q (in-process form) or
// t·(2^4·c0' + c1'·s mod 2^32)/2^32 (switched form): decryption is correct
// while it is below 1/2, and log2(0.5/ReplyNoise) is the margin in bits. It
// needs the secret key and is meant for tests and monitoring.
func ReplyNoise(sk *SecretKey, q *Query, r *Reply) (float64, error) {
	if sk == nil || sk.sk == nil {
		return 0, errors.New("he: noise: nil secret key")
	}
	if err := checkPair(q, r); err != nil {
		return 0, err
	}
	bd := newBlockDecryptor(sk, r.g)
	worst := 0.0
	scratch := make([]uint32, r.rowsPerBlock())
	for i := 0; i < r.blocks; i++ {
		bd.decrypt(r, i, scratch[:r.blockRows(i)], &worst)
	}
	return worst, nil
}

// blockDecryptor holds one goroutine's scratch space for decryption.
type blockDecryptor struct {
	e    *engine
	lay  *slotLayout
	s    ring.Poly // the secret key, NTT + Montgomery form (shared, read only)
	x    ring.Poly // mod q scratch
	m    ring.Poly // mod t scratch
	sums []uint64
}

func newBlockDecryptor(sk *SecretKey, g int) *blockDecryptor {
	e := getEngine()
	return &blockDecryptor{e: e, lay: e.layouts[g], s: sk.sk.Value.Q, x: e.ringQ.NewPoly(), m: e.ringT.NewPoly(),
		sums: make([]uint64, ringDegree/g)}
}

// decrypt decodes block i of r into out (its first len(out) rows). With
// noise != nil it also raises *noise to the block's largest distance from the
// decoding grid.
func (bd *blockDecryptor) decrypt(r *Reply, i int, out []uint32, noise *float64) {
	var worst float64
	if r.ntt != nil {
		worst = bd.decodeNTT(r.ntt[i*2*ringDegree : (i+1)*2*ringDegree])
	} else {
		worst = bd.decodeSwitched(r.c[i*2*ringDegree : (i+1)*2*ringDegree])
	}
	if noise != nil {
		*noise = math.Max(*noise, worst)
	}
	bd.slotsToScores(out)
}

// decodeNTT computes v = c0 + c1·s mod q (NTT domain, one product, one
// inverse NTT) and leaves β = round(t·v/q) mod t in bd.m; it returns the
// largest distance of t·v/q from an integer. The float64 quotient is within
// 2^-30 of t·v/q, far inside the noise margin.
func (bd *blockDecryptor) decodeNTT(c []uint64) float64 {
	e := bd.e
	x := bd.x.Coeffs[0]
	copy(x, c[:ringDegree])
	c1 := ring.Poly{Coeffs: [][]uint64{c[ringDegree:]}}
	e.ringQ.MulCoeffsMontgomeryThenAdd(c1, bd.s, bd.x)
	e.ringQ.INTT(bd.x, bd.x)
	m := bd.m.Coeffs[0]
	scale := float64(e.t) / float64(e.q)
	worst := 0.0
	for i, v := range x {
		f := float64(v) * scale
		beta := math.Round(f)
		worst = math.Max(worst, math.Abs(f-beta))
		m[i] = uint64(beta) % plaintextModulus
	}
	return worst
}

// decodeSwitched does the same for a switched block (c = c0' ‖ c1'):
// v = 2^4·c0' + c1'·s mod 2^32 and β = round(t·v/2^32) mod t.
func (bd *blockDecryptor) decodeSwitched(c []uint32) float64 {
	e, n := bd.e, ringDegree
	q, t := e.q, e.t
	// c1'·s over the integers: |c1'| ≤ 2^31 centred and s ternary, so every
	// coefficient is below n·2^31 = 2^43 < q/2 and the product mod q is exact.
	x := bd.x.Coeffs[0]
	for i, v := range c[n:] {
		if v >= 1<<31 {
			x[i] = q - (1<<32 - uint64(v))
		} else {
			x[i] = uint64(v)
		}
	}
	e.ringQ.NTTLazy(bd.x, bd.x) // < 6q: still a valid Montgomery operand since 6q < 2^64
	e.ringQ.MulCoeffsMontgomery(bd.x, bd.s, bd.x)
	e.ringQ.INTT(bd.x, bd.x)
	m := bd.m.Coeffs[0]
	worst := 0.0
	for i, v := range x {
		// v is c1'·s mod q; take the centred integer, then reduce mod 2^32.
		var y uint32
		if v > q>>1 {
			y = -uint32(q - v)
		} else {
			y = uint32(v)
		}
		w := uint64(c[i]<<(replyBits-replyC0Bits) + y) // 2^4·c0' + c1'·s mod 2^32
		tw := w * t                                    // < 2^54
		beta := (tw + 1<<31) >> 32
		frac := float64(tw&(1<<32-1)) / (1 << 32)
		worst = math.Max(worst, math.Min(frac, 1-frac))
		if beta == t {
			beta = 0
		}
		m[i] = beta // the factor −q (mod t) is applied to the row sums
	}
	return worst
}

// slotsToScores turns the β polynomial in bd.m into the rows' scores: slots
// by one NTT mod t, each row summing its G slots, times −q (mod t).
func (bd *blockDecryptor) slotsToScores(out []uint32) {
	e := bd.e
	m := bd.m.Coeffs[0]
	e.ringT.NTTLazy(bd.m, bd.m) // < 6t, so the sums below stay far from overflow
	sums := bd.sums
	clear(sums)
	for _, pos := range bd.lay.pos {
		for r, p := range pos {
			sums[r] += m[p]
		}
	}
	for r := range out {
		out[r] = uint32(sums[r] % plaintextModulus * e.qNegT % plaintextModulus) // constant modulus: no division
	}
}
