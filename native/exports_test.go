package main

import (
	"bufio"
	"go/build/constraint"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestExportListsMatchTheSources: exports.txt lists exactly the //export
// functions of files built without tags, exports_lktest.txt exactly those of
// files that need -tags lktest. cmd/exportcheck holds the built libraries to
// the same lists, so the lists, the sources and the binaries agree.
func TestExportListsMatchTheSources(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var release, test []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		lktest, names := exportsOf(t, f)
		if lktest {
			test = append(test, names...)
		} else {
			release = append(release, names...)
		}
	}
	for _, c := range []struct {
		list string
		got  []string
	}{{"exports.txt", release}, {"exports_lktest.txt", test}} {
		want := readList(t, c.list)
		slices.Sort(c.got)
		if !slices.Equal(c.got, want) {
			t.Errorf("%s lists %v, the sources export %v", c.list, want, c.got)
		}
	}
}

// exportsOf returns whether file f builds only with the lktest tag, and its
// //export names.
func exportsOf(t *testing.T, f string) (lktest bool, names []string) {
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if constraint.IsGoBuild(line) {
			expr, err := constraint.Parse(line)
			if err != nil {
				t.Fatal(err)
			}
			with := expr.Eval(func(tag string) bool { return tag == "lktest" || tag == "cgo" })
			without := expr.Eval(func(tag string) bool { return tag == "cgo" })
			if !with || without {
				t.Fatalf("%s: build constraint %q: only lktest may select files", f, line)
			}
			lktest = true
		}
		if name, ok := strings.CutPrefix(line, "//export "); ok {
			names = append(names, strings.TrimSpace(name))
		}
	}
	return lktest, names
}

func readList(t *testing.T, path string) []string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}
