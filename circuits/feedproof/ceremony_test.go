package feedproof

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestCeremonyTwoContributors runs a whole two-party ceremony on the feed
// circuit (N = 64, D = 16, domain 2^14). It takes minutes on 2 cores, so
// -short skips it.
func TestCeremonyTwoContributors(t *testing.T) {
	if testing.Short() {
		t.Skip("MPC ceremony takes minutes; run without -short")
	}
	s := randomSnapshot(64, 16, 11)
	cc, err := Compile(s, DefaultKMax)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	n := CeremonyDomainSize(cc)
	beacon1, beacon2 := []byte("beacon phase 1"), []byte("beacon phase 2")

	last := time.Now()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("step done in %v", time.Since(last).Round(time.Millisecond))
		last = time.Now()
	}
	must(Phase1Init(n, p("p1.0")))
	must(Phase1Contribute(p("p1.0"), p("p1.alice")))
	must(Phase1Contribute(p("p1.alice"), p("p1.bob")))
	must(Phase1Verify(n, beacon1, []string{p("p1.alice"), p("p1.bob")}, p("srs")))
	// a transcript with a contribution missing does not verify
	if Phase1Verify(n, beacon1, []string{p("p1.bob")}, p("srs.bad")) == nil {
		t.Fatal("phase 1 verified without the first contribution")
	}

	must(Phase2Init(cc, p("srs"), p("p2.0")))
	must(Phase2Contribute(p("p2.0"), p("p2.alice")))
	must(Phase2Contribute(p("p2.alice"), p("p2.bob")))
	transcript := []string{p("p2.alice"), p("p2.bob")}
	pk, vk, err := ExtractKeys(cc, p("srs"), beacon2, transcript)
	must(err)
	// a phase-2 transcript with the first contribution dropped is rejected
	if _, _, err := ExtractKeys(cc, p("srs"), beacon2, []string{p("p2.bob")}); err == nil {
		t.Fatal("phase 2 verified without the first contribution")
	}

	// keys work
	proof, err := Prove(cc, pk, s, []int{4, 8}, 6, testPublisher)
	must(err)
	must(Verify(vk, proof.Groth16, proof.Public))

	// an independent re-run from the transcript gives the same verifying key
	// (and so the same Solidity verifier)
	_, vk2, err := ExtractKeys(cc, p("srs"), beacon2, transcript)
	must(err)
	var a, b bytes.Buffer
	must(ExportVerifier(vk, &a))
	must(ExportVerifier(vk2, &b))
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("re-extracted verifier differs")
	}
	var va, vb bytes.Buffer
	_, _ = vk.WriteTo(&va)
	_, _ = vk2.WriteTo(&vb)
	if !bytes.Equal(va.Bytes(), vb.Bytes()) {
		t.Fatal("re-extracted verifying key differs")
	}
	// a different beacon gives a different key: the beacon is part of the
	// transcript an auditor must know
	_, vk3, err := ExtractKeys(cc, p("srs"), []byte("other"), transcript)
	must(err)
	var vc bytes.Buffer
	_, _ = vk3.WriteTo(&vc)
	if bytes.Equal(va.Bytes(), vc.Bytes()) {
		t.Fatal("beacon has no effect")
	}
	if fi, err := os.Stat(p("p2.bob")); err == nil {
		t.Logf("domain 2^%d, phase-2 contribution file %d KiB", bitLen(int(n))-1, fi.Size()>>10)
	}
}
