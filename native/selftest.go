package main

/*
#include <stdint.h>
*/
import "C"

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"

	"lockerism/circuits/feedproof"
	"lockerism/circuits/model"
	"lockerism/native/he"
)

// selfTest is the release library's start-up check (lk_self_test). It needs
// no test export: it drives the ABI's handle table, the snapshot codec and
// the BGV engine through their Go APIs and compares an encrypted scoring
// round trip with the plaintext model, so a library that loads but computes
// wrong scores on this machine is refused before it serves anyone.
func selfTest() error {
	if err := handleSelfTest(); err != nil {
		return err
	}
	s, err := selfTestSnapshot()
	if err != nil {
		return err
	}
	return heSelfTestRoundTrip(s)
}

// handleSelfTest: a buffer handle is created, read back, released, and a
// second release must be refused.
func handleSelfTest() error {
	want := []byte(versionString())
	h := newHandle(buffer(bytes.Clone(want)))
	got, err := handleValue[buffer](C.uint64_t(h), "self-test")
	if err != nil {
		return err
	}
	if !bytes.Equal(got, want) {
		return errorf(codeInternal, "self-test: buffer round trip changed the bytes")
	}
	if err := releaseHandle(C.uint64_t(h)); err != nil {
		return err
	}
	if releaseHandle(C.uint64_t(h)) == nil {
		return errorf(codeInternal, "self-test: a released handle was released twice")
	}
	return nil
}

// selfTestModel is a deterministic 300 × 64 snapshot.
func selfTestModel() *model.Snapshot {
	const n, d = 300, 64
	rng := rand.New(rand.NewPCG(11, 12))
	m := &model.Snapshot{
		Layout: model.Layout{D: d, TermColumns: d - 16 - model.StatColumns, NicheColumns: 16,
			HashName: "fnv1a64", ExtractorVersion: 1},
		Weight: 3, AccountIDs: make([]string, n), Labels: make([]string, d),
		M: make([]uint8, n*d), B: make([]uint8, n),
	}
	for i := range m.AccountIDs {
		m.AccountIDs[i] = fmt.Sprintf("creator%04d", i)
	}
	for j := range m.Labels {
		m.Labels[j] = fmt.Sprintf("c%d", j)
	}
	for k := range m.M {
		m.M[k] = uint8(rng.IntN(model.MaxFeature + 1))
	}
	for i := range m.B {
		m.B[i] = uint8(rng.IntN(model.MaxPrior + 1))
	}
	return m
}

// selfTestSnapshot encodes selfTestModel, decodes it and checks the id and
// the round trip.
func selfTestSnapshot() (*feedproof.Snapshot, error) {
	m := selfTestModel()
	b, err := m.Encode()
	if err != nil {
		return nil, fmt.Errorf("self-test: encode: %w", err)
	}
	s, err := feedproof.DecodeSnapshot(b)
	if err != nil {
		return nil, fmt.Errorf("self-test: decode: %w", err)
	}
	if s.ID != sha256.Sum256(b) || s.N != m.N() || s.D != m.D() || !bytes.Equal(s.M, m.M) {
		return nil, errorf(codeInternal, "self-test: the snapshot did not survive its encoding")
	}
	if _, err := model.Decode(b[:len(b)-1]); err == nil {
		return nil, errorf(codeInternal, "self-test: a truncated snapshot was accepted")
	}
	return s, nil
}

// heSelfTestRoundTrip likes three profiles (Enc(0) plus three rows, one of
// them added and removed again, each write re-randomized), stores and reloads Enc(u) as the locker
// would, builds a query from it, scores every block into a reply carried
// through its wire form and compares each decrypted score with the plaintext
// model.
func heSelfTestRoundTrip(s *feedproof.Snapshot) error {
	sk, pk, err := he.KeyGen()
	if err != nil {
		return err
	}
	ct, err := he.Encrypt(pk, make([]uint64, s.D))
	if err != nil {
		return err
	}
	row := func(i int) []byte { return s.M[i*s.D : (i+1)*s.D] }
	likes := []int{5, 17, 299}
	for _, i := range append(likes, 42) {
		if ct, err = he.AddRow(ct, row(i)); err != nil {
			return err
		}
		if ct, err = he.Rerandomize(pk, ct); err != nil {
			return err
		}
	}
	if ct, err = he.SubRow(ct, row(42)); err != nil {
		return err
	}
	if ct, err = he.Rerandomize(pk, ct); err != nil {
		return err
	}
	blob, err := ct.MarshalBinary()
	if err != nil {
		return err
	}
	if ct, err = he.UnmarshalCiphertext(blob); err != nil {
		return fmt.Errorf("self-test: reloading Enc(u): %w", err)
	}
	// the app's path: a query from Enc(u), replies through their wire form
	sm, err := newSlotModel(s, 0)
	if err != nil {
		return err
	}
	q, err := he.BuildQueryFromInterest(sk, ct, s.D, sm.Groups(), 0)
	if err != nil {
		return err
	}
	reply, err := sm.Score(q, 0, sm.NumBlocks(), 0)
	if err != nil {
		return err
	}
	wire, err := reply.MarshalBinary()
	if err != nil {
		return err
	}
	if reply, err = he.UnmarshalReply(wire); err != nil {
		return fmt.Errorf("self-test: reloading a reply: %w", err)
	}
	got, err := he.DecryptReply(sk, q, reply, 0)
	if err != nil {
		return err
	}
	want := s.Scores(likes)
	for r, v := range got {
		if uint64(v) != want[r] {
			return errorf(codeInternal, "self-test: the encrypted score of profile %d differs from the plaintext score", r)
		}
	}
	return nil
}
