package he

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/tuneinsight/lattigo/v6/ring"
)

// Slot-packed scoring. A block of n/G catalog rows is scored as
//
//	reply = Σ_{h<H} P̂_h ⊙ query_h + (t^{-1}·B̂, 0)
//
// on NTT-domain residues mod q: at every NTT point k a dot product of length
// H over the H query ciphertexts, for both ciphertext components. That is
// 2·n·H products per block, 2·N·D for the whole catalog (about twice the
// plaintext model's work, in 64-bit modular arithmetic). The block plaintexts
// P̂_h (slots.go: slot-encoded mod t, lifted centred to mod q, NTT mod q) are
// stored k-major, P̂[k·H + h], so the inner loop reads three contiguous
// vectors. The reply stays mod q in the NTT domain while it stays in the
// process; serializing it brings it back to coefficients and switches it to
// 2^28 and 2^32 (reply.go), which is all that leaves an evaluator.
//
// Why this is exact, and how much noise it adds: docs/he-engine.md ("Slot
// packing") and the comment on Reply.

// DefaultSlotPrecomputeLimit bounds the memory a SlotModel spends on
// precomputed block plaintexts: 8 bytes per matrix entry, about 8·N·D bytes
// (52 MB at 100,000 × 64, 522 MB at 1,000,000 × 64). Blocks beyond the limit
// are encoded when they are scored, which costs 2·H transforms per block
// (about ten times the block's multiply-accumulate work).
const DefaultSlotPrecomputeLimit int64 = 640 << 20

// SlotOptions tune how a SlotModel is compiled.
type SlotOptions struct {
	// Groups is the folding factor G (a power of two ≤ MaxGroups);
	// 0 picks AutoGroups(n, d).
	Groups int
	// PrecomputeLimit bounds the bytes of precomputed block plaintexts (as
	// many blocks as fit are precomputed, the others encoded when scored);
	// 0 means DefaultSlotPrecomputeLimit, a negative value never precomputes.
	PrecomputeLimit int64
}

// SlotModel is a catalog snapshot (M, b, w) compiled for slot-packed scoring.
// It is immutable and safe for concurrent use.
type SlotModel struct {
	d, n, g, h, rows, blocks int
	matrix                   []uint8  // N×D row major; kept only to encode blocks on the fly
	prior                    []uint64 // idem
	weight                   uint64
	preBlocks                int      // blocks [0, preBlocks) are precomputed, the rest encoded on the fly
	pre                      []uint64 // preBlocks·n·H, P̂ per block, k-major
	bias                     []uint64 // preBlocks·n, t^{-1}·B̂ per block (NTT domain)
}

// AutoGroups picks the folding factor for a catalog of n rows and d
// features: among G ∈ {1, 2, 4}, the one with the least estimated work per
// round trip. The multiply-accumulate work is the same for every G; what G
// changes is the number of query ciphertexts, ⌈d/G⌉ (each costs the locker a
// noise polynomial and a transform, ~0.16 ms), and of reply blocks,
// ⌈n·G/4096⌉ (each costs two transforms in process, ~0.13 ms, five through
// the wire, ~0.3 ms); the weights 3 : 5 sit between the two deployments.
// G ≤ 4 keeps full reply blocks at ≤ 30 bytes per score. Small catalogs get
// G = 4 (1,000 × 64: 16 query ciphertexts, one reply block), large ones G = 1
// (100,000 × 64: 64 and 25; G = 2 measured 6 % faster in process and 8 %
// slower through the wire there).
func AutoGroups(n, d int) int {
	best, bestCost := 1, -1
	for g := 1; g <= 4; g *= 2 {
		cost := 3*queryWidth(d, g) + 5*blocksFor(n, g)
		if bestCost < 0 || cost < bestCost {
			best, bestCost = g, cost
		}
	}
	return best
}

func blocksFor(n, g int) int {
	rows := ringDegree / g
	return (n + rows - 1) / rows
}

func checkGroups(g int) error {
	if g < 1 || g > MaxGroups || g&(g-1) != 0 {
		return fmt.Errorf("he: folding factor G=%d is not a power of two in [1, %d]", g, MaxGroups)
	}
	return nil
}

func queryWidth(d, g int) int { return (d + g - 1) / g }

// NewSlotModel compiles a catalog for slot-packed scoring. matrix is N×D row
// major (entries ≤ MaxFeature), prior has N entries (≤ MaxPrior), weight ≤
// MaxWeight. The inputs are copied when they are needed later.
func NewSlotModel(d, n int, matrix []uint8, prior []uint64, weight uint64, opt SlotOptions) (*SlotModel, error) {
	if err := checkCatalog(d, n, matrix, prior, weight); err != nil {
		return nil, err
	}
	g := opt.Groups
	if g == 0 {
		g = AutoGroups(n, d)
	}
	if err := checkGroups(g); err != nil {
		return nil, err
	}
	e := getEngine()
	m := &SlotModel{d: d, n: n, g: g, h: queryWidth(d, g), rows: e.layouts[g].rows, weight: weight}
	m.blocks = (n + m.rows - 1) / m.rows
	m.matrix, m.prior = matrix, prior // borrowed while compiling
	limit := opt.PrecomputeLimit
	if limit == 0 {
		limit = DefaultSlotPrecomputeLimit
	}
	if limit > 0 {
		perBlock := int64(ringDegree) * int64(m.h+1) * 8
		m.preBlocks = int(min(int64(m.blocks), limit/perBlock))
	}
	m.precompute()
	if m.preBlocks == m.blocks {
		m.matrix, m.prior = nil, nil
	} else {
		m.matrix = append([]uint8(nil), matrix...)
		m.prior = append([]uint64(nil), prior...)
	}
	return m, nil
}

func (m *SlotModel) precompute() {
	n := ringDegree
	m.pre = make([]uint64, m.preBlocks*n*m.h)
	m.bias = make([]uint64, m.preBlocks*n)
	parallelBlocks(0, m.preBlocks, 0, func() func(int) {
		enc := newBlockEncoder(m)
		return func(b int) {
			enc.encode(b, m.pre[b*n*m.h:(b+1)*n*m.h], m.bias[b*n:(b+1)*n])
		}
	})
}

// D is the feature count, N the catalog size, Groups the folding factor G.
func (m *SlotModel) D() int      { return m.d }
func (m *SlotModel) N() int      { return m.n }
func (m *SlotModel) Groups() int { return m.g }

// RowsPerBlock is n/G, the rows scored by one reply block (the last may have fewer).
func (m *SlotModel) RowsPerBlock() int { return m.rows }

// NumBlocks is the number of reply blocks for the whole catalog.
func (m *SlotModel) NumBlocks() int { return m.blocks }

// PrecomputedBlocks is the number of blocks whose plaintexts are stored;
// the others are encoded each time they are scored.
func (m *SlotModel) PrecomputedBlocks() int { return m.preBlocks }

// BlockRows returns the catalog row range [first, last) of block b.
func (m *SlotModel) BlockRows(b int) (first, last int) {
	first = b * m.rows
	return first, min(first+m.rows, m.n)
}

// Score scores blocks [first, first+count) of the catalog against the query
// on up to workers goroutines (0 = GOMAXPROCS) and returns them as one reply.
// It uses only public data: the model and the query.
func (m *SlotModel) Score(q *Query, first, count, workers int) (*Reply, error) {
	if q == nil || q.c0 == nil {
		return nil, errors.New("he: score: nil query")
	}
	if q.d != m.d || q.g != m.g {
		return nil, fmt.Errorf("he: score: query for D=%d, G=%d; the model has D=%d, G=%d", q.d, q.g, m.d, m.g)
	}
	if first < 0 || count < 1 || first > m.blocks-count {
		return nil, fmt.Errorf("he: score: blocks [%d, %d+%d) outside [0, %d)", first, first, count, m.blocks)
	}
	firstRow, _ := m.BlockRows(first)
	_, lastRow := m.BlockRows(first + count - 1)
	r := &Reply{d: m.d, g: m.g, seed: q.seed, firstBlock: first, blocks: count, rows: lastRow - firstRow,
		ntt: make([]uint64, count*2*ringDegree)}
	parallelBlocks(first, first+count, workers, func() func(int) {
		s := newBlockScorer(m)
		return func(b int) {
			off := (b - first) * 2 * ringDegree
			s.score(q, b, r.ntt[off:off+ringDegree], r.ntt[off+ringDegree:off+2*ringDegree])
		}
	})
	return r, nil
}

// parallelBlocks runs blocks [from, to) on up to workers goroutines
// (0 = GOMAXPROCS); newWorker makes one worker's per-goroutine state.
func parallelBlocks(from, to, workers int, newWorker func() func(int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, to-from)
	if workers <= 1 {
		work := newWorker()
		for b := from; b < to; b++ {
			work(b)
		}
		return
	}
	var next atomic.Int64
	next.Store(int64(from))
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work := newWorker()
			for b := int(next.Add(1) - 1); b < to; b = int(next.Add(1) - 1) {
				work(b)
			}
		}()
	}
	wg.Wait()
}

// blockEncoder turns catalog rows into a block's P̂ (k-major) and bias.
type blockEncoder struct {
	m     *SlotModel
	e     *engine
	lay   *slotLayout
	slots ring.Poly // mod t
	poly  ring.Poly // mod q
}

func newBlockEncoder(m *SlotModel) *blockEncoder {
	e := getEngine()
	return &blockEncoder{m: m, e: e, lay: e.layouts[m.g], slots: e.ringT.NewPoly(), poly: e.ringQ.NewPoly()}
}

// encode writes block b's plaintexts: pre[k·H + h] = P̂_h[k] and bias[k].
func (be *blockEncoder) encode(b int, pre, bias []uint64) {
	m, lay := be.m, be.lay
	first, last := m.BlockRows(b)
	s := be.slots.Coeffs[0]
	for h := 0; h < m.h; h++ {
		clear(s)
		for row := first; row < last; row++ {
			r := row - first
			feats := m.matrix[row*m.d : row*m.d+m.d]
			if m.g == 1 {
				s[lay.pos[0][r]] = uint64(feats[h])
				continue
			}
			for c := 0; c < m.g; c++ {
				mix := lay.mix[c]
				var acc uint64 // < G·t·15 < 2^33
				for g := 0; g < m.g && h*m.g+g < m.d; g++ {
					acc += mix[g] * uint64(feats[h*m.g+g])
				}
				s[lay.pos[c][r]] = acc % plaintextModulus
			}
		}
		be.toNTTq(nil)
		for k, v := range be.poly.Coeffs[0] {
			pre[k*m.h+h] = v
		}
	}
	clear(s)
	for row := first; row < last; row++ {
		s[lay.pos[0][row-first]] = m.weight * m.prior[row] // ≤ 255·15 < t
	}
	be.toNTTq(bias)
}

// toNTTq interpolates the slots (INTT mod t), lifts the coefficients centred
// into mod q, optionally multiplies them by t^{-1} (scaled != nil: the
// result goes there), and transforms them (NTT mod q) into be.poly or scaled.
func (be *blockEncoder) toNTTq(scaled []uint64) {
	e := be.e
	e.ringT.INTT(be.slots, be.slots)
	dst := be.poly.Coeffs[0]
	for i, v := range be.slots.Coeffs[0] {
		dst[i] = liftCentered(v, e.t, e.q)
		if scaled != nil {
			dst[i] = ring.BRed(dst[i], e.tInvQ, e.q, e.qBRed)
		}
	}
	e.ringQ.NTT(be.poly, be.poly)
	if scaled != nil {
		copy(scaled, dst)
	}
}

// blockScorer holds one goroutine's scratch space for scoring.
type blockScorer struct {
	m    *SlotModel
	e    *engine
	enc  *blockEncoder // for blocks that are not precomputed
	pre  []uint64
	bias []uint64
}

func newBlockScorer(m *SlotModel) *blockScorer {
	s := &blockScorer{m: m, e: getEngine()}
	if m.preBlocks < m.blocks {
		s.enc = newBlockEncoder(m)
		s.pre = make([]uint64, ringDegree*m.h)
		s.bias = make([]uint64, ringDegree)
	}
	return s
}

// score writes block b's reply, mod q in the NTT domain, to c0 and c1.
func (s *blockScorer) score(q *Query, b int, c0, c1 []uint64) {
	m, e := s.m, s.e
	h := m.h
	pre, bias := s.pre, s.bias
	if b < m.preBlocks {
		pre = m.pre[b*ringDegree*h : (b+1)*ringDegree*h]
		bias = m.bias[b*ringDegree : (b+1)*ringDegree]
	} else {
		s.enc.encode(b, pre, bias)
	}
	qq, u := e.q, e.qBRed
	c0, c1 = c0[:ringDegree], c1[:ringDegree]
	for k := 0; k < ringDegree; k++ {
		lo, hi := k*h, k*h+h
		h0, l0, h1, l1 := dot2(pre[lo:hi], q.c0[lo:hi], q.a[lo:hi])
		v := reduce128(h0, l0, qq, u) + bias[k]
		if v >= qq {
			v -= qq
		}
		c0[k] = v
		c1[k] = reduce128(h1, l1, qq, u)
	}
}
