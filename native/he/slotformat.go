package he

import (
	"encoding/binary"

	"github.com/tuneinsight/lattigo/v6/ring"
)

// Wire formats of the slot-packed engine, inside the engine's frame
// ("LKHE" | version | kind | parameter set | payload length, format.go).
//
// Query (kind 4), payload:
//
//	D (1 byte, 1..128) | G (1 byte, power of two ≤ 64) | seed (32 bytes) |
//	c0: n·H residues mod q in NTT-point-major order (k·H + h), packed
//	    60 bits each, little-endian, two per 15 bytes
//
// H = ⌈D/G⌉, n = 4096: 1,966,114 bytes at D = 64, G = 1. The c1 components
// are not sent: the receiver expands them from the seed (query.go).
//
// Reply (kind 5), payload:
//
//	D (1 byte) | G (1 byte) | seed of the query (32 bytes) |
//	first block (uint32 BE) | blocks (uint32 BE) | rows (uint32 BE) |
//	blocks × (c0': n coefficients mod 2^28, packed two per 7 bytes,
//	          little-endian; c1': n coefficients mod 2^32, uint32 little-endian)
//
// 30,720 bytes per block of 4096/G scores. Every bit pattern is a valid
// coefficient, so a reply is checked for shape only.
//
// Parsing is strict (exact lengths, ranges, reduced coefficients); errors
// wrap ErrMalformed and allocations never exceed the input's size by more
// than the query's expanded c1 (same size as c0).

const (
	queryHeaderLen = 2 + SeedBytes
	replyHeaderLen = 2 + SeedBytes + 12
	packedPairLen  = 2 * qBits / 8 // two 60-bit values in 15 bytes
)

// MarshalBinary serializes the query (public: it reveals nothing without the secret key).
func (q *Query) MarshalBinary() ([]byte, error) {
	out, payload := newFrame(KindQuery, queryHeaderLen+len(q.c0)*qBits/8)
	payload[0], payload[1] = byte(q.d), byte(q.g)
	copy(payload[2:], q.seed[:])
	packed := payload[queryHeaderLen:]
	for i := 0; i < len(q.c0); i += 2 {
		putPair(packed[i/2*packedPairLen:], q.c0[i], q.c0[i+1])
	}
	return out, nil
}

func putPair(b []byte, v0, v1 uint64) {
	binary.LittleEndian.PutUint64(b, v0|v1<<qBits)
	hi := v1 >> (64 - qBits) // the 56 bits of v1 that did not fit
	for i := 0; i < 7; i++ {
		b[8+i] = byte(hi >> (8 * i))
	}
}

func getPair(b []byte) (v0, v1 uint64) {
	lo := binary.LittleEndian.Uint64(b)
	var hi uint64
	for i := 0; i < 7; i++ {
		hi |= uint64(b[8+i]) << (8 * i)
	}
	return lo & (1<<qBits - 1), lo>>qBits | hi<<(64-qBits)
}

// UnmarshalQuery parses a framed query and expands its c1 components.
func UnmarshalQuery(data []byte) (*Query, error) {
	p, err := unframeHeader(data, KindQuery)
	if err != nil {
		return nil, err
	}
	if len(p) < queryHeaderLen {
		return nil, malformed("query: %d-byte payload is shorter than its %d-byte header", len(p), queryHeaderLen)
	}
	d, g := int(p[0]), int(p[1])
	if err := checkD(d); err != nil {
		return nil, malformed("query: %v", err)
	}
	if err := checkGroups(g); err != nil {
		return nil, malformed("query: %v", err)
	}
	q := &Query{d: d, g: g, h: queryWidth(d, g)}
	if want := QueryBytes(d, g) - headerLen; int64(len(p)) != want {
		return nil, malformed("query: payload of %d bytes, D=%d and G=%d need %d", len(p), d, g, want)
	}
	copy(q.seed[:], p[2:queryHeaderLen])
	q.c0 = make([]uint64, ringDegree*q.h)
	packed := p[queryHeaderLen:]
	mod := getEngine().q
	for i := 0; i < len(q.c0); i += 2 {
		v0, v1 := getPair(packed[i/2*packedPairLen:])
		if v0 >= mod || v1 >= mod {
			return nil, malformed("query: coefficient %d not reduced modulo q", i)
		}
		q.c0[i], q.c0[i+1] = v0, v1
	}
	q.a = make([]uint64, len(q.c0))
	expandSeed(q.seed, q.h, q.a, 0)
	return q, nil
}

// MarshalBinary serializes the reply.
func (r *Reply) MarshalBinary() ([]byte, error) {
	out, payload := newFrame(KindReply, replyHeaderLen+r.blocks*ReplyBlockBytes)
	payload[0], payload[1] = byte(r.d), byte(r.g)
	copy(payload[2:], r.seed[:])
	h := payload[2+SeedBytes:]
	binary.BigEndian.PutUint32(h[0:], uint32(r.firstBlock))
	binary.BigEndian.PutUint32(h[4:], uint32(r.blocks))
	binary.BigEndian.PutUint32(h[8:], uint32(r.rows))
	body := payload[replyHeaderLen:]
	if r.c != nil {
		for b := 0; b < r.blocks; b++ {
			putReplyBlock(body[b*ReplyBlockBytes:], r.c[b*2*ringDegree:(b+1)*2*ringDegree])
		}
		return out, nil
	}
	parallelBlocks(0, r.blocks, 0, func() func(int) {
		sw := newBlockSwitcher()
		return func(b int) {
			putReplyBlock(body[b*ReplyBlockBytes:], sw.switchBlock(r.ntt[b*2*ringDegree:(b+1)*2*ringDegree]))
		}
	})
	return out, nil
}

// UnmarshalReply parses a framed reply.
func UnmarshalReply(data []byte) (*Reply, error) {
	p, err := unframeHeader(data, KindReply)
	if err != nil {
		return nil, err
	}
	if len(p) < replyHeaderLen {
		return nil, malformed("reply: %d-byte payload is shorter than its %d-byte header", len(p), replyHeaderLen)
	}
	r := &Reply{d: int(p[0]), g: int(p[1])}
	if err := checkD(r.d); err != nil {
		return nil, malformed("reply: %v", err)
	}
	if err := checkGroups(r.g); err != nil {
		return nil, malformed("reply: %v", err)
	}
	copy(r.seed[:], p[2:])
	h := p[2+SeedBytes:]
	first, blocks, rows := binary.BigEndian.Uint32(h[0:]), binary.BigEndian.Uint32(h[4:]), binary.BigEndian.Uint32(h[8:])
	rpb := uint64(r.rowsPerBlock())
	switch {
	case blocks < 1:
		return nil, malformed("reply: no blocks")
	case uint64(len(p)-replyHeaderLen) != uint64(blocks)*ReplyBlockBytes:
		return nil, malformed("reply: %d bytes of blocks, %d blocks need %d", len(p)-replyHeaderLen, blocks, uint64(blocks)*ReplyBlockBytes)
	case uint64(rows) <= (uint64(blocks)-1)*rpb || uint64(rows) > uint64(blocks)*rpb:
		return nil, malformed("reply: %d rows do not fill %d blocks of %d", rows, blocks, rpb)
	case uint64(first)*rpb+uint64(rows) > 1<<31:
		return nil, malformed("reply: rows beyond the largest catalog")
	}
	r.firstBlock, r.blocks, r.rows = int(first), int(blocks), int(rows)
	body := p[replyHeaderLen:]
	r.c = make([]uint32, r.blocks*2*ringDegree)
	for b := 0; b < r.blocks; b++ {
		getReplyBlock(body[b*ReplyBlockBytes:], r.c[b*2*ringDegree:(b+1)*2*ringDegree])
	}
	return r, nil
}

// blockSwitcher brings in-process reply blocks to the wire form.
type blockSwitcher struct {
	e              *engine
	poly           ring.Poly
	out            []uint32
	scale0, scale1 float64
}

func newBlockSwitcher() *blockSwitcher {
	e := getEngine()
	return &blockSwitcher{e: e, poly: e.ringQ.NewPoly(), out: make([]uint32, 2*ringDegree),
		scale0: switchScale(e.q, replyC0Bits), scale1: switchScale(e.q, replyBits)}
}

// switchBlock returns c0' = round(2^28·c0/q) mod 2^28 and c1' =
// round(2^32·c1/q) mod 2^32 (coefficient domain) of a block c0 ‖ c1 given
// mod q in the NTT domain. The result is valid until the next call.
func (sw *blockSwitcher) switchBlock(ntt []uint64) []uint32 {
	sw.switchPoly(ntt[:ringDegree], sw.out[:ringDegree], sw.scale0, 1<<replyC0Bits-1)
	sw.switchPoly(ntt[ringDegree:], sw.out[ringDegree:], sw.scale1, 1<<replyBits-1)
	return sw.out
}

func (sw *blockSwitcher) switchPoly(ntt []uint64, out []uint32, scale float64, mask uint64) {
	copy(sw.poly.Coeffs[0], ntt)
	sw.e.ringQ.INTT(sw.poly, sw.poly)
	for i, v := range sw.poly.Coeffs[0] {
		out[i] = switchDown(v, scale, mask)
	}
}

// c0PairLen is two 28-bit coefficients in 7 bytes.
const c0PairLen = 2 * replyC0Bits / 8

func putReplyBlock(b []byte, c []uint32) {
	for i := 0; i < ringDegree; i += 2 {
		v := uint64(c[i]) | uint64(c[i+1])<<replyC0Bits
		for j := 0; j < c0PairLen; j++ {
			b[i/2*c0PairLen+j] = byte(v >> (8 * j))
		}
	}
	c1 := b[ringDegree/2*c0PairLen:]
	for i, v := range c[ringDegree:] {
		binary.LittleEndian.PutUint32(c1[4*i:], v)
	}
}

func getReplyBlock(b []byte, c []uint32) {
	const mask = 1<<replyC0Bits - 1
	for i := 0; i < ringDegree; i += 2 {
		var v uint64
		for j := 0; j < c0PairLen; j++ {
			v |= uint64(b[i/2*c0PairLen+j]) << (8 * j)
		}
		c[i], c[i+1] = uint32(v&mask), uint32(v>>replyC0Bits)
	}
	c1 := b[ringDegree/2*c0PairLen:]
	for i := range c[ringDegree:] {
		c[ringDegree+i] = binary.LittleEndian.Uint32(c1[4*i:])
	}
}
