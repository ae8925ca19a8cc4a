//go:build lktest

package main

import "testing"

func TestChainExports(t *testing.T) {
	before := liveHandles()
	if err := chainABICheck(); err != nil {
		t.Fatal(err)
	}
	if after := liveHandles(); after != before {
		t.Fatalf("chain exports leaked %d handles", after-before)
	}
}
