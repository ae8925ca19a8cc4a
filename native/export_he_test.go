//go:build lktest

package main

import "testing"

func TestHEExportsSelfTest(t *testing.T) {
	before := liveHandles()
	if err := heSelfTest(); err != nil {
		t.Fatal(err)
	}
	if after := liveHandles(); after != before {
		t.Fatalf("self-test leaked %d handles", after-before)
	}
}
