package he

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

// TestReduce128 checks the Barrett reduction against math/big, including the
// largest accumulators dot2 can produce (128 products of (q−1)²).
func TestReduce128(t *testing.T) {
	e := getEngine()
	q := new(big.Int).SetUint64(e.q)
	rng := rand.New(rand.NewPCG(31, 32))
	check := func(hi, lo uint64) {
		x := new(big.Int).Lsh(new(big.Int).SetUint64(hi), 64)
		x.Add(x, new(big.Int).SetUint64(lo))
		if got, want := reduce128(hi, lo, e.q, e.qBRed), x.Mod(x, q).Uint64(); got != want {
			t.Fatalf("(%#x, %#x): %d, want %d", hi, lo, got, want)
		}
	}
	for range 100000 {
		check(rng.Uint64()>>1, rng.Uint64())
		check(rng.Uint64()>>rng.IntN(64), rng.Uint64())
	}
	check(0, 0)
	check(0, e.q)
	check(1<<63-1, 1<<64-1)
	p := make([]uint64, MaxD)
	for i := range p {
		p[i] = e.q - 1
	}
	h0, l0, h1, l1 := dot2(p, p, p)
	want := new(big.Int).Mul(big.NewInt(MaxD), new(big.Int).Mul(new(big.Int).SetUint64(e.q-1), new(big.Int).SetUint64(e.q-1)))
	got := new(big.Int).Lsh(new(big.Int).SetUint64(h0), 64)
	got.Add(got, new(big.Int).SetUint64(l0))
	if got.Cmp(want) != 0 || h0 != h1 || l0 != l1 {
		t.Fatal("dot2 overflows at the largest inputs")
	}
	check(h0, l0)
}

// TestSwitchDown: the switch rounds to nearest within 2^-20 and wraps mod 2^bits.
func TestSwitchDown(t *testing.T) {
	e := getEngine()
	rng := rand.New(rand.NewPCG(33, 34))
	for _, b := range []int{replyC0Bits, replyBits} {
		scale, mask := switchScale(e.q, b), uint64(1)<<b-1
		for range 100000 {
			c := rng.Uint64N(e.q)
			exact := new(big.Rat).SetFrac(new(big.Int).Lsh(new(big.Int).SetUint64(c), uint(b)), new(big.Int).SetUint64(e.q))
			f, _ := exact.Float64()
			got := uint64(switchDown(c, scale, mask))
			diff := f - float64(got)
			for diff > float64(mask)/2 {
				diff -= float64(mask + 1)
			}
			if diff > 0.5+1e-6 || diff < -0.5-1e-6 {
				t.Fatalf("bits=%d c=%d: %d is %.6f away from %.6f", b, c, got, diff, f)
			}
		}
		if switchDown(e.q-1, scale, mask) != 0 {
			t.Fatalf("bits=%d: q−1 does not wrap to 0", b)
		}
	}
}
