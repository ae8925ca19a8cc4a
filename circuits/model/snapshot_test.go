package model

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
)

// The cross-language test vectors: the Java app's SnapshotEncodingVectorsTest
// reads the same file, so both decoders accept exactly the valid vectors, give
// them the same id and reject every invalid one.
const vectorsFile = "testdata/snapshot-vectors.json"

var updateVectors = flag.Bool("update-vectors", false, "rewrite "+vectorsFile)

type validVector struct {
	Name             string   `json:"name"`
	Hex              string   `json:"hex"`
	ID               string   `json:"id"`
	D                int      `json:"d"`
	TermColumns      int      `json:"termColumns"`
	NicheColumns     int      `json:"nicheColumns"`
	HashName         string   `json:"hashName"`
	ExtractorVersion int      `json:"extractorVersion"`
	Weight           int      `json:"weight"`
	AccountIDs       []string `json:"accountIds"`
	Labels           []string `json:"labels"`
	MatrixHex        string   `json:"matrixHex"`
	PriorHex         string   `json:"priorHex"`
}

type invalidVector struct {
	Name   string `json:"name"`
	Hex    string `json:"hex"`
	Reason string `json:"reason"` // a substring of the Go decoder's message
}

type vectorFile struct {
	Comment string          `json:"comment"`
	Valid   []validVector   `json:"valid"`
	Invalid []invalidVector `json:"invalid"`
}

func TestSharedVectors(t *testing.T) {
	if *updateVectors {
		writeVectors(t)
	}
	raw, err := os.ReadFile(vectorsFile)
	if err != nil {
		t.Fatal(err)
	}
	var f vectorFile
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Valid) < 3 || len(f.Invalid) < 15 {
		t.Fatalf("vector file has %d valid and %d invalid vectors", len(f.Valid), len(f.Invalid))
	}
	for _, v := range f.Valid {
		t.Run(v.Name, func(t *testing.T) {
			b := mustHex(t, v.Hex)
			s, err := Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			if got := hex.EncodeToString(s.ID[:]); got != v.ID {
				t.Fatalf("id %s, want %s", got, v.ID)
			}
			want := fromVector(t, v)
			want.ID = s.ID
			if !reflect.DeepEqual(s, want) {
				t.Fatalf("decoded %+v\nwant %+v", s, want)
			}
			again, err := s.Encode()
			if err != nil || !bytes.Equal(again, b) {
				t.Fatalf("re-encoding differs (%v)", err)
			}
		})
	}
	for _, v := range f.Invalid {
		t.Run(v.Name, func(t *testing.T) {
			_, err := Decode(mustHex(t, v.Hex))
			if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), v.Reason) {
				t.Fatalf("error %v, want one mentioning %q", err, v.Reason)
			}
		})
	}
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fromVector(t *testing.T, v validVector) *Snapshot {
	return &Snapshot{
		Layout: Layout{D: v.D, TermColumns: v.TermColumns, NicheColumns: v.NicheColumns,
			HashName: v.HashName, ExtractorVersion: v.ExtractorVersion},
		Weight: v.Weight, AccountIDs: v.AccountIDs, Labels: v.Labels,
		M: mustHex(t, v.MatrixHex), B: mustHex(t, v.PriorHex),
	}
}

// sampleSnapshot is a small valid snapshot whose account ids sort differently
// by UTF-16 code units than by code points (U+FF5E before U+1F600), with an
// empty and a non-ASCII label, and values at both bounds.
func sampleSnapshot() *Snapshot {
	ids := []string{"a", "ab", "zoë", "\uff5eLeo", "\U0001F600smile"}
	d := 16
	labels := make([]string, d)
	for j := range labels {
		labels[j] = fmt.Sprintf("term:%d", j)
	}
	labels[3], labels[12] = "", "niche:música"
	labels[13], labels[14], labels[15] = "followers", "engagement", "verified"
	s := &Snapshot{
		Layout: Layout{D: d, TermColumns: 12, NicheColumns: 1, HashName: "fnv1a64", ExtractorVersion: 1},
		Weight: 3, AccountIDs: ids, Labels: labels, M: make([]uint8, len(ids)*d), B: make([]uint8, len(ids)),
	}
	for k := range s.M {
		s.M[k] = uint8((k*7 + k/5) % 16)
	}
	for i := range s.B {
		s.B[i] = uint8(i * 15 / (len(ids) - 1))
	}
	return s
}

func clone(s *Snapshot) *Snapshot {
	c := *s
	c.AccountIDs = append([]string(nil), s.AccountIDs...)
	c.Labels = append([]string(nil), s.Labels...)
	c.M = bytes.Clone(s.M)
	c.B = bytes.Clone(s.B)
	return &c
}

func writeVectors(t *testing.T) {
	small := sampleSnapshot()
	empty := &Snapshot{Layout: Layout{D: 16, TermColumns: 12, NicheColumns: 1, HashName: "fnv1a64", ExtractorVersion: 1},
		Weight: 1, Labels: small.Labels, M: []uint8{}, B: []uint8{}}
	wide := &Snapshot{Layout: Layout{D: MaxD, TermColumns: 110, NicheColumns: 15, HashName: "fnv1a64", ExtractorVersion: 2},
		Weight: MaxWeight, AccountIDs: []string{"x", strings.Repeat("é", MaxAccountIDBytes/2)},
		Labels: make([]string, MaxD), M: bytes.Repeat([]uint8{MaxFeature}, 2*MaxD), B: []uint8{0, MaxPrior}}
	for j := range wide.Labels {
		wide.Labels[j] = fmt.Sprintf("c%d", j)
	}
	f := vectorFile{Comment: "Canonical snapshot encoding (format 1) test vectors shared by the Go " +
		"engine (circuits/model) and the Java app (model.SnapshotEncoding). Regenerate with " +
		"`go test ./model -run TestSharedVectors -update-vectors` in circuits/, then check the " +
		"Java test still passes."}
	for _, c := range []struct {
		name string
		s    *Snapshot
	}{{"five-profiles", small}, {"no-profiles", empty}, {"widest-rows-longest-id", wide}} {
		b, err := c.s.Encode()
		if err != nil {
			t.Fatal(err)
		}
		d, err := Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		f.Valid = append(f.Valid, validVector{Name: c.name, Hex: hex.EncodeToString(b),
			ID: hex.EncodeToString(d.ID[:]), D: c.s.Layout.D, TermColumns: c.s.Layout.TermColumns,
			NicheColumns: c.s.Layout.NicheColumns, HashName: c.s.Layout.HashName,
			ExtractorVersion: c.s.Layout.ExtractorVersion, Weight: c.s.Weight,
			AccountIDs: append([]string{}, c.s.AccountIDs...), Labels: c.s.Labels,
			MatrixHex: hex.EncodeToString(c.s.M), PriorHex: hex.EncodeToString(c.s.B)})
	}
	good := small.encode()
	mutate := func(name, reason string, fn func(s *Snapshot)) {
		s := clone(small)
		fn(s)
		f.Invalid = append(f.Invalid, invalidVector{Name: name, Hex: hex.EncodeToString(s.encode()), Reason: reason})
	}
	raw := func(name, reason string, b []byte) {
		f.Invalid = append(f.Invalid, invalidVector{Name: name, Hex: hex.EncodeToString(b), Reason: reason})
	}
	patch := func(off int, with ...byte) []byte {
		b := bytes.Clone(good)
		copy(b[off:], with)
		return b
	}
	raw("empty-input", "end too early", []byte{})
	raw("bad-magic", "bad magic", patch(0, 'X'))
	raw("format-version-2", "format version 2", patch(11, 2))
	raw("trailing-byte", "trailing", append(bytes.Clone(good), 0))
	raw("truncated", "end too early", good[:len(good)-1])
	raw("length-above-2^31", "out of range", patch(12, 0x80))
	raw("huge-n", "N = 1000000", func() []byte {
		// N sits after magic, version, D, terms, niches, "fnv1a64", extractor, w.
		off := 8 + 4*4 + 4 + len("fnv1a64") + 4 + 4
		return patch(off, 0x00, 0x0f, 0x42, 0x40)
	}())
	mutate("ids-out-of-order", "not strictly increasing", func(s *Snapshot) { s.AccountIDs[0], s.AccountIDs[1] = s.AccountIDs[1], s.AccountIDs[0] })
	mutate("duplicate-id", "not strictly increasing", func(s *Snapshot) { s.AccountIDs[1] = s.AccountIDs[0] })
	mutate("utf16-order", "not strictly increasing", func(s *Snapshot) { s.AccountIDs[3], s.AccountIDs[4] = s.AccountIDs[4], s.AccountIDs[3] })
	mutate("empty-id", "is empty", func(s *Snapshot) { s.AccountIDs[0] = "" })
	mutate("id-129-bytes", "more than 128", func(s *Snapshot) { s.AccountIDs[4] = "\U0001F600" + strings.Repeat("z", MaxAccountIDBytes-3) })
	mutate("feature-16", "M[", func(s *Snapshot) { s.M[17] = MaxFeature + 1 })
	mutate("prior-16", "b[", func(s *Snapshot) { s.B[2] = MaxPrior + 1 })
	mutate("weight-0", "prior weight 0", func(s *Snapshot) { s.Weight = 0 })
	mutate("weight-256", "prior weight 256", func(s *Snapshot) { s.Weight = MaxWeight + 1 })
	mutate("d-15", "D = 15", func(s *Snapshot) {
		s.Layout = Layout{D: 15, TermColumns: 11, NicheColumns: 1, HashName: "fnv1a64", ExtractorVersion: 1}
		s.Labels = s.Labels[:15]
		s.M = s.M[:15*s.N()]
	})
	mutate("columns-do-not-add-up", "do not add up", func(s *Snapshot) { s.Layout.TermColumns = 11 })
	mutate("no-niche-column", "do not add up", func(s *Snapshot) { s.Layout.TermColumns, s.Layout.NicheColumns = 13, 0 })
	mutate("empty-hash-name", "hash name", func(s *Snapshot) { s.Layout.HashName = "" })
	mutate("extractor-version-0", "extractor version", func(s *Snapshot) { s.Layout.ExtractorVersion = 0 })
	mutate("label-bad-utf8", "not valid UTF-8", func(s *Snapshot) { s.Labels[2] = "a\xc3(" })
	mutate("id-surrogate", "not valid UTF-8", func(s *Snapshot) { s.AccountIDs[2] = "zo\xed\xa0\x80" })
	mutate("id-overlong", "not valid UTF-8", func(s *Snapshot) { s.AccountIDs[2] = "zo\xc0\xaf" })
	mutate("hash-name-bad-utf8", "not valid UTF-8", func(s *Snapshot) { s.Layout.HashName = "fnv\xff" })
	out, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(vectorsFile, append(out, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestEncodeRefusesWhatDecodeRefuses(t *testing.T) {
	s := sampleSnapshot()
	s.AccountIDs[0] = ""
	if _, err := s.Encode(); err == nil {
		t.Fatal("an empty id was encoded")
	}
}

func TestDecodeCopiesItsInput(t *testing.T) {
	b, err := sampleSnapshot().Encode()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	m0 := s.M[0]
	for i := range b {
		b[i] = 0xff
	}
	if s.M[0] != m0 {
		t.Fatal("the decoded matrix aliases the input buffer")
	}
}
