package feedproof

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/backend/groth16"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/consensys/gnark/backend/solidity"
	"github.com/consensys/gnark/backend/witness"
	"github.com/consensys/gnark/constraint"
	csbn254 "github.com/consensys/gnark/constraint/bn254"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"golang.org/x/crypto/sha3"
)

// CompiledCircuit is the R1CS of one snapshot's feed circuit.
type CompiledCircuit struct {
	CS         constraint.ConstraintSystem
	SnapshotID [32]byte
	KMax       int
}

// PublicInputs are the statement's six values, in the order IFeedVerifier
// takes them: [snapshotIdHi, snapshotIdLo, C_L, C_F, k, publisher]. The proof
// itself has four public inputs derived from them (ProofInputs).
type PublicInputs [NbPublic]*big.Int

// Proof is a feed proof with everything the app needs alongside it.
// Salts and Scores are secret: never log or store them in plaintext.
type Proof struct {
	Groth16 groth16.Proof
	Public  PublicInputs
	Feed    []int    // F in rank order
	Scores  []uint64 // s_i for every profile (compare with decrypted HE scores)
	CL, CF  *big.Int
	SaltL   *big.Int
	SaltF   *big.Int
}

// Solidity returns the proof bytes for IFeedVerifier.verifyFeed
// (gnark's MarshalSolidity layout, 384 bytes with one commitment).
func (p *Proof) Solidity() ([]byte, error) {
	sp, ok := p.Groth16.(interface{ MarshalSolidity() []byte })
	if !ok {
		return nil, errors.New("feedproof: proof has no Solidity encoding")
	}
	return sp.MarshalSolidity(), nil
}

// IDTag is keccak256(snapshot id) >> 16: 240 bits of the id's hash, the
// part of KID that binds the snapshot.
func IDTag(id [32]byte) *big.Int {
	h := sha3.NewLegacyKeccak256()
	h.Write(id[:])
	return new(big.Int).Rsh(new(big.Int).SetBytes(h.Sum(nil)), 16)
}

// KID packs a snapshot id and a feed length k < 2^8 into one field element:
// IDTag(id)·2^8 + k (< 2^248). The verifier contract computes the same from
// the ledger's arguments, so one public input carries both.
func KID(id [32]byte, k int) (*big.Int, error) {
	if k < 0 || k > 255 {
		return nil, fmt.Errorf("feedproof: k = %d does not fit the public input", k)
	}
	v := new(big.Int).Lsh(IDTag(id), 8)
	return v.Or(v, big.NewInt(int64(k))), nil
}

// Publisher is the EVM address a proof is made for: only a transaction from
// it can record the proof (FeedLedger passes msg.sender).
type Publisher [20]byte

// Int is the address as the circuit's public input (< 2^160).
func (a Publisher) Int() *big.Int { return new(big.Int).SetBytes(a[:]) }

// ProofInputs returns the proof's public inputs [C_L, C_F, KID, publisher],
// checking that every statement value is in range: the id halves below
// 2^128, C_L and C_F reduced modulo r (a non-canonical commitment would
// otherwise verify as its reduction), k below 2^8, the publisher below 2^160.
func (pi PublicInputs) ProofInputs() ([NbProofInputs]*big.Int, error) {
	var out [NbProofInputs]*big.Int
	for i, v := range pi {
		if v == nil || v.Sign() < 0 {
			return out, errors.New("feedproof: missing or negative public input")
		}
		if i < 2 && v.BitLen() > 128 {
			return out, errors.New("feedproof: snapshot id half above 2^128")
		}
	}
	if pi[2].Cmp(fr.Modulus()) >= 0 || pi[3].Cmp(fr.Modulus()) >= 0 {
		return out, errors.New("feedproof: commitment not reduced modulo r")
	}
	if !pi[4].IsInt64() {
		return out, errors.New("feedproof: k out of range")
	}
	if pi[5].BitLen() > PublisherBits {
		return out, errors.New("feedproof: publisher is not a 160-bit address")
	}
	var id [32]byte
	pi[0].FillBytes(id[:16])
	pi[1].FillBytes(id[16:])
	kid, err := KID(id, int(pi[4].Int64()))
	if err != nil {
		return out, err
	}
	return [NbProofInputs]*big.Int{pi[2], pi[3], kid, pi[5]}, nil
}

// Words returns the public inputs as 32-byte big-endian words.
func (pi PublicInputs) Words() [NbPublic][32]byte {
	var out [NbPublic][32]byte
	for i, v := range pi {
		v.FillBytes(out[i][:])
	}
	return out
}

// Compile builds the constraint system for snapshot s with feeds up to kMax.
func Compile(s *Snapshot, kMax int) (*CompiledCircuit, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if kMax < 1 || kMax > 64 {
		return nil, fmt.Errorf("feedproof: kMax = %d outside [1, 64]", kMax)
	}
	cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, newCircuit(s, kMax))
	if err != nil {
		return nil, fmt.Errorf("feedproof: compile: %w", err)
	}
	return &CompiledCircuit{CS: cs, SnapshotID: s.ID, KMax: kMax}, nil
}

// SetupDev runs a local, single-party Groth16 setup (devSetup: the ceremony's
// key shape, fixed-base tables). Development only: whoever ran it could forge
// proofs. Production keys come from the MPC ceremony.
func SetupDev(cc *CompiledCircuit) (groth16.ProvingKey, groth16.VerifyingKey, error) {
	r1cs, ok := cc.CS.(*csbn254.R1CS)
	if !ok {
		return nil, nil, errors.New("feedproof: not a BN254 R1CS")
	}
	pk, vk, err := devSetup(r1cs)
	if err != nil {
		return nil, nil, err
	}
	return pk, vk, nil
}

// witnessFor builds the full assignment for a like-set, feed length and
// publisher.
func witnessFor(s *Snapshot, kMax int, likes []int, k int, publisher Publisher) (*Circuit, *Proof, error) {
	if k < 1 || k > kMax {
		return nil, nil, fmt.Errorf("feedproof: k = %d outside [1, %d]", k, kMax)
	}
	sorted, err := s.normalizeLikes(likes)
	if err != nil {
		return nil, nil, err
	}
	feed, scores := s.Feed(sorted, k)
	return assign(s, kMax, sorted, k, feed, scores, publisher)
}

// assign builds the assignment for an explicit feed (tests use it to try
// dishonest feeds; Prove always passes the reference feed).
func assign(s *Snapshot, kMax int, sorted []int, k int, feed []int, scores []uint64, publisher Publisher) (*Circuit, *Proof, error) {
	saltL, err := RandomSalt()
	if err != nil {
		return nil, nil, err
	}
	saltF, err := RandomSalt()
	if err != nil {
		return nil, nil, err
	}
	cl, err := CommitLikes(sorted, saltL)
	if err != nil {
		return nil, nil, err
	}
	cf, err := CommitFeed(feed, kMax, saltF)
	if err != nil {
		return nil, nil, err
	}
	hi, lo := s.IDHalves()
	kid, err := KID(s.ID, k)
	if err != nil {
		return nil, nil, err
	}

	a := newCircuit(s, kMax)
	a.CL, a.CF, a.KID, a.Publisher = cl, cf, kid, publisher.Int()
	for i := 0; i < s.N; i++ {
		a.InL[i] = 0
	}
	for _, i := range sorted {
		a.InL[i] = 1
	}
	for j, v := range s.Interest(sorted) {
		a.U[j] = v
	}
	key := func(i int) *big.Int {
		v := new(big.Int).SetUint64(scores[i])
		v.Mul(v, big.NewInt(int64(s.N)))
		return v.Add(v, big.NewInt(int64(s.N-1-i)))
	}
	le, _ := EncodeList(sorted, MaxLikes)
	for j := range le {
		a.LikeList[j] = le[j]
		a.LikeSel[j] = boolInt(j < len(sorted))
		a.LikeKeys[j] = 0
		if j < len(sorted) {
			a.LikeKeys[j] = key(sorted[j])
		}
	}
	fe, _ := EncodeList(feed, kMax)
	for r := range fe {
		a.FeedList[r] = fe[r]
		a.FeedSel[r] = boolInt(r < len(feed))
		a.FeedKeys[r] = 0
		if r < len(feed) && feed[r] >= 0 && feed[r] < s.N {
			a.FeedKeys[r] = key(feed[r])
		}
	}
	a.CountSel = boolInt(k <= s.N-len(sorted))
	a.SaltL, a.SaltF = saltL, saltF

	p := &Proof{
		Public: PublicInputs{hi, lo, cl, cf, big.NewInt(int64(k)), publisher.Int()},
		Feed:   feed, Scores: scores, CL: cl, CF: cf, SaltL: saltL, SaltF: saltF,
	}
	return a, p, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Prove computes the feed for (likes, k) with the reference model and proves
// it for the publisher, the only address that can record it. The snapshot
// must be the one cc was compiled for.
func Prove(cc *CompiledCircuit, pk groth16.ProvingKey, s *Snapshot, likes []int, k int, publisher Publisher) (*Proof, error) {
	if s.ID != cc.SnapshotID {
		return nil, errors.New("feedproof: snapshot does not match the compiled circuit")
	}
	a, p, err := witnessFor(s, cc.KMax, likes, k, publisher)
	if err != nil {
		return nil, err
	}
	w, err := fullWitness(a)
	if err != nil {
		return nil, fmt.Errorf("feedproof: witness: %w", err)
	}
	proof, err := groth16.Prove(cc.CS, pk, w, solidity.WithProverTargetSolidityVerifier(backend.GROTH16))
	if err != nil {
		return nil, fmt.Errorf("feedproof: prove: %w", err)
	}
	p.Groth16 = proof
	return p, nil
}

// fullWitness lays out a's values as gnark's full witness: the public inputs,
// then the secret ones, each in struct field order. It is what
// frontend.NewWitness computes by reflection — which formats a name for every
// one of the ~2N slice entries and cost about 5% of a proof at N = 100,000;
// a test checks that both agree.
func fullWitness(a *Circuit) (witness.Witness, error) {
	public := []frontend.Variable{a.CL, a.CF, a.KID, a.Publisher}
	secret := [][]frontend.Variable{a.InL, a.U, a.LikeList, a.LikeSel, a.LikeKeys,
		a.FeedList, a.FeedSel, a.FeedKeys, {a.CountSel, a.SaltL, a.SaltF}, a.MPriv}
	nbSecret := 0
	for _, s := range secret {
		nbSecret += len(s)
	}
	vec := make(fr.Vector, 0, len(public)+nbSecret)
	for _, s := range append([][]frontend.Variable{public}, secret...) {
		for _, v := range s {
			var e fr.Element
			if _, err := e.SetInterface(v); err != nil {
				return nil, err
			}
			vec = append(vec, e)
		}
	}
	var buf bytes.Buffer
	buf.Grow(12 + fr.Bytes*len(vec))
	binary.Write(&buf, binary.BigEndian, uint32(len(public)))
	binary.Write(&buf, binary.BigEndian, uint32(nbSecret))
	if _, err := vec.WriteTo(&buf); err != nil {
		return nil, err
	}
	w, err := witness.New(ecc.BN254.ScalarField())
	if err != nil {
		return nil, err
	}
	return w, w.UnmarshalBinary(buf.Bytes())
}

// PublicWitness builds gnark's public witness (the four proof inputs) from
// the six statement values.
func PublicWitness(pub PublicInputs) (witness.Witness, error) {
	in, err := pub.ProofInputs()
	if err != nil {
		return nil, err
	}
	w, err := witness.New(ecc.BN254.ScalarField())
	if err != nil {
		return nil, err
	}
	ch := make(chan any, NbProofInputs)
	for _, v := range in {
		ch <- v
	}
	close(ch)
	if err := w.Fill(NbProofInputs, 0, ch); err != nil {
		return nil, err
	}
	return w, nil
}

// Verify checks a proof against the verifying key and public inputs.
func Verify(vk groth16.VerifyingKey, proof groth16.Proof, pub PublicInputs) error {
	if err := CheckInputsBound(vk); err != nil {
		return err
	}
	w, err := PublicWitness(pub)
	if err != nil {
		return err
	}
	return groth16.Verify(proof, vk, w, solidity.WithVerifierTargetSolidityVerifier(backend.GROTH16))
}

// VerifySolidityBytes checks proof bytes in the MarshalSolidity layout (the
// same bytes verifyFeed receives) against public inputs.
func VerifySolidityBytes(vk groth16.VerifyingKey, proofBytes []byte, pub PublicInputs) error {
	proof := groth16.NewProof(ecc.BN254)
	if err := unmarshalSolidity(proof, proofBytes); err != nil {
		return err
	}
	return Verify(vk, proof, pub)
}

// unmarshalSolidity inverts MarshalSolidity for one commitment:
// Ar(64) | Bs(128) | Krs(64) | Commitment(64) | PoK(64).
func unmarshalSolidity(proof groth16.Proof, b []byte) error {
	const base, withCommit = 256, 384
	if len(b) != withCommit {
		return fmt.Errorf("feedproof: proof is %d bytes, want %d", len(b), withCommit)
	}
	raw := make([]byte, 0, len(b)+4)
	raw = append(raw, b[:base]...)
	raw = append(raw, 0, 0, 0, 1) // one commitment
	raw = append(raw, b[base:]...)
	_, err := proof.ReadFrom(bytes.NewReader(raw))
	return err
}

// CheckInputsBound refuses a verifying key in which a public input is not
// bound: an input that appears in no constraint gets the point at infinity
// as its verifying-key point, so any value of it verifies with the same
// proof. For the publisher that would let anyone take a proof's attribution.
func CheckInputsBound(vk groth16.VerifyingKey) error {
	v, ok := vk.(*groth16bn254.VerifyingKey)
	if !ok {
		return errors.New("feedproof: not a BN254 verifying key")
	}
	// K[0] is the constant wire, K[1..] the public inputs in circuit order.
	for i := 1; i < len(v.G1.K) && i <= NbProofInputs; i++ {
		if v.G1.K[i].IsInfinity() {
			return fmt.Errorf("feedproof: public input %d is in no constraint: the proof does not bind it", i-1)
		}
	}
	return nil
}
