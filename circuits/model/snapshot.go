package model

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf8"
)

// Canonical snapshot encoding, format version 1 — byte for byte what the
// Java app's model.SnapshotEncoding writes (the shared vectors in
// testdata/snapshot-vectors.json prove it on both sides).
//
// Every integer is an unsigned 32-bit big-endian value ("u32") below 2^31. A
// string ("str") is a u32 byte length followed by that many bytes of
// well-formed UTF-8. In order:
//
//	8 bytes   magic "LKSNAP\x00\x01"
//	u32       format version = 1
//	u32       D
//	u32       term columns
//	u32       niche columns          (D = terms + niches + StatColumns)
//	str       hash name, e.g. "fnv1a64"
//	u32       extractor version
//	u32       prior weight w
//	u32       N
//	D × str   column labels
//	N × str   account ids, non-empty, at most MaxAccountIDBytes, strictly
//	          increasing by their UTF-8 bytes
//	N·D bytes M, row-major, each 0..MaxFeature
//	N bytes   b, each 0..MaxPrior
//
// Nothing follows. Every snapshot has exactly one encoding and Decode accepts
// nothing else, so the SHA-256 of the bytes identifies the snapshot.

// Magic starts every encoded snapshot.
var Magic = [8]byte{'L', 'K', 'S', 'N', 'A', 'P', 0, 1}

// FormatVersion is the encoding version Decode reads and Encode writes.
const FormatVersion = 1

// ErrMalformed is wrapped by every error Decode returns.
var ErrMalformed = errors.New("malformed snapshot")

// Layout says how the D columns of M are laid out and how they were filled.
type Layout struct {
	D                int
	TermColumns      int
	NicheColumns     int
	HashName         string
	ExtractorVersion int
}

// Snapshot is a decoded, validated model snapshot. Profiles are in snapshot
// order (account ids sorted by their UTF-8 bytes); index i of M, B, every
// like-set and every feed refers to it.
type Snapshot struct {
	Layout     Layout
	Weight     int
	AccountIDs []string
	Labels     []string
	M          []uint8 // N×D, row-major
	B          []uint8 // N
	// ID is the SHA-256 of the canonical bytes: set by Decode, computed by
	// the engine itself and never taken from a caller.
	ID [32]byte
}

// N is the number of profiles.
func (s *Snapshot) N() int { return len(s.AccountIDs) }

// D is the number of feature columns.
func (s *Snapshot) D() int { return s.Layout.D }

// Decode parses and validates canonical snapshot bytes and computes the id.
// It never panics and never allocates more than a constant factor of len(b).
func Decode(b []byte) (*Snapshot, error) {
	r := reader{buf: b}
	s, err := r.snapshot()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if r.remaining() != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes after the snapshot", ErrMalformed, r.remaining())
	}
	s.ID = sha256.Sum256(b)
	return s, nil
}

// Encode returns the canonical bytes of a valid snapshot (ID is ignored).
func (s *Snapshot) Encode() ([]byte, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return s.encode(), nil
}

// encode writes the encoding without validating (tests use it to build
// invalid inputs).
func (s *Snapshot) encode() []byte {
	var w bytes.Buffer
	w.Grow(64 + len(s.M) + len(s.B) + 24*len(s.AccountIDs))
	w.Write(Magic[:])
	u32 := func(v int) { _ = binary.Write(&w, binary.BigEndian, uint32(v)) }
	str := func(v string) { u32(len(v)); w.WriteString(v) }
	u32(FormatVersion)
	u32(s.Layout.D)
	u32(s.Layout.TermColumns)
	u32(s.Layout.NicheColumns)
	str(s.Layout.HashName)
	u32(s.Layout.ExtractorVersion)
	u32(s.Weight)
	u32(s.N())
	for _, l := range s.Labels {
		str(l)
	}
	for _, id := range s.AccountIDs {
		str(id)
	}
	w.Write(s.M)
	w.Write(s.B)
	return w.Bytes()
}

// Validate checks every rule Decode enforces (Encode relies on it, so that
// whatever is encoded decodes again).
func (s *Snapshot) Validate() error {
	if err := s.Layout.validate(); err != nil {
		return err
	}
	if s.Weight < MinWeight || s.Weight > MaxWeight {
		return fmt.Errorf("prior weight %d outside [%d, %d]", s.Weight, MinWeight, MaxWeight)
	}
	if len(s.Labels) != s.Layout.D {
		return fmt.Errorf("%d labels for D = %d", len(s.Labels), s.Layout.D)
	}
	for j, l := range s.Labels {
		if len(l) >= 1<<31 || !utf8.ValidString(l) {
			return fmt.Errorf("label %d is not valid UTF-8", j)
		}
	}
	for i, id := range s.AccountIDs {
		if err := checkAccountID(i, []byte(id)); err != nil {
			return err
		}
		if i > 0 && id <= s.AccountIDs[i-1] {
			return fmt.Errorf("account ids not strictly increasing at index %d", i)
		}
	}
	n, d := s.N(), s.Layout.D
	if len(s.M) != n*d || len(s.B) != n {
		return fmt.Errorf("M has %d and b %d entries for N = %d, D = %d", len(s.M), len(s.B), n, d)
	}
	if err := checkRange("M", s.M, MaxFeature); err != nil {
		return err
	}
	return checkRange("b", s.B, MaxPrior)
}

func (l Layout) validate() error {
	if l.D < MinD || l.D > MaxD {
		return fmt.Errorf("D = %d outside [%d, %d]", l.D, MinD, MaxD)
	}
	if l.TermColumns < 1 || l.NicheColumns < 1 || l.TermColumns+l.NicheColumns+StatColumns != l.D {
		return fmt.Errorf("columns do not add up: terms %d + niches %d + stats %d != D %d",
			l.TermColumns, l.NicheColumns, StatColumns, l.D)
	}
	if l.HashName == "" || !utf8.ValidString(l.HashName) {
		return errors.New("the hash name must be non-empty UTF-8")
	}
	if l.ExtractorVersion < 1 {
		return fmt.Errorf("extractor version %d must be positive", l.ExtractorVersion)
	}
	return nil
}

func checkAccountID(i int, id []byte) error {
	switch {
	case len(id) == 0:
		return fmt.Errorf("account id %d is empty", i)
	case len(id) > MaxAccountIDBytes:
		return fmt.Errorf("account id %d is %d bytes, more than %d", i, len(id), MaxAccountIDBytes)
	case !utf8.Valid(id):
		return fmt.Errorf("account id %d is not valid UTF-8", i)
	}
	return nil
}

func checkRange(what string, v []uint8, max uint8) error {
	for k, x := range v {
		if x > max {
			return fmt.Errorf("%s[%d] = %d outside [0, %d]", what, k, x, max)
		}
	}
	return nil
}

// reader reads the encoding front to back; every read checks the length left.
type reader struct {
	buf []byte
	off int
}

func (r *reader) remaining() int { return len(r.buf) - r.off }

func (r *reader) bytes(n int, what string) ([]byte, error) {
	if n < 0 || n > r.remaining() {
		return nil, fmt.Errorf("the bytes end too early: %s needs %d bytes, %d left", what, n, r.remaining())
	}
	b := r.buf[r.off : r.off+n]
	r.off += n
	return b, nil
}

func (r *reader) u32(what string) (int, error) {
	b, err := r.bytes(4, what)
	if err != nil {
		return 0, err
	}
	v := binary.BigEndian.Uint32(b)
	if v >= 1<<31 {
		return 0, fmt.Errorf("%s out of range: %d", what, v)
	}
	return int(v), nil
}

func (r *reader) str(what string) ([]byte, error) {
	n, err := r.u32(what + " length")
	if err != nil {
		return nil, err
	}
	b, err := r.bytes(n, what)
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(b) {
		return nil, fmt.Errorf("%s is not valid UTF-8", what)
	}
	return b, nil
}

func (r *reader) snapshot() (*Snapshot, error) {
	magic, err := r.bytes(len(Magic), "magic")
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(magic, Magic[:]) {
		return nil, errors.New("not a Lockerism snapshot (bad magic)")
	}
	version, err := r.u32("format version")
	if err != nil {
		return nil, err
	}
	if version != FormatVersion {
		return nil, fmt.Errorf("unsupported snapshot format version %d", version)
	}
	var l Layout
	if l.D, err = r.u32("D"); err != nil {
		return nil, err
	}
	if l.TermColumns, err = r.u32("term columns"); err != nil {
		return nil, err
	}
	if l.NicheColumns, err = r.u32("niche columns"); err != nil {
		return nil, err
	}
	hash, err := r.str("hash name")
	if err != nil {
		return nil, err
	}
	l.HashName = string(hash)
	if l.ExtractorVersion, err = r.u32("extractor version"); err != nil {
		return nil, err
	}
	if err := l.validate(); err != nil {
		return nil, err
	}
	s := &Snapshot{Layout: l}
	if s.Weight, err = r.u32("weight"); err != nil {
		return nil, err
	}
	if s.Weight < MinWeight || s.Weight > MaxWeight {
		return nil, fmt.Errorf("prior weight %d outside [%d, %d]", s.Weight, MinWeight, MaxWeight)
	}
	n, err := r.u32("N")
	if err != nil {
		return nil, err
	}
	// Each profile needs at least 5 bytes of id, D of M and 1 of b: refuse a
	// huge N before allocating for it.
	if need := int64(n)*int64(l.D+6) + 4*int64(l.D); need > int64(r.remaining()) {
		return nil, fmt.Errorf("the bytes end too early: N = %d profiles need at least %d bytes, %d left", n, need, r.remaining())
	}
	s.Labels = make([]string, l.D)
	for j := range s.Labels {
		b, err := r.str(fmt.Sprintf("label %d", j))
		if err != nil {
			return nil, err
		}
		s.Labels[j] = string(b)
	}
	s.AccountIDs = make([]string, n)
	var prev []byte
	for i := range s.AccountIDs {
		id, err := r.str("account id")
		if err != nil {
			return nil, fmt.Errorf("account id %d: %w", i, err)
		}
		if err := checkAccountID(i, id); err != nil {
			return nil, err
		}
		if i > 0 && bytes.Compare(prev, id) >= 0 {
			return nil, fmt.Errorf("account ids not strictly increasing at index %d", i)
		}
		s.AccountIDs[i], prev = string(id), id
	}
	m, err := r.bytes(n*l.D, "M")
	if err != nil {
		return nil, err
	}
	b, err := r.bytes(n, "b")
	if err != nil {
		return nil, err
	}
	if err := checkRange("M", m, MaxFeature); err != nil {
		return nil, err
	}
	if err := checkRange("b", b, MaxPrior); err != nil {
		return nil, err
	}
	// Copies: the caller's buffer may be reused once Decode returns.
	s.M = bytes.Clone(m)
	s.B = bytes.Clone(b)
	return s, nil
}
