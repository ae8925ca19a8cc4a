package feedproof

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/consensys/gnark/backend/groth16"
)

// TestExportVerifier checks the exported source; with FEEDPROOF_SOL_OUT set it
// also writes the source (and a proof with its public inputs, for an EVM
// test) so the solc check in docs/proofs.md can compile it.
func TestExportVerifier(t *testing.T) {
	f := small(t)
	var buf bytes.Buffer
	if err := ExportVerifier(f.vk, &buf); err != nil {
		t.Fatal(err)
	}
	src := buf.String()
	for _, want := range []string{"pragma solidity " + SolidityPragma, "interface IFeedVerifier",
		"contract FeedVerifier is IFeedVerifier", "function verifyFeed(bytes calldata proof, uint256[6] calldata publicInputs) external view returns (bool)",
		"uint256 private constant IC5_Y", "mload(add(inputs, 0x80))", "staticcall(PAIRING_GAS, 0x08, p, 0x3c0, f, 0x20)"} {
		if !strings.Contains(src, want) {
			t.Fatalf("exported source lacks %q", want)
		}
	}
	if strings.Contains(src, "IC6_") || strings.Contains(src, "<no value>") {
		t.Fatal("exported source has more public points than the circuit, or a template hole")
	}
	// Keys of another shape (gnark's own setup: random γ and commitment
	// point) are refused rather than exported with a wrong check.
	pk, vk, err := groth16.Setup(f.cc.CS)
	if err != nil {
		t.Fatal(err)
	}
	_ = pk
	if err := ExportVerifier(vk, io.Discard); err == nil {
		t.Fatal("exported a verifier for a key with a random commitment point")
	}
	if out := os.Getenv("FEEDPROOF_SOL_OUT"); out != "" {
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		p := proveAndVerify(t, f, []int{1, 2, 3}, 10)
		b, _ := p.Solidity()
		var vec strings.Builder
		vec.WriteString("proof=0x")
		for _, x := range b {
			vec.WriteString(strings.ToLower(string("0123456789abcdef"[x>>4]) + string("0123456789abcdef"[x&15])))
		}
		vec.WriteString("\n")
		for i, w := range p.Public.Words() {
			vec.WriteString("input" + string(rune('0'+i)) + "=0x")
			for _, x := range w {
				vec.WriteString(string("0123456789abcdef"[x>>4]) + string("0123456789abcdef"[x&15]))
			}
			vec.WriteString("\n")
		}
		if err := os.WriteFile(out+".vector", []byte(vec.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
