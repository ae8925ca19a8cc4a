package he

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Engine-level benchmarks of the slot-packed engine (docs/benchmarks.md).
// Besides ns/op they report cpu-ms/op (user+system CPU of the whole process
// per operation: stable on a shared machine where wall time is not) and the
// process's peak RSS so far (run one benchmark per process to attribute it).

type benchCatalog struct {
	d, n  int
	mat   []uint8
	prior []uint64
	w     uint64
	u     []uint64
}

var benchCatalogs = map[[2]int]*benchCatalog{}

// catalogFor draws a random N×D catalog once per process (36 % non-zero
// entries, like the generated sample catalogs) and a 20-like interest.
func catalogFor(n, d int) *benchCatalog {
	if c, ok := benchCatalogs[[2]int{n, d}]; ok {
		return c
	}
	rng := rand.New(rand.NewPCG(uint64(n), uint64(d)))
	c := &benchCatalog{d: d, n: n, mat: make([]uint8, n*d), prior: make([]uint64, n), w: 4}
	for i := range c.mat {
		if rng.IntN(100) < 36 {
			c.mat[i] = uint8(1 + rng.IntN(MaxFeature))
		}
	}
	for i := range c.prior {
		c.prior[i] = uint64(rng.IntN(MaxPrior + 1))
	}
	c.u = interest(rng, d, c.mat, 20)
	benchCatalogs[[2]int{n, d}] = c
	return c
}

func cpuNanos() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// peakRSS returns VmHWM in MB.
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// measure runs op b.N times and reports cpu-ms/op and peak RSS.
func measure(b *testing.B, op func()) {
	b.Helper()
	b.ResetTimer()
	cpu := cpuNanos()
	for b.Loop() {
		op()
	}
	b.ReportMetric(float64(cpuNanos()-cpu)/1e6/float64(b.N), "cpu-ms/op")
	b.ReportMetric(peakRSS(), "peak-RSS-MB")
}

var sizes = []struct {
	name string
	n    int
}{{"1k", 1000}, {"100k", 100000}, {"1M", 1000000}}

func sizeFilter(name string) bool {
	f := os.Getenv("LOCKERISM_BENCH_SIZES") // e.g. "1k,100k": skip the others
	return f == "" || strings.Contains(","+f+",", ","+name+",")
}

func BenchmarkSlotQuery(b *testing.B) {
	sk, _ := keys(b)
	for _, g := range []int{1, 2, 4} {
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("D64-G%d-w%d", g, workers), func(b *testing.B) {
				c := catalogFor(1000, 64)
				measure(b, func() {
					if _, err := BuildQuery(sk, c.u, g, workers); err != nil {
						b.Fatal(err)
					}
				})
			})
		}
	}
}

func BenchmarkSlotScore(b *testing.B) {
	sk, _ := keys(b)
	for _, s := range sizes {
		if !sizeFilter(s.name) {
			continue
		}
		for _, fly := range []bool{false, true} {
			c := catalogFor(s.n, 64)
			opt := SlotOptions{}
			mode := "pre"
			if fly {
				opt.PrecomputeLimit, mode = -1, "fly"
			}
			var m *SlotModel
			var q *Query
			for _, workers := range []int{1, 2} {
				b.Run(fmt.Sprintf("%sx64-%s-w%d", s.name, mode, workers), func(b *testing.B) {
					if m == nil {
						start := time.Now()
						m, _ = NewSlotModel(64, s.n, c.mat, c.prior, c.w, opt)
						b.Logf("compile %s: %v (G=%d, %d blocks)", mode, time.Since(start), m.Groups(), m.NumBlocks())
						q, _ = BuildQuery(sk, c.u, m.Groups(), 0)
					}
					measure(b, func() {
						if _, err := m.Score(q, 0, m.NumBlocks(), workers); err != nil {
							b.Fatal(err)
						}
					})
				})
			}
		}
	}
}

func BenchmarkSlotDecrypt(b *testing.B) {
	sk, _ := keys(b)
	for _, s := range sizes {
		if !sizeFilter(s.name) {
			continue
		}
		c := catalogFor(s.n, 64)
		m, _ := NewSlotModel(64, s.n, c.mat, c.prior, c.w, SlotOptions{PrecomputeLimit: -1})
		q, _ := BuildQuery(sk, c.u, m.Groups(), 0)
		r, _ := m.Score(q, 0, m.NumBlocks(), 0)
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("%sx64-all-w%d", s.name, workers), func(b *testing.B) {
				measure(b, func() {
					if _, err := DecryptReply(sk, q, r, workers); err != nil {
						b.Fatal(err)
					}
				})
			})
			b.Run(fmt.Sprintf("%sx64-top20-w%d", s.name, workers), func(b *testing.B) {
				measure(b, func() {
					if _, err := DecryptTopK(sk, q, []*Reply{r}, 20, []int{1, 2, 3}, workers); err != nil {
						b.Fatal(err)
					}
				})
			})
		}
	}
}

// BenchmarkSlotRoundTrip is the round trip: build the query, score
// all N, decrypt all, top-20; "wire" also serializes and parses the query and
// the reply (what the remote evaluator adds, minus the network).
func BenchmarkSlotRoundTrip(b *testing.B) {
	sk, _ := keys(b)
	for _, s := range sizes {
		if !sizeFilter(s.name) {
			continue
		}
		c := catalogFor(s.n, 64)
		var m *SlotModel
		for _, wire := range []bool{false, true} {
			for _, workers := range []int{1, 2} {
				name := fmt.Sprintf("%sx64-w%d", s.name, workers)
				if wire {
					name += "-wire"
				}
				b.Run(name, func(b *testing.B) {
					if m == nil {
						g, _ := strconv.Atoi(os.Getenv("LOCKERISM_BENCH_GROUPS"))                     // 0: AutoGroups
						limit, _ := strconv.ParseInt(os.Getenv("LOCKERISM_BENCH_PRECOMPUTE"), 10, 64) // 0: default, -1: none
						start := time.Now()
						m, _ = NewSlotModel(64, s.n, c.mat, c.prior, c.w, SlotOptions{Groups: g, PrecomputeLimit: limit})
						b.Logf("compiled in %v: G=%d, %d blocks, %d precomputed", time.Since(start), m.Groups(), m.NumBlocks(), m.PrecomputedBlocks())
					}
					measure(b, func() { slotRoundTrip(b, sk, m, c, workers, wire) })
					q, _ := BuildQuery(sk, c.u, m.Groups(), workers)
					qb, _ := q.MarshalBinary()
					r, _ := m.Score(q, 0, m.NumBlocks(), workers)
					rb, _ := r.MarshalBinary()
					b.ReportMetric(float64(len(qb)), "query-B")
					b.ReportMetric(float64(len(rb)), "reply-B")
					b.ReportMetric(float64(len(rb))/float64(s.n), "reply-B/score")
				})
			}
		}
	}
}

func slotRoundTrip(b *testing.B, sk *SecretKey, m *SlotModel, c *benchCatalog, workers int, wire bool) {
	q, err := BuildQuery(sk, c.u, m.Groups(), workers)
	if err != nil {
		b.Fatal(err)
	}
	scoreWith := q
	if wire {
		qb, _ := q.MarshalBinary()
		if scoreWith, err = UnmarshalQuery(qb); err != nil {
			b.Fatal(err)
		}
	}
	r, err := m.Score(scoreWith, 0, m.NumBlocks(), workers)
	if err != nil {
		b.Fatal(err)
	}
	if wire {
		rb, _ := r.MarshalBinary()
		if r, err = UnmarshalReply(rb); err != nil {
			b.Fatal(err)
		}
	}
	top, err := DecryptTopK(sk, q, []*Reply{r}, 20, nil, workers)
	if err != nil || len(top) != 20 {
		b.Fatal(err)
	}
}

// BenchmarkTopK is the selection alone: 20 best of N decrypted scores.
func BenchmarkTopK(b *testing.B) {
	for _, s := range sizes {
		if !sizeFilter(s.name) {
			continue
		}
		rng := rand.New(rand.NewPCG(1, 1))
		scores := make([]uint32, s.n)
		for i := range scores {
			scores[i] = uint32(rng.IntN(1 << 21))
		}
		b.Run(s.name, func(b *testing.B) {
			measure(b, func() {
				t, _ := NewTopK(20, []int{1, 2, 3})
				t.Offer(0, scores)
				t.Result()
			})
		})
	}
}
