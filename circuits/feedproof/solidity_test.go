package feedproof

import (
	"bytes"
	"os"
	"strings"
	"testing"
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
	for _, want := range []string{"pragma solidity " + SolidityPragma, "contract Verifier", "interface IFeedVerifier",
		"contract FeedVerifier is Verifier, IFeedVerifier", "function verifyFeed(bytes calldata proof, uint256[5] calldata publicInputs) external view returns (bool)",
		"uint256[5] calldata input"} {
		if !strings.Contains(src, want) {
			t.Fatalf("exported source lacks %q", want)
		}
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
