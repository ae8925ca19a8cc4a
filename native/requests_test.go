package main

import (
	"errors"
	"strings"
	"testing"
)

// Requests of lk_ceremony_run, lk_ceremony_contribute and lk_snapshot_audit
// are decoded strictly and checked before any file is touched.

func TestCeremonyRequestsAreCheckedStrictly(t *testing.T) {
	good := map[string]string{
		"phase1-init":   `{"step":"phase1-init","cacheDir":"c","out":"o"}`,
		"phase1-verify": `{"step":"phase1-verify","cacheDir":"c","contributions":["a","b"],"beacon":"0xab","out":"o"}`,
		"phase2-init":   `{"step":"phase2-init","cacheDir":"c","srs":"s","out":"o"}`,
		"verify":        `{"step":"verify","cacheDir":"c","phase1":["a"],"phase2":["b"],"beacon1":"01","beacon2":"02","install":true}`,
	}
	for step, req := range good {
		if _, err := parseCeremonyRequest([]byte(req)); err != nil {
			t.Errorf("%s: %v", step, err)
		}
	}
	bad := map[string]string{
		`{"step":"phase3"}`: "unknown step",
		`{"step":"phase1-init","cacheDir":"c","out":"o","srs":"s"}`:                                                                    "unknown field",
		`{"step":"phase1-init","cacheDir":"c","out":"o"} {}`:                                                                           "trailing data",
		`{"step":"phase1-init","cacheDir":"c","out":""}`:                                                                               "empty path",
		`{"step":"phase1-init","out":"o"}`:                                                                                             "cache dir: empty path",
		`{"step":"phase1-verify","cacheDir":"c","contributions":[],"beacon":"ab","out":"o"}`:                                           "no file",
		`{"step":"phase1-verify","cacheDir":"c","contributions":["a"],"beacon":"xyz","out":"o"}`:                                       "not a hex string",
		`{"step":"phase1-verify","cacheDir":"c","contributions":["a"],"beacon":"","out":"o"}`:                                          "empty beacon",
		`{"step":"phase2-init","cacheDir":"c","srs":"a\u0000b","out":"o"}`:                                                             "NUL",
		`{"step":"verify","cacheDir":"c","phase1":["a"],"phase2":["b"],"beacon1":"01","beacon2":"` + strings.Repeat("ab", 1025) + `"}`: "at most 1024",
		`[1,2]`: "invalid JSON",
	}
	for req, want := range bad {
		_, err := parseCeremonyRequest([]byte(req))
		requireInvalid(t, req, err, want)
	}
}

func TestContributeAndAuditRequests(t *testing.T) {
	if _, err := parseContributeRequest([]byte(`{"phase":2,"in":"a","out":"b"}`)); err != nil {
		t.Fatal(err)
	}
	requireInvalid(t, "phase 3", func() error {
		_, err := parseContributeRequest([]byte(`{"phase":3,"in":"a","out":"b"}`))
		return err
	}(), "neither 1 nor 2")
	for _, ok := range []string{`{"keys":"cache","cacheDir":"d"}`,
		`{"keys":"ceremony","phase1":["a"],"phase2":["b"],"beacon1":"01","beacon2":"02"}`} {
		if _, err := parseAuditRequest([]byte(ok)); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for req, want := range map[string]string{
		`{"keys":"dev"}`:                        `"keys" must be`,
		`{"keys":"cache"}`:                      "empty path",
		`{"keys":"ceremony","phase1":["a"]}`:    "no file",
		`{"keys":"cache","cacheDir":"d","x":1}`: "unknown field",
	} {
		_, err := parseAuditRequest([]byte(req))
		requireInvalid(t, req, err, want)
	}
}

func requireInvalid(t *testing.T, req string, err error, want string) {
	t.Helper()
	var ee *engineError
	if !errors.As(err, &ee) || ee.code != codeInvalidArgument || !strings.Contains(ee.msg, want) {
		t.Errorf("%s: got %v, want an invalid-argument error mentioning %q", req, err, want)
	}
}

// FuzzRequests: the request decoders never panic, and every refusal is an
// invalid-argument error with a message (kept corpus in testdata/fuzz).
func FuzzRequests(f *testing.F) {
	for _, seed := range []string{
		`{"step":"phase1-verify","cacheDir":"c","contributions":["a","b"],"beacon":"0xab","out":"o"}`,
		`{"step":"verify","cacheDir":"c","phase1":["a"],"phase2":["b"],"beacon1":"01","beacon2":"02","install":true}`,
		`{"phase":1,"in":"a","out":"b"}`,
		`{"keys":"ceremony","phase1":["a"],"phase2":["b"],"beacon1":"01","beacon2":"02","workDir":"w"}`,
		`{"keys":"cache","cacheDir":"d"}`, `{}`, `null`, ``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, req []byte) {
		_, err1 := parseCeremonyRequest(req)
		_, err2 := parseContributeRequest(req)
		_, err3 := parseAuditRequest(req)
		for _, err := range []error{err1, err2, err3} {
			var ee *engineError
			if err != nil && (!errors.As(err, &ee) || ee.code != codeInvalidArgument || ee.msg == "") {
				t.Fatalf("refusal %v is not an invalid-argument error", err)
			}
		}
	})
}
