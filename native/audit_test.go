package main

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"lockerism/circuits/feedproof"
	"lockerism/circuits/model"
)

func auditSnapshot(t *testing.T, seed int) *feedproof.Snapshot {
	t.Helper()
	m := &model.Snapshot{
		Layout: model.Layout{D: 16, TermColumns: 12, NicheColumns: 1, HashName: "fnv1a64", ExtractorVersion: 1},
		Weight: 2, AccountIDs: make([]string, 12), Labels: make([]string, 16), M: make([]uint8, 12*16), B: make([]uint8, 12),
	}
	for i := range m.AccountIDs {
		m.AccountIDs[i] = fmt.Sprintf("c%02d", i)
	}
	for k := range m.M {
		m.M[k] = uint8((k*seed + k/3) % 16)
	}
	b, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	s, err := openSnapshot(b)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func cacheAudit(t *testing.T, s *feedproof.Snapshot, dir string) (*auditResult, error) {
	t.Helper()
	load, err := parseAuditRequest([]byte(fmt.Sprintf(`{"keys":"cache","cacheDir":%q}`, dir)))
	if err != nil {
		t.Fatal(err)
	}
	return audit(s, load)
}

// The audit rebuilds the circuit from the snapshot, proves a sample feed with
// the cached keys and returns what the chain must match; keys of another
// snapshot's circuit are refused.
func TestAuditWithCachedKeys(t *testing.T) {
	a, b := auditSnapshot(t, 5), auditSnapshot(t, 7)
	dir := t.TempDir()
	p, err := loadOrSetUp(a, feedproof.DefaultKMax, dir, true)
	if err != nil {
		t.Fatal(err)
	}
	res, err := cacheAudit(t, a, dir)
	if err != nil {
		t.Fatal(err)
	}
	vkHash, _ := feedproof.VerifyingKeyHash(p.vk)
	if res.VkSha256 != vkHash || res.Setup != feedproof.SetupDevelopment || res.Profiles != 12 ||
		!strings.Contains(res.VerifierSolidity, "contract FeedVerifier") || len(res.SampleProof.PublicInputs) != feedproof.NbPublic {
		t.Fatalf("audit result %+v", res)
	}
	if _, err := cacheAudit(t, b, dir); err == nil || !strings.Contains(err.Error(), "no keys for snapshot") {
		t.Fatalf("a snapshot without keys: %v", err)
	}
	// The operator puts a's keys where b's belong: the proof b's rebuilt
	// circuit makes with them cannot verify.
	other := t.TempDir()
	ccB, err := feedproof.Compile(b, feedproof.DefaultKMax)
	if err != nil {
		t.Fatal(err)
	}
	if err := (feedproof.Cache{Dir: other}).SaveKeys(ccB, p.pk, p.vk); err != nil {
		t.Fatal(err)
	}
	_, err = cacheAudit(t, b, other)
	var ee *engineError
	if !errors.As(err, &ee) || ee.code != codeMalformedInput || !strings.Contains(ee.msg, "do not belong to this snapshot's circuit") {
		t.Fatalf("keys of another circuit: %v", err)
	}
}
