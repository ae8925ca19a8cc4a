package he

import (
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/tuneinsight/lattigo/v6/ring"
)

// Coefficient packing.
//
// Let n = 4096 be the ring degree, D the feature count and R = ⌊n/D⌋ the rows
// per block. The interest ciphertext encrypts U(X) = Σ_{j<D} u_j·X^j. Block i
// covers catalog rows i·R … i·R+R−1 (the last block may be partial) and is the
// plaintext
//
//	P_i(X) = Σ_{r<R} Σ_{j<D} M[i·R+r][j] · X^{r·D + D−1−j}.
//
// Claim: coefficient k_r = r·D + D − 1 of P_i·U in Z_t[X]/(X^n + 1) is
// Σ_j M[i·R+r][j]·u_j, the dot product of row i·R+r with u.
//
// Proof. In the negacyclic ring, coefficient k of P·U is
//
//	Σ_{a+b=k} P_a·U_b  −  Σ_{a+b=k+n} P_a·U_b     (0 ≤ a, b < n).
//
// U_b ≠ 0 only for 0 ≤ b ≤ D−1, and P_a ≠ 0 only for 0 ≤ a ≤ R·D − 1 ≤ n − 1.
// Wraparound term: a = k_r + n − b ≥ r·D + D − 1 + n − (D − 1) = r·D + n ≥ n,
// outside P's support, so the negacyclic term is empty for every r < R.
// Direct term: a = k_r − b = r·D + (D − 1 − b) with b ∈ [0, D−1] ranges exactly
// over r·D … r·D + D − 1, the slot of row r, where P_a = M[i·R+r][D−1−(a−r·D)]
// = M[i·R+r][b]. Hence the coefficient is Σ_b M[i·R+r][b]·u_b. ∎
//
// The prior is added as the plaintext B_i(X) = Σ_r w·b_{i·R+r}·X^{k_r}, so
// coefficient k_r of P_i·U + B_i is exactly s_{i·R+r} as long as the true
// integer score is below t (see MaxScore). Other coefficients hold partial
// convolutions of u with the public rows; they are only visible to the
// holder of the secret key, i.e. the viewer.
//
// Lattigo's BGV stores Enc(t^{-1}·m): the ciphertext of U satisfies
// c0 + c1·s = t^{-1}·U + e (mod q). Multiplying both components by the
// unscaled P_i and adding t^{-1}·B_i to c0 gives t^{-1}·(P_i·U + B_i) + e·P_i,
// which decrypts (multiply by t, centre, reduce mod t) to P_i·U + B_i while
// |P_i·U + B_i + t·e·P_i| < q/2. No key switching, no rotation keys, and the
// ciphertext stays at level 0 (the lowest, and only, level).

// DefaultPrecomputeLimit bounds the memory (bytes) a Model spends on
// precomputed block plaintexts; larger catalogs encode blocks on the fly.
const DefaultPrecomputeLimit = 256 << 20

// Model is a compiled catalog snapshot (M, b, w). It is immutable and safe
// for concurrent use.
type Model struct {
	d, n, rows, blocks int
	matrix             []uint8  // n×d, row major
	prior              []uint64 // n
	weight             uint64
	pre                []blockPlain // nil when encoding on the fly
}

type blockPlain struct {
	p ring.Poly // P_i in NTT + Montgomery form
	b ring.Poly // t^{-1}·B_i in NTT form
}

// NewModel compiles a model with the default precomputation limit.
func NewModel(d, n int, matrix []uint8, prior []uint64, weight uint64) (*Model, error) {
	return NewModelWithLimit(d, n, matrix, prior, weight, DefaultPrecomputeLimit)
}

// NewModelWithLimit compiles a model; block plaintexts are precomputed when
// they need at most limit bytes, otherwise every ScoreBlock encodes its block.
func NewModelWithLimit(d, n int, matrix []uint8, prior []uint64, weight uint64, limit int64) (*Model, error) {
	if err := checkCatalog(d, n, matrix, prior, weight); err != nil {
		return nil, err
	}
	rows := RowsPerBlock(d)
	m := &Model{
		d: d, n: n, rows: rows, blocks: (n + rows - 1) / rows,
		matrix: append([]uint8(nil), matrix...),
		prior:  append([]uint64(nil), prior...),
		weight: weight,
	}
	e := getEngine()
	if int64(m.blocks)*2*int64(e.params.N())*8 <= limit {
		m.pre = make([]blockPlain, m.blocks)
		var wg sync.WaitGroup
		workers := runtime.GOMAXPROCS(0)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				buf := make([]uint64, e.params.N())
				for i := w; i < m.blocks; i += workers {
					bp := blockPlain{p: e.ringQ.NewPoly(), b: e.ringQ.NewPoly()}
					m.encodeBlock(i, buf, bp)
					m.pre[i] = bp
				}
			}(w)
		}
		wg.Wait()
	}
	return m, nil
}

// checkCatalog validates a catalog (M, b, w) against the engine's bounds.
func checkCatalog(d, n int, matrix []uint8, prior []uint64, weight uint64) error {
	if err := checkD(d); err != nil {
		return err
	}
	if n < 1 {
		return fmt.Errorf("he: model: catalog size n=%d must be positive", n)
	}
	if n > (1<<31)/d {
		return fmt.Errorf("he: model: catalog of %d×%d is too large", n, d)
	}
	if len(matrix) != n*d {
		return fmt.Errorf("he: model: matrix has %d entries, want n·d = %d", len(matrix), n*d)
	}
	if len(prior) != n {
		return fmt.Errorf("he: model: prior has %d entries, want n = %d", len(prior), n)
	}
	if weight > MaxWeight {
		return fmt.Errorf("he: model: weight %d exceeds %d", weight, MaxWeight)
	}
	for i, v := range matrix {
		if v > MaxFeature {
			return fmt.Errorf("he: model: M[%d][%d]=%d exceeds %d", i/d, i%d, v, MaxFeature)
		}
	}
	for i, v := range prior {
		if v > MaxPrior {
			return fmt.Errorf("he: model: prior[%d]=%d exceeds %d", i, v, MaxPrior)
		}
	}
	return nil
}

// encodeBlock writes P_i and t^{-1}·B_i (both NTT, P in Montgomery form).
func (m *Model) encodeBlock(i int, buf []uint64, out blockPlain) {
	e := getEngine()
	clear(buf)
	d := m.d
	first, last := m.BlockRows(i)
	for row := first; row < last; row++ {
		base := (row - first) * d
		src := m.matrix[row*d : row*d+d]
		for j, v := range src {
			buf[base+d-1-j] = uint64(v)
		}
	}
	e.encodeCoeffs(out.p, buf, false, true)
	clear(buf)
	for row := first; row < last; row++ {
		buf[(row-first)*d+d-1] = m.weight * m.prior[row]
	}
	e.encodeCoeffs(out.b, buf, true, false)
}

// D is the feature count; N the catalog size.
func (m *Model) D() int { return m.d }
func (m *Model) N() int { return m.n }

// RowsPerBlock is the number of rows scored by one block (the last may have fewer).
func (m *Model) RowsPerBlock() int { return m.rows }

// NumBlocks is the number of score ciphertexts for the whole catalog.
func (m *Model) NumBlocks() int { return m.blocks }

// Precomputed reports whether block plaintexts are cached.
func (m *Model) Precomputed() bool { return m.pre != nil }

// BlockRows returns the catalog row range [first, last) of block i.
func (m *Model) BlockRows(i int) (first, last int) {
	first = i * m.rows
	last = min(first+m.rows, m.n)
	return
}

// ScoreBlock returns Enc(s) for block i: coefficient r·D+D−1 holds the score
// of catalog row i·RowsPerBlock()+r. It uses only the ciphertext and public data.
func (m *Model) ScoreBlock(c *Ciphertext, i int) (*Ciphertext, error) {
	if c == nil || c.ct == nil {
		return nil, errors.New("he: score: nil ciphertext")
	}
	if i < 0 || i >= m.blocks {
		return nil, fmt.Errorf("he: score: block %d outside [0, %d)", i, m.blocks)
	}
	e := getEngine()
	var bp blockPlain
	if m.pre != nil {
		bp = m.pre[i]
	} else {
		bp = blockPlain{p: e.ringQ.NewPoly(), b: e.ringQ.NewPoly()}
		m.encodeBlock(i, make([]uint64, e.params.N()), bp)
	}
	out := e.newCiphertext()
	*out.MetaData = *c.ct.MetaData
	e.ringQ.MulCoeffsMontgomery(c.ct.Value[0], bp.p, out.Value[0])
	e.ringQ.MulCoeffsMontgomery(c.ct.Value[1], bp.p, out.Value[1])
	e.ringQ.Add(out.Value[0], bp.b, out.Value[0])
	return &Ciphertext{out}, nil
}

// DecryptBlock decrypts the score ciphertext of block i of this model.
func (m *Model) DecryptBlock(sk *SecretKey, c *Ciphertext, i int) ([]uint64, error) {
	if i < 0 || i >= m.blocks {
		return nil, fmt.Errorf("he: decrypt: block %d outside [0, %d)", i, m.blocks)
	}
	first, last := m.BlockRows(i)
	return DecryptScores(sk, c, m.d, last-first)
}

// DecryptScores decrypts a score ciphertext for d features and returns the
// scores of its first rows rows (rows ≤ RowsPerBlock(d)), modulo t.
func DecryptScores(sk *SecretKey, c *Ciphertext, d, rows int) ([]uint64, error) {
	if err := checkD(d); err != nil {
		return nil, err
	}
	if rows < 0 || rows > RowsPerBlock(d) {
		return nil, fmt.Errorf("he: decrypt: %d rows outside [0, %d]", rows, RowsPerBlock(d))
	}
	raw, err := decryptRaw(sk, c)
	if err != nil {
		return nil, err
	}
	e := getEngine()
	out := make([]uint64, rows)
	for r := range out {
		out[r] = e.reduceT(raw[r*d+d-1])
	}
	return out, nil
}

// PlainScores computes s = M·u + w·b in the clear (reference for tests and
// for the proof side, which must agree with the decrypted scores).
func (m *Model) PlainScores(u []uint64) []uint64 {
	return PlainScores(m.d, m.matrix, m.prior, m.weight, u)
}

// PlainScores computes s = M·u + w·b in the clear for an N×d matrix
// (coordinates of u beyond d are ignored, missing ones count as 0).
func PlainScores(d int, matrix []uint8, prior []uint64, weight uint64, u []uint64) []uint64 {
	s := make([]uint64, len(prior))
	for i := range s {
		var acc uint64
		row := matrix[i*d : i*d+d]
		for j, v := range row {
			if j < len(u) {
				acc += uint64(v) * u[j]
			}
		}
		s[i] = acc + weight*prior[i]
	}
	return s
}

// ScoreAll scores every block with up to workers goroutines (0 = GOMAXPROCS)
// and returns the score ciphertexts in block order.
func (m *Model) ScoreAll(c *Ciphertext, workers int) ([]*Ciphertext, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, m.blocks)
	out := make([]*Ciphertext, m.blocks)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < m.blocks; i += workers {
				if out[i], errs[w] = m.ScoreBlock(c, i); errs[w] != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
}
