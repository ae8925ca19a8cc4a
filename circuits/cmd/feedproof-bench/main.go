// Command feedproof-bench measures the feed circuit for one catalog size:
// constraints, compile, development setup, key sizes, key loading, prove,
// verify, proof size, and peak memory per phase.
//
//	go run ./cmd/feedproof-bench -n 1000 -d 64 [-runs 5] [-likes 100] [-k 50]
//	    [-cache DIR] [-phase all|compile|setup|prove] [-variant hashedM] [-cpuprofile FILE]
//
// With -cache, the compiled circuit and keys are written to (and read from)
// DIR exactly as the app's prover cache does, so each phase can run in its own
// process and report its own peak memory (e.g. under /usr/bin/time -v).
package main

import (
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/logger"

	"lockerism/circuits/feedproof"
)

// benchPublisher is the address the bench proves for (any address costs the
// same: it is one range-checked public input).
var benchPublisher = feedproof.Publisher{0xbe, 0x9c}

func main() {
	n := flag.Int("n", 1000, "profiles")
	d := flag.Int("d", 64, "features")
	nLikes := flag.Int("likes", 100, "size of the (random) like-set")
	k := flag.Int("k", feedproof.DefaultKMax, "feed length")
	variant := flag.String("variant", "constM", "constM (shipped) or hashedM (M as hashed private witness)")
	compileOnly := flag.Bool("compile-only", false, "stop after compiling (same as -phase compile)")
	phase := flag.String("phase", "all", "all, compile, setup (needs -cache) or prove (needs -cache)")
	cacheDir := flag.String("cache", "", "prover cache directory (artifacts written/read as the app does)")
	runs := flag.Int("runs", 1, "prove/verify repetitions (median reported)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the prove runs to this file")
	flag.Parse()
	logger.Disable()
	if *compileOnly {
		*phase = "compile"
	}
	if (*phase == "setup" || *phase == "prove") && *cacheDir == "" {
		check(errors.New("-phase setup/prove needs -cache"))
	}
	if *variant == "hashedM" && *cacheDir != "" {
		check(errors.New("-variant hashedM is not cached"))
	}

	s := snapshot(*n, *d)
	fmt.Printf("variant=%s N=%d D=%d cores=%d gomaxprocs=%d %s\n", *variant, *n, *d, runtime.NumCPU(), runtime.GOMAXPROCS(0), loadAvg())
	cache := feedproof.Cache{Dir: *cacheDir}

	// Compile (or load the cached constraint system).
	t0 := time.Now()
	var (
		cc  *feedproof.CompiledCircuit
		err error
	)
	switch {
	case *variant == "hashedM":
		cc, err = feedproof.CompileHashedM(s, feedproof.DefaultKMax)
	case *variant != "constM":
		err = fmt.Errorf("unknown variant %q", *variant)
	case *cacheDir != "":
		cc, err = cache.LoadOrCompile(s, feedproof.DefaultKMax)
	default:
		cc, err = feedproof.Compile(s, feedproof.DefaultKMax)
	}
	check(err)
	what := "compile"
	if *phase == "setup" || *phase == "prove" {
		what = "loadCircuit"
	}
	fmt.Printf("constraints=%d wires=%d %s=%v %s\n", cc.CS.GetNbConstraints(),
		cc.CS.GetNbInternalVariables()+cc.CS.GetNbSecretVariables()+cc.CS.GetNbPublicVariables(),
		what, since(t0), mem())
	if *cacheDir != "" {
		fmt.Printf("ccsBytes=%d\n", fileSize(cache, s.ID, ".ccs"))
	}
	if *phase == "compile" {
		return
	}

	// Keys: the development setup, or the cached keys.
	var (
		pk groth16.ProvingKey
		vk groth16.VerifyingKey
	)
	if *phase == "prove" {
		t0 = time.Now()
		pk, vk, err = cache.LoadKeys(s.ID, feedproof.DefaultKMax)
		check(err)
		fmt.Printf("loadKeys=%v %s\n", since(t0), mem())
	} else {
		t0 = time.Now()
		c0 := cpuTime()
		pk, vk, err = feedproof.SetupDev(cc)
		check(err)
		fmt.Printf("setupDev=%v (CPU %v) %s\n", since(t0), (cpuTime() - c0).Round(time.Millisecond), mem())
		if *cacheDir != "" {
			t0 = time.Now()
			check(cache.InstallKeys(cc, pk, vk, feedproof.SetupDevelopment))
			fmt.Printf("saveKeys=%v pkBytes=%d vkBytes=%d %s\n", since(t0), fileSize(cache, s.ID, ".pk"), fileSize(cache, s.ID, ".vk"), mem())
		}
	}
	if *phase == "setup" {
		return
	}

	r := rand.New(rand.NewPCG(42, 42))
	likes := r.Perm(*n)[:min(*nLikes, feedproof.MaxLikesFor(*n))]
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		check(err)
		check(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	var proveTimes, proveCPU, verifyTimes []time.Duration
	var proofBytes []byte
	for i := 0; i < *runs; i++ {
		t0 = time.Now()
		c0 := cpuTime()
		var p *feedproof.Proof
		if *variant == "hashedM" {
			p, err = feedproof.ProveHashedM(cc, pk, s, likes, *k, benchPublisher)
		} else {
			p, err = feedproof.Prove(cc, pk, s, likes, *k, benchPublisher)
		}
		check(err)
		proveTimes = append(proveTimes, time.Since(t0))
		proveCPU = append(proveCPU, cpuTime()-c0)
		proofBytes, err = p.Solidity()
		check(err)
		t0 = time.Now()
		check(feedproof.Verify(vk, p.Groth16, p.Public))
		verifyTimes = append(verifyTimes, time.Since(t0))
	}
	fmt.Printf("prove=%v (min %v, max %v, n=%d) proveCPU=%v verify=%v proofBytes=%d %s %s\n",
		median(proveTimes).Round(time.Millisecond), slices.Min(proveTimes).Round(time.Millisecond),
		slices.Max(proveTimes).Round(time.Millisecond), len(proveTimes), median(proveCPU).Round(time.Millisecond),
		median(verifyTimes).Round(10*time.Microsecond), len(proofBytes), mem(), loadAvg())
}

func since(t time.Time) time.Duration { return time.Since(t).Round(time.Millisecond) }

// mem reports the process's peak RSS so far (VmHWM) and the current RSS.
func mem() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return ""
	}
	var hwm, rss string
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 {
			switch f[0] {
			case "VmHWM:":
				hwm = f[1]
			case "VmRSS:":
				rss = f[1]
			}
		}
	}
	return fmt.Sprintf("[peakRSS=%sMiB rss=%sMiB]", kib2mib(hwm), kib2mib(rss))
}

func kib2mib(s string) string {
	var v int64
	fmt.Sscan(s, &v)
	return fmt.Sprint(v / 1024)
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	return "load=" + strings.Join(strings.Fields(string(b))[:3], ",")
}

func fileSize(c feedproof.Cache, id [32]byte, ext string) int64 {
	fi, err := os.Stat(filepath.Join(c.Dir, feedproof.CacheKey(id, feedproof.DefaultKMax)+ext))
	if err != nil {
		return -1
	}
	return fi.Size()
}

// cpuTime is the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func median(ts []time.Duration) time.Duration {
	s := slices.Clone(ts)
	slices.Sort(s)
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
