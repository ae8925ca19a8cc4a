// Command exportcheck lists the lk_* functions a built engine library exports
// (its ELF dynamic symbols) and fails unless they are exactly the expected
// list: exports.txt for the release library packed in the jar, exports.txt
// plus exports_lktest.txt for the test library (-tags lktest). The Maven build
// runs it on both libraries, so a test-only export can never ship.
//
//	go run ./cmd/exportcheck [-test] LIBRARY
package main

import (
	"bufio"
	"debug/elf"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	test := flag.Bool("test", false, "the library was built with -tags lktest")
	dir := flag.String("lists", ".", "directory holding exports.txt and exports_lktest.txt")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: exportcheck [-test] [-lists DIR] LIBRARY")
		os.Exit(2)
	}
	if err := check(flag.Arg(0), *dir, *test); err != nil {
		fmt.Fprintln(os.Stderr, "exportcheck:", err)
		os.Exit(1)
	}
}

func check(lib, dir string, test bool) error {
	want, err := readList(filepath.Join(dir, "exports.txt"))
	if err != nil {
		return err
	}
	if test {
		extra, err := readList(filepath.Join(dir, "exports_lktest.txt"))
		if err != nil {
			return err
		}
		want = append(want, extra...)
	}
	got, err := exported(lib)
	if err != nil {
		return err
	}
	slices.Sort(want)
	if missing, unexpected := diff(want, got), diff(got, want); len(missing)+len(unexpected) > 0 {
		return fmt.Errorf("%s exports %d lk_ functions; not exported but listed: %v; exported but not listed: %v",
			lib, len(got), missing, unexpected)
	}
	kind := "release"
	if test {
		kind = "test (lktest)"
	}
	fmt.Printf("exportcheck: %s library %s exports exactly the %d listed functions\n", kind, lib, len(got))
	return nil
}

// exported returns the sorted lk_* names in the library's dynamic symbol
// table (what dlsym, and so JNA, can find).
func exported(lib string) ([]string, error) {
	f, err := elf.Open(lib)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	syms, err := f.DynamicSymbols()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, s := range syms {
		if strings.HasPrefix(s.Name, "lk_") && elf.ST_TYPE(s.Info) == elf.STT_FUNC && s.Section != elf.SHN_UNDEF {
			out = append(out, s.Name)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// readList reads one name per line; blank lines and # comments are skipped.
func readList(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out, sc.Err()
}

// diff returns the names of a (sorted) that are not in b (sorted).
func diff(a, b []string) []string {
	var out []string
	for _, x := range a {
		if _, found := slices.BinarySearch(b, x); !found {
			out = append(out, x)
		}
	}
	return out
}
