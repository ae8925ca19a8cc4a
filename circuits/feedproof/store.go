package feedproof

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/consensys/gnark"
	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
)

// Serialized formats are gnark's and change between gnark versions, so every
// artifact carries a header with the cache key and is rejected on mismatch.

const magic = "LKFP1\n"

// CacheKey identifies artifacts of one circuit: snapshot id, feed bound,
// gnark version and circuit version.
func CacheKey(snapshotID [32]byte, kMax int) string {
	return fmt.Sprintf("%s-k%d-gnark%s-%s", hex.EncodeToString(snapshotID[:]), kMax, gnark.Version.String(), CircuitVersion)
}

func writeHeader(w io.Writer, key string) error {
	_, err := fmt.Fprintf(w, "%s%s\n", magic, key)
	return err
}

func readHeader(r *bufio.Reader, key string) error {
	m := make([]byte, len(magic))
	if _, err := io.ReadFull(r, m); err != nil || string(m) != magic {
		return errors.New("feedproof: not a feedproof artifact")
	}
	line, err := r.ReadString('\n')
	if err != nil {
		return err
	}
	if got := line[:len(line)-1]; got != key {
		return fmt.Errorf("feedproof: artifact is for %q, want %q", got, key)
	}
	return nil
}

// Write serializes the constraint system with its cache key.
func (cc *CompiledCircuit) Write(w io.Writer) error {
	if err := writeHeader(w, CacheKey(cc.SnapshotID, cc.KMax)); err != nil {
		return err
	}
	_, err := cc.CS.WriteTo(w)
	return err
}

// ReadCompiled reads a constraint system written by Write for the given
// snapshot id and kMax.
func ReadCompiled(r io.Reader, snapshotID [32]byte, kMax int) (*CompiledCircuit, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	if err := readHeader(br, CacheKey(snapshotID, kMax)); err != nil {
		return nil, err
	}
	cs := groth16.NewCS(ecc.BN254)
	if _, err := cs.ReadFrom(br); err != nil {
		return nil, err
	}
	return &CompiledCircuit{CS: cs, SnapshotID: snapshotID, KMax: kMax}, nil
}

// WriteProvingKey writes pk (uncompressed points: larger, fast to load).
func WriteProvingKey(w io.Writer, snapshotID [32]byte, kMax int, pk groth16.ProvingKey) error {
	if err := writeHeader(w, CacheKey(snapshotID, kMax)); err != nil {
		return err
	}
	_, err := pk.WriteRawTo(w)
	return err
}

// ReadProvingKey reads a key written by WriteProvingKey.
func ReadProvingKey(r io.Reader, snapshotID [32]byte, kMax int) (groth16.ProvingKey, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	if err := readHeader(br, CacheKey(snapshotID, kMax)); err != nil {
		return nil, err
	}
	pk := groth16.NewProvingKey(ecc.BN254)
	if _, err := pk.UnsafeReadFrom(br); err != nil {
		return nil, err
	}
	return pk, nil
}

// WriteVerifyingKey writes vk (compressed points, subgroup-checked on read).
func WriteVerifyingKey(w io.Writer, snapshotID [32]byte, kMax int, vk groth16.VerifyingKey) error {
	if err := writeHeader(w, CacheKey(snapshotID, kMax)); err != nil {
		return err
	}
	_, err := vk.WriteTo(w)
	return err
}

// ReadVerifyingKey reads a key written by WriteVerifyingKey.
func ReadVerifyingKey(r io.Reader, snapshotID [32]byte, kMax int) (groth16.VerifyingKey, error) {
	br := bufio.NewReader(r)
	if err := readHeader(br, CacheKey(snapshotID, kMax)); err != nil {
		return nil, err
	}
	vk := groth16.NewVerifyingKey(ecc.BN254)
	if _, err := vk.ReadFrom(br); err != nil {
		return nil, err
	}
	return vk, nil
}

// Cache stores artifacts in a directory, one file per kind and cache key:
// <key>.ccs, <key>.pk, <key>.vk.
type Cache struct{ Dir string }

func (c Cache) path(id [32]byte, kMax int, ext string) string {
	return filepath.Join(c.Dir, CacheKey(id, kMax)+ext)
}

// LoadOrCompile returns the cached constraint system, compiling (and
// caching) it when absent.
func (c Cache) LoadOrCompile(s *Snapshot, kMax int) (*CompiledCircuit, error) {
	if f, err := os.Open(c.path(s.ID, kMax, ".ccs")); err == nil {
		defer f.Close()
		return ReadCompiled(f, s.ID, kMax)
	}
	cc, err := Compile(s, kMax)
	if err != nil {
		return nil, err
	}
	return cc, writeAtomic(c.path(s.ID, kMax, ".ccs"), cc.Write)
}

// SaveKeys stores pk and vk for a compiled circuit. The proving key is
// streamed to disk (hundreds of MB at N = 100,000), never buffered whole.
func (c Cache) SaveKeys(cc *CompiledCircuit, pk groth16.ProvingKey, vk groth16.VerifyingKey) error {
	id, kMax := cc.SnapshotID, cc.KMax
	if err := writeAtomic(c.path(id, kMax, ".pk"), func(w io.Writer) error { return WriteProvingKey(w, id, kMax, pk) }); err != nil {
		return err
	}
	return writeAtomic(c.path(id, kMax, ".vk"), func(w io.Writer) error { return WriteVerifyingKey(w, id, kMax, vk) })
}

// LoadKeys reads pk and vk; os.ErrNotExist when not cached.
func (c Cache) LoadKeys(id [32]byte, kMax int) (groth16.ProvingKey, groth16.VerifyingKey, error) {
	fp, err := os.Open(c.path(id, kMax, ".pk"))
	if err != nil {
		return nil, nil, err
	}
	defer fp.Close()
	fv, err := os.Open(c.path(id, kMax, ".vk"))
	if err != nil {
		return nil, nil, err
	}
	defer fv.Close()
	pk, err := ReadProvingKey(fp, id, kMax)
	if err != nil {
		return nil, nil, err
	}
	vk, err := ReadVerifyingKey(fv, id, kMax)
	return pk, vk, err
}

// writeAtomic writes a file through a temporary file and a rename, so a
// reader never sees a partial artifact; write streams through a buffer.
func writeAtomic(path string, write func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(tmp, 1<<20)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Setup kinds recorded next to cached keys (<key>.setup), so the app can tell
// whether a snapshot's keys came from the local development setup (whoever ran
// it could forge proofs) or from a verified MPC ceremony.
const (
	SetupDevelopment = "development"
	SetupCeremony    = "ceremony"
)

// CeremonySetup is the setup record of keys extracted from a ceremony
// transcript with the given public beacons.
func CeremonySetup(beacon1, beacon2 []byte) string {
	return SetupCeremony + ":" + hex.EncodeToString(beacon1) + ":" + hex.EncodeToString(beacon2)
}

// SaveSetup records which setup produced the cached keys.
func (c Cache) SaveSetup(id [32]byte, kMax int, setup string) error {
	return writeAtomic(c.path(id, kMax, ".setup"), func(w io.Writer) error {
		_, err := io.WriteString(w, setup+"\n")
		return err
	})
}

// LoadSetup returns the recorded setup of the cached keys. Keys cached before
// setups were recorded came from the development setup (the only one that
// wrote keys then), so a missing record reads as SetupDevelopment.
func (c Cache) LoadSetup(id [32]byte, kMax int) (string, error) {
	b, err := os.ReadFile(c.path(id, kMax, ".setup"))
	if errors.Is(err, os.ErrNotExist) {
		return SetupDevelopment, nil
	}
	if err != nil {
		return "", err
	}
	return string(bytes.TrimSpace(b)), nil
}

// InstallKeys replaces the cached keys with pk/vk and records their setup.
// The old record is removed first, so an interrupted install never leaves a
// ceremony record next to other keys (a missing record reads as development).
func (c Cache) InstallKeys(cc *CompiledCircuit, pk groth16.ProvingKey, vk groth16.VerifyingKey, setup string) error {
	if err := os.Remove(c.path(cc.SnapshotID, cc.KMax, ".setup")); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := c.SaveKeys(cc, pk, vk); err != nil {
		return err
	}
	return c.SaveSetup(cc.SnapshotID, cc.KMax, setup)
}

// VerifyingKeyHash is the SHA-256 (hex) of vk's canonical (compressed)
// serialization: what independent verifiers of a ceremony compare.
func VerifyingKeyHash(vk groth16.VerifyingKey) (string, error) {
	h := sha256.New()
	if _, err := vk.WriteTo(h); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
