package main

import (
	"encoding/json"
	"testing"

	"lockerism/circuits/model"
)

// The release library's self-test passes without any test export.
func TestReleaseSelfTest(t *testing.T) {
	before := liveHandles()
	if err := selfTest(); err != nil {
		t.Fatal(err)
	}
	if liveHandles() != before {
		t.Fatal("the self-test leaked handles")
	}
}

func TestEngineInfoNamesEveryStatusCodeOnce(t *testing.T) {
	var info map[string]any
	if err := json.Unmarshal(mustJSON(currentEngineInfo()), &info); err != nil {
		t.Fatal(err)
	}
	codes := info["statusCodes"].(map[string]any)
	seen := map[float64]string{}
	for name, c := range codes {
		if other, dup := seen[c.(float64)]; dup {
			t.Fatalf("%s and %s share code %v", name, other, c)
		}
		seen[c.(float64)] = name
	}
	for c := codeOK; c <= codeEvaluatorFault; c++ {
		if _, ok := seen[float64(c)]; !ok {
			t.Fatalf("status code %d has no name", c)
		}
	}
	lim := info["limits"].(map[string]any)
	if lim["maxAccountIdBytes"].(float64) != model.MaxAccountIDBytes || lim["maxLikes"].(float64) != model.MaxLikes {
		t.Fatalf("limits %v", lim)
	}
}
