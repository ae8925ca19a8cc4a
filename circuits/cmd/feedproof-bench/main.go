// Command feedproof-bench measures the feed circuit for one catalog size:
// constraints, compile, dev setup, prove, verify, proof size and memory.
//
//	go run ./cmd/feedproof-bench -n 1000 -d 64 [-likes 100] [-k 50] [-variant hashedM] [-compile-only]
package main

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/consensys/gnark/logger"

	"lockerism/circuits/feedproof"
)

func main() {
	n := flag.Int("n", 1000, "profiles")
	d := flag.Int("d", 64, "features")
	nLikes := flag.Int("likes", 100, "size of the (random) like-set")
	k := flag.Int("k", feedproof.DefaultKMax, "feed length")
	variant := flag.String("variant", "constM", "constM (shipped) or hashedM (M as hashed private witness)")
	compileOnly := flag.Bool("compile-only", false, "stop after compiling")
	runs := flag.Int("runs", 1, "prove/verify repetitions (median reported)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of setup+prove to this file")
	flag.Parse()
	logger.Disable()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		check(err)
		check(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}

	s := snapshot(*n, *d)
	var peak uint64
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.Sys-ms.HeapReleased)
	}

	t0 := time.Now()
	var (
		cc  *feedproof.CompiledCircuit
		err error
	)
	switch *variant {
	case "constM":
		cc, err = feedproof.Compile(s, feedproof.DefaultKMax)
	case "hashedM":
		cc, err = feedproof.CompileHashedM(s, feedproof.DefaultKMax)
	default:
		err = fmt.Errorf("unknown variant %q", *variant)
	}
	check(err)
	compile := time.Since(t0)
	sample()
	fmt.Printf("variant=%s N=%d D=%d cores=%d\n", *variant, *n, *d, runtime.NumCPU())
	fmt.Printf("constraints=%d wires(internal+secret+public)=%d compile=%v\n",
		cc.CS.GetNbConstraints(), cc.CS.GetNbInternalVariables()+cc.CS.GetNbSecretVariables()+cc.CS.GetNbPublicVariables(), compile.Round(time.Millisecond))
	if *compileOnly {
		report(peak)
		pprof.StopCPUProfile()
		return
	}

	t0 = time.Now()
	pk, vk, err := feedproof.SetupDev(cc)
	check(err)
	fmt.Printf("setupDev=%v\n", time.Since(t0).Round(time.Millisecond))
	sample()

	r := rand.New(rand.NewPCG(42, 42))
	likes := r.Perm(*n)[:min(*nLikes, feedproof.MaxLikesFor(*n))]
	var proveTimes, verifyTimes []time.Duration
	var proofBytes []byte
	var proveCPU time.Duration
	for i := 0; i < *runs; i++ {
		t0 = time.Now()
		c0 := cpuTime()
		var p *feedproof.Proof
		if *variant == "hashedM" {
			p, err = feedproof.ProveHashedM(cc, pk, s, likes, *k)
		} else {
			p, err = feedproof.Prove(cc, pk, s, likes, *k)
		}
		check(err)
		proveTimes = append(proveTimes, time.Since(t0))
		proveCPU = cpuTime() - c0
		sample()
		proofBytes, err = p.Solidity()
		check(err)
		t0 = time.Now()
		check(feedproof.Verify(vk, p.Groth16, p.Public))
		verifyTimes = append(verifyTimes, time.Since(t0))
	}
	fmt.Printf("prove=%v (last run: process CPU %v) verify=%v proofBytes=%d\n", median(proveTimes).Round(time.Millisecond),
		proveCPU.Round(time.Millisecond), median(verifyTimes).Round(10*time.Microsecond), len(proofBytes))
	report(peak)
}

func report(peak uint64) {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("peakGoSys=%.0fMiB maxRSS=%.0fMiB\n", float64(peak)/(1<<20), float64(ru.Maxrss)/1024)
}

// cpuTime is the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func median(ts []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ts...)
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s[len(s)/2]
}

// snapshot builds a deterministic synthetic catalog (dense, uniform values
// 0..15: the worst case for key width and matrix density) with a SHA-256 id.
func snapshot(n, d int) *feedproof.Snapshot {
	r := rand.New(rand.NewPCG(uint64(n), uint64(d)))
	s := &feedproof.Snapshot{N: n, D: d, M: make([]uint8, n*d), B: make([]uint8, n), W: 16}
	for i := range s.M {
		s.M[i] = uint8(r.IntN(16))
	}
	for i := range s.B {
		s.B[i] = uint8(r.IntN(16))
	}
	h := sha256.New()
	h.Write(s.M)
	h.Write(s.B)
	copy(s.ID[:], h.Sum(nil))
	return s
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
