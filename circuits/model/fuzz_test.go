package model

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"
)

// FuzzDecode: Decode never panics, and whatever it accepts is canonical
// (re-encodes to the same bytes) and carries the SHA-256 of the input as id.
// The kept corpus is in testdata/fuzz/FuzzDecode; `go test` runs it.
func FuzzDecode(f *testing.F) {
	raw, err := os.ReadFile(vectorsFile)
	if err != nil {
		f.Fatal(err)
	}
	var vf vectorFile
	if err := json.Unmarshal(raw, &vf); err != nil {
		f.Fatal(err)
	}
	for _, v := range vf.Valid {
		b, _ := hex.DecodeString(v.Hex)
		f.Add(b)
	}
	for _, v := range vf.Invalid {
		b, _ := hex.DecodeString(v.Hex)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Decode(data)
		if err != nil {
			return
		}
		if s.ID != sha256.Sum256(data) {
			t.Fatal("the id is not the SHA-256 of the input")
		}
		again, err := s.Encode()
		if err != nil {
			t.Fatalf("an accepted snapshot does not encode: %v", err)
		}
		if !bytes.Equal(again, data) {
			t.Fatal("an accepted snapshot is not canonical")
		}
	})
}
