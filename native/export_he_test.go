//go:build lktest

package main

import (
	"testing"

	"lockerism/native/he"
)

func TestHEExportsSelfTest(t *testing.T) {
	before := liveHandles()
	if err := heSelfTest(); err != nil {
		t.Fatal(err)
	}
	if after := liveHandles(); after != before {
		t.Fatalf("self-test leaked %d handles", after-before)
	}
}

// TestHESlotExports: the slot-packed exports through the C ABI, compared
// with the plaintext top-k, for the engine's G and for G = 64 (five blocks
// of 64 rows, so the top-k merges several replies).
func TestHESlotExports(t *testing.T) {
	for _, g := range []int32{0, 1, 64} {
		before := liveHandles()
		if err := heSlotSelfTest(g); err != nil {
			t.Fatalf("G=%d: %v", g, err)
		}
		if after := liveHandles(); after != before {
			t.Fatalf("G=%d: self-test leaked %d handles", g, after-before)
		}
	}
}

// FuzzSlotDeserialize: lk_he_deserialize of a query or reply frame never
// panics across the boundary and refuses bad input with a status.
func FuzzSlotDeserialize(f *testing.F) {
	q, r, err := slotFrames()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(uint8(4), q)
	f.Add(uint8(5), r)
	f.Add(uint8(5), r[:len(r)-1])
	f.Add(uint8(4), []byte{})
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		if err := deserializeOnce(he.Kind(4+kind%2), data); err != nil {
			t.Fatal(err)
		}
	})
}
