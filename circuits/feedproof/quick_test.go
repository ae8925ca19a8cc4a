package feedproof

import (
	"testing"
	"time"
)

func TestQuickProve(t *testing.T) {
	s := randomSnapshot(64, 16, 1)
	t0 := time.Now()
	cc, err := Compile(s, DefaultKMax)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("constraints %d compile %v", cc.CS.GetNbConstraints(), time.Since(t0))
	pk, vk, err := SetupDev(cc)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Prove(cc, pk, s, []int{3, 9, 40}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(vk, p.Groth16, p.Public); err != nil {
		t.Fatal(err)
	}
	b, _ := p.Solidity()
	if err := VerifySolidityBytes(vk, b, p.Public); err != nil {
		t.Fatal(err)
	}
}
