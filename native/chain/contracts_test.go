package chain

// Tests of contracts/ (ModelRegistry, FeedLedger) on a real EVM: the embedded
// dev chain. The contracts are compiled by contracts/compile.mjs with the
// pinned solc-js, as the Maven build does; Node.js and npm are build
// prerequisites.

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend/groth16"

	"lockerism/circuits/feedproof"
)

const contractsDir = "../../contracts"

var (
	compileOnce sync.Once
	compiledDir string
	compileErr  error
)

// compiledArtifacts compiles the product contracts and the test fixtures once
// per test binary and returns the artifact directory.
func compiledArtifacts(t *testing.T) string {
	t.Helper()
	compileOnce.Do(func() {
		if _, err := exec.LookPath("node"); err != nil {
			compileErr = fmt.Errorf("node is required to compile the contracts (a build prerequisite): %v", err)
			return
		}
		if _, err := os.Stat(filepath.Join(contractsDir, "node_modules", "solc")); err != nil {
			cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
			cmd.Dir = contractsDir
			if out, err := cmd.CombinedOutput(); err != nil {
				compileErr = fmt.Errorf("npm ci in %s: %v\n%s", contractsDir, err, out)
				return
			}
		}
		dir, err := os.MkdirTemp("", "lockerism-contracts-test-")
		if err != nil {
			compileErr = err
			return
		}
		sources, _ := filepath.Glob(filepath.Join(contractsDir, "src", "*.sol"))
		args := append([]string{filepath.Join(contractsDir, "compile.mjs"), "--out", dir}, sources...)
		args = append(args, filepath.Join("testdata", "LedgerFixtures.sol"))
		cmd := exec.Command("node", args...)
		if out, err := cmd.CombinedOutput(); err != nil {
			compileErr = fmt.Errorf("compile.mjs: %v\n%s", err, out)
			return
		}
		compiledDir = dir
	})
	if compileErr != nil {
		t.Fatal(compileErr)
	}
	return compiledDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if compiledDir != "" {
		os.RemoveAll(compiledDir)
	}
	os.Exit(code)
}

type artifact struct {
	Name     string
	ABI      abi.ABI
	Bytecode []byte
}

func loadArtifact(t *testing.T, name string) *artifact {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(compiledArtifacts(t), name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var a struct {
		ABI              json.RawMessage `json:"abi"`
		Bytecode         string          `json:"bytecode"`
		DeployedBytecode string          `json:"deployedBytecode"`
	}
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	parsed, err := abi.JSON(bytes.NewReader(a.ABI))
	if err != nil {
		t.Fatalf("%s ABI: %v", name, err)
	}
	code, err := hexutil.Decode(a.Bytecode)
	if err != nil {
		t.Fatalf("%s bytecode: %v", name, err)
	}
	return &artifact{Name: name, ABI: parsed, Bytecode: code}
}

// env is one dev chain with a client and the deployer's key.
type env struct {
	t   *testing.T
	ctx context.Context
	c   *DevChain
	cl  *ethclient.Client
	key *ecdsa.PrivateKey
}

func newEnv(t *testing.T) *env {
	t.Helper()
	c := startChain(t, 0)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	cl, err := ethclient.DialContext(ctx, c.RPCURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return &env{t: t, ctx: ctx, c: c, cl: cl, key: c.DeployerKey()}
}

// fundedAccount creates an account funded with 5 ether by the deployer.
func (e *env) fundedAccount() *ecdsa.PrivateKey {
	e.t.Helper()
	key, err := crypto.GenerateKey()
	if err != nil {
		e.t.Fatal(err)
	}
	to := crypto.PubkeyToAddress(key.PublicKey)
	r := e.send(e.key, &to, big.NewInt(5*params.Ether), nil, 21000)
	if r.Status != types.ReceiptStatusSuccessful {
		e.t.Fatal("funding failed")
	}
	return key
}

func (e *env) send(key *ecdsa.PrivateKey, to *common.Address, value *big.Int, data []byte, gas uint64) *types.Receipt {
	e.t.Helper()
	return sendFrom(e.t, e.ctx, e.cl, key, to, value, data, gas)
}

func (e *env) pack(a *artifact, method string, args ...any) []byte {
	e.t.Helper()
	data, err := a.ABI.Pack(method, args...)
	if err != nil {
		e.t.Fatalf("%s.%s: pack: %v", a.Name, method, err)
	}
	return data
}

// deploy creates a contract from the deployer's account.
func (e *env) deploy(a *artifact, args ...any) (common.Address, *types.Receipt) {
	e.t.Helper()
	data := append(append([]byte{}, a.Bytecode...), e.pack(a, "", args...)...)
	gas, err := e.cl.EstimateGas(e.ctx, ethereum.CallMsg{From: e.c.Deployer(), Data: data})
	if err != nil {
		e.t.Fatalf("deploy %s: estimate: %v", a.Name, err)
	}
	r := e.send(e.key, nil, big.NewInt(0), data, gas*12/10)
	if r.Status != types.ReceiptStatusSuccessful {
		e.t.Fatalf("deploy %s: reverted", a.Name)
	}
	return r.ContractAddress, r
}

// transact sends a call that must succeed.
func (e *env) transact(key *ecdsa.PrivateKey, to common.Address, a *artifact, method string, args ...any) *types.Receipt {
	e.t.Helper()
	data := e.pack(a, method, args...)
	from := crypto.PubkeyToAddress(key.PublicKey)
	gas, err := e.cl.EstimateGas(e.ctx, ethereum.CallMsg{From: from, To: &to, Data: data})
	if err != nil {
		e.t.Fatalf("%s.%s: estimate: %v (%s)", a.Name, method, err, describeRevert(a, err))
	}
	r := e.send(key, &to, big.NewInt(0), data, gas*12/10)
	if r.Status != types.ReceiptStatusSuccessful {
		e.t.Fatalf("%s.%s: reverted on chain", a.Name, method)
	}
	return r
}

// view calls a view function and returns its outputs.
func (e *env) view(to common.Address, a *artifact, method string, args ...any) []any {
	e.t.Helper()
	out, err := e.cl.CallContract(e.ctx, ethereum.CallMsg{To: &to, Data: e.pack(a, method, args...)}, nil)
	if err != nil {
		e.t.Fatalf("%s.%s: %v", a.Name, method, err)
	}
	vals, err := a.ABI.Unpack(method, out)
	if err != nil {
		e.t.Fatalf("%s.%s: unpack: %v", a.Name, method, err)
	}
	return vals
}

// revertData extracts the revert payload from an eth_call / eth_estimateGas error.
func revertData(err error) ([]byte, bool) {
	var de rpc.DataError
	if !errors.As(err, &de) {
		return nil, false
	}
	s, ok := de.ErrorData().(string)
	if !ok {
		return nil, false
	}
	b, err := hexutil.Decode(s)
	return b, err == nil
}

func describeRevert(a *artifact, err error) string {
	data, ok := revertData(err)
	if !ok || len(data) < 4 {
		return "no revert data"
	}
	for name, e := range a.ABI.Errors {
		if bytes.Equal(e.ID[:4], data[:4]) {
			args, _ := e.Unpack(data)
			return fmt.Sprintf("%s%v", name, args)
		}
	}
	return hexutil.Encode(data)
}

// expectRevert checks that a call reverts with the custom error wantErr and
// arguments wantArgs, both in eth_call and when mined (status 0, state unchanged).
func (e *env) expectRevert(key *ecdsa.PrivateKey, to *common.Address, a *artifact, data []byte, wantErr string, wantArgs ...any) {
	e.t.Helper()
	from := crypto.PubkeyToAddress(key.PublicKey)
	_, err := e.cl.CallContract(e.ctx, ethereum.CallMsg{From: from, To: to, Data: data, Gas: 5_000_000}, nil)
	if err == nil {
		e.t.Fatalf("expected revert %s, call succeeded", wantErr)
	}
	got, ok := revertData(err)
	if !ok {
		e.t.Fatalf("expected revert %s, got %v without revert data", wantErr, err)
	}
	ce, ok := a.ABI.Errors[wantErr]
	if !ok {
		e.t.Fatalf("%s has no error %s", a.Name, wantErr)
	}
	if len(got) < 4 || !bytes.Equal(got[:4], ce.ID[:4]) {
		e.t.Fatalf("expected revert %s, got %s", wantErr, describeRevert(a, err))
	}
	vals, err := ce.Inputs.Unpack(got[4:])
	if err != nil {
		e.t.Fatalf("%s: unpack: %v", wantErr, err)
	}
	if len(vals) != len(wantArgs) {
		e.t.Fatalf("%s: %d args, want %d", wantErr, len(vals), len(wantArgs))
	}
	for i := range vals {
		if !reflect.DeepEqual(vals[i], wantArgs[i]) {
			e.t.Fatalf("%s arg %d = %v, want %v", wantErr, i, vals[i], wantArgs[i])
		}
	}
	// Mined, the transaction fails too.
	r := e.send(key, to, big.NewInt(0), data, 1_000_000)
	if r.Status != types.ReceiptStatusFailed {
		e.t.Fatalf("expected %s, transaction succeeded on chain", wantErr)
	}
}

func addrOf(key *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(key.PublicKey) }

// id32 makes a snapshot id the way the app does: a SHA-256 digest.
func id32(s string) [32]byte { return sha256.Sum256([]byte("snapshot:" + s)) }

func TestModelRegistry(t *testing.T) {
	e := newEnv(t)
	reg := loadArtifact(t, "ModelRegistry")
	fixed := loadArtifact(t, "FixedProofVerifier")

	// The operator cannot be the zero address.
	e.expectRevert(e.key, nil, reg, append(append([]byte{}, reg.Bytecode...), e.pack(reg, "", common.Address{})...), "ZeroOperator")

	registry, _ := e.deploy(reg, e.c.Deployer())
	verifier, _ := e.deploy(fixed)
	if op := e.view(registry, reg, "operator")[0].(common.Address); op != e.c.Deployer() {
		t.Fatalf("operator %s", op)
	}

	id := id32("A")
	meta := `{"N":1000,"D":64,"w":3,"setup":"test"}`
	if v := e.view(registry, reg, "verifierOf", id)[0].(common.Address); v != (common.Address{}) {
		t.Fatalf("unregistered snapshot has verifier %s", v)
	}
	r := e.transact(e.key, registry, reg, "register", id, verifier, meta)
	t.Logf("gas: register (metadata %d bytes) = %d", len(meta), r.GasUsed)

	// SnapshotRegistered(bytes32 indexed snapshotId, address verifier, string metadata)
	ev := reg.ABI.Events["SnapshotRegistered"]
	var found bool
	for _, l := range r.Logs {
		if l.Address != registry || l.Topics[0] != ev.ID {
			continue
		}
		found = true
		if l.Topics[1] != common.Hash(id) {
			t.Fatalf("event snapshotId %s", l.Topics[1])
		}
		vals, err := ev.Inputs.NonIndexed().Unpack(l.Data)
		if err != nil {
			t.Fatal(err)
		}
		if vals[0].(common.Address) != verifier || vals[1].(string) != meta {
			t.Fatalf("event fields %v", vals)
		}
	}
	if !found {
		t.Fatal("no SnapshotRegistered event")
	}
	if v := e.view(registry, reg, "verifierOf", id)[0].(common.Address); v != verifier {
		t.Fatalf("verifierOf = %s, want %s", v, verifier)
	}
	if !e.view(registry, reg, "isRegistered", id)[0].(bool) {
		t.Fatal("isRegistered false")
	}
	snap := e.view(registry, reg, "snapshotOf", id)
	block, err := e.cl.HeaderByNumber(e.ctx, r.BlockNumber)
	if err != nil {
		t.Fatal(err)
	}
	if snap[0].(common.Address) != verifier || snap[1].(string) != meta || snap[2].(*big.Int).Uint64() != block.Time {
		t.Fatalf("snapshotOf = %v (block time %d)", snap, block.Time)
	}

	// Append-only: the same id cannot be registered again, with any verifier.
	other, _ := e.deploy(fixed)
	e.expectRevert(e.key, &registry, reg, e.pack(reg, "register", id, other, "{}"), "SnapshotAlreadyRegistered", id)
	e.expectRevert(e.key, &registry, reg, e.pack(reg, "register", id, verifier, meta), "SnapshotAlreadyRegistered", id)
	if v := e.view(registry, reg, "verifierOf", id)[0].(common.Address); v != verifier {
		t.Fatalf("verifier changed to %s", v)
	}

	// Operator only.
	stranger := e.fundedAccount()
	idB := id32("B")
	e.expectRevert(stranger, &registry, reg, e.pack(reg, "register", idB, verifier, "{}"), "NotOperator")
	e.expectRevert(stranger, &registry, reg, e.pack(reg, "transferOperator", addrOf(stranger)), "NotOperator")

	// Verifier checks.
	e.expectRevert(e.key, &registry, reg, e.pack(reg, "register", idB, common.Address{}, "{}"), "ZeroVerifier")
	eoa := addrOf(stranger)
	e.expectRevert(e.key, &registry, reg, e.pack(reg, "register", idB, eoa, "{}"), "VerifierNotAContract", eoa)
	if e.view(registry, reg, "isRegistered", idB)[0].(bool) {
		t.Fatal("failed registration left an entry")
	}

	// Enumeration.
	e.transact(e.key, registry, reg, "register", idB, other, "")
	if n := e.view(registry, reg, "snapshotCount")[0].(*big.Int); n.Int64() != 2 {
		t.Fatalf("snapshotCount %v", n)
	}
	if got := e.view(registry, reg, "snapshotIdAt", big.NewInt(1))[0].([32]byte); got != idB {
		t.Fatalf("snapshotIdAt(1) = %x", got)
	}
	if _, err := e.cl.CallContract(e.ctx, ethereum.CallMsg{To: &registry, Data: e.pack(reg, "snapshotIdAt", big.NewInt(2))}, nil); err == nil {
		t.Fatal("snapshotIdAt past the end succeeded")
	}

	// Transferring the operator role.
	e.expectRevert(e.key, &registry, reg, e.pack(reg, "transferOperator", common.Address{}), "ZeroOperator")
	e.transact(e.key, registry, reg, "transferOperator", addrOf(stranger))
	if op := e.view(registry, reg, "operator")[0].(common.Address); op != addrOf(stranger) {
		t.Fatalf("operator %s after transfer", op)
	}
	idC := id32("C")
	e.expectRevert(e.key, &registry, reg, e.pack(reg, "register", idC, verifier, "{}"), "NotOperator")
	e.transact(stranger, registry, reg, "register", idC, verifier, "{}")
}

// ledgerEnv deploys a registry, a ledger and a FixedProofVerifier registered
// for snapshot "S".
type ledgerEnv struct {
	*env
	reg, led, fix       *artifact
	registry, ledger    common.Address
	verifier            common.Address
	snapshot            [32]byte
	viewer              *ecdsa.PrivateKey
	feedVerifiedEventID common.Hash
}

func newLedgerEnv(t *testing.T) *ledgerEnv {
	e := newEnv(t)
	le := &ledgerEnv{env: e, reg: loadArtifact(t, "ModelRegistry"), led: loadArtifact(t, "FeedLedger"), fix: loadArtifact(t, "FixedProofVerifier")}
	le.registry, _ = e.deploy(le.reg, e.c.Deployer())
	var r *types.Receipt
	le.ledger, r = e.deploy(le.led, le.registry)
	t.Logf("gas: deploy FeedLedger = %d", r.GasUsed)
	le.verifier, _ = e.deploy(le.fix)
	le.snapshot = id32("S")
	e.transact(e.key, le.registry, le.reg, "register", le.snapshot, le.verifier, `{"N":1000,"D":64,"w":3}`)
	le.viewer = e.fundedAccount()
	le.feedVerifiedEventID = le.led.ABI.Events["FeedVerified"].ID
	return le
}

// inputs computes the public inputs independently of the contracts.
func inputs(snapshot, commitL, commitF [32]byte, k int64, publisher common.Address) [6]*big.Int {
	return [6]*big.Int{
		new(big.Int).SetBytes(snapshot[:16]),
		new(big.Int).SetBytes(snapshot[16:]),
		new(big.Int).SetBytes(commitL[:]),
		new(big.Int).SetBytes(commitF[:]),
		big.NewInt(k),
		new(big.Int).SetBytes(publisher[:]),
	}
}

// proofFor asks the fixture verifier for the one proof it accepts for these inputs.
func (le *ledgerEnv) proofFor(in [6]*big.Int) []byte {
	return le.view(le.verifier, le.fix, "expectedProof", in)[0].([]byte)
}

func (le *ledgerEnv) recordData(snapshot [32]byte, proof []byte, commitL, commitF [32]byte, k int64) []byte {
	return le.pack(le.led, "record", snapshot, proof, commitL, commitF, big.NewInt(k))
}

// recordCount counts the ledger's FeedVerified events (the ledger keeps no
// counter: it would cost every record a storage write).
func (le *ledgerEnv) recordCount() int64 {
	logs, err := le.cl.FilterLogs(le.ctx, ethereum.FilterQuery{
		FromBlock: big.NewInt(0),
		Addresses: []common.Address{le.ledger},
		Topics:    [][]common.Hash{{le.feedVerifiedEventID}},
	})
	if err != nil {
		le.t.Fatal(err)
	}
	return int64(len(logs))
}

func TestFeedLedgerHappyPathAndEvent(t *testing.T) {
	le := newLedgerEnv(t)
	if got := le.view(le.ledger, le.led, "registry")[0].(common.Address); got != le.registry {
		t.Fatalf("registry() = %s", got)
	}
	commitL := [32]byte(crypto.Keccak256Hash([]byte("likes")))
	commitF := [32]byte(crypto.Keccak256Hash([]byte("feed")))
	// Commitments are field elements in practice: keep them below 2^253.
	commitL[0] &= 0x0f
	commitF[0] &= 0x0f
	const k = 20
	in := inputs(le.snapshot, commitL, commitF, k, addrOf(le.viewer))

	// The ledger lays out the public inputs as documented.
	got := le.view(le.ledger, le.led, "publicInputs", le.snapshot, commitL, commitF, big.NewInt(k), addrOf(le.viewer))[0].([6]*big.Int)
	for i := range in {
		if got[i].Cmp(in[i]) != 0 {
			t.Fatalf("publicInputs[%d] = %v, want %v", i, got[i], in[i])
		}
	}
	proof := le.proofFor(in)
	if len(proof) != 64 {
		t.Fatalf("fixture proof is %d bytes", len(proof))
	}
	if le.view(le.ledger, le.led, "isRecorded", le.snapshot, commitF)[0].(bool) {
		t.Fatal("recorded before record()")
	}
	r := le.transact(le.viewer, le.ledger, le.led, "record", le.snapshot, proof, commitL, commitF, big.NewInt(k))
	t.Logf("gas: record() with the fixture verifier (64-byte proof) = %d", r.GasUsed)

	// FeedVerified(bytes32 indexed snapshotId, bytes32 commitL, bytes32 commitF, uint256 k, address indexed submitter)
	var logs []*types.Log
	for _, l := range r.Logs {
		if l.Address == le.ledger && l.Topics[0] == le.feedVerifiedEventID {
			logs = append(logs, l)
		}
	}
	if len(logs) != 1 {
		t.Fatalf("%d FeedVerified events", len(logs))
	}
	checkFeedVerified(t, le, logs[0], commitL, commitF, k)

	// The same event through eth_getLogs, filtered by indexed snapshot id and submitter.
	filtered, err := le.cl.FilterLogs(le.ctx, ethereum.FilterQuery{
		FromBlock: big.NewInt(0),
		Addresses: []common.Address{le.ledger},
		Topics: [][]common.Hash{
			{le.feedVerifiedEventID},
			{common.Hash(le.snapshot)},
			{common.BytesToHash(addrOf(le.viewer).Bytes())},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(filtered) != 1 {
		t.Fatalf("eth_getLogs found %d events", len(filtered))
	}
	checkFeedVerified(t, le, &filtered[0], commitL, commitF, k)

	if !le.view(le.ledger, le.led, "isRecorded", le.snapshot, commitF)[0].(bool) {
		t.Fatal("isRecorded false after record()")
	}
	if le.view(le.ledger, le.led, "isRecorded", le.snapshot, commitL)[0].(bool) {
		t.Fatal("isRecorded true for another commitment")
	}
	if n := le.recordCount(); n != 1 {
		t.Fatalf("recordCount %d", n)
	}
	// A second record (the first one also warmed nothing the second needs:
	// both pay the same).
	commitF2 := commitF
	commitF2[31] ^= 1
	r2 := le.transact(le.viewer, le.ledger, le.led, "record", le.snapshot, le.proofFor(inputs(le.snapshot, commitL, commitF2, k, addrOf(le.viewer))), commitL, commitF2, big.NewInt(k))
	t.Logf("gas: a later record() with the fixture verifier = %d", r2.GasUsed)
}

func checkFeedVerified(t *testing.T, le *ledgerEnv, l *types.Log, commitL, commitF [32]byte, k int64) {
	t.Helper()
	if len(l.Topics) != 3 || l.Topics[1] != common.Hash(le.snapshot) || common.BytesToAddress(l.Topics[2].Bytes()) != addrOf(le.viewer) {
		t.Fatalf("event topics %v", l.Topics)
	}
	vals, err := le.led.ABI.Events["FeedVerified"].Inputs.NonIndexed().Unpack(l.Data)
	if err != nil {
		t.Fatal(err)
	}
	if vals[0].([32]byte) != commitL || vals[1].([32]byte) != commitF || vals[2].(*big.Int).Int64() != k {
		t.Fatalf("event fields %v", vals)
	}
}

func TestFeedLedgerRejections(t *testing.T) {
	le := newLedgerEnv(t)
	led := le.led
	commitL := [32]byte{0x01, 0x02}
	commitF := [32]byte{0x0a, 0x0b}
	const k = 10
	in := inputs(le.snapshot, commitL, commitF, k, addrOf(le.viewer))
	proof := le.proofFor(in)

	// Unknown snapshot.
	unknown := id32("nope")
	le.expectRevert(le.viewer, &le.ledger, led, le.recordData(unknown, le.proofFor(inputs(unknown, commitL, commitF, k, addrOf(le.viewer))), commitL, commitF, k), "UnknownSnapshot", unknown)

	// Tampered proofs: every one is InvalidProof.
	flip := func(i int) []byte { p := bytes.Clone(proof); p[i] ^= 0x01; return p }
	tampered := map[string][]byte{
		"empty":           {},
		"truncated":       proof[:63],
		"extended":        append(bytes.Clone(proof), 0),
		"first byte":      flip(0),
		"last byte":       flip(63),
		"other k":         le.proofFor(inputs(le.snapshot, commitL, commitF, k+1, addrOf(le.viewer))),
		"other commitL":   le.proofFor(inputs(le.snapshot, [32]byte{0x09}, commitF, k, addrOf(le.viewer))),
		"swapped id half": le.proofFor([6]*big.Int{in[1], in[0], in[2], in[3], in[4], in[5]}),
	}
	for name, p := range tampered {
		t.Run(name, func(t *testing.T) {
			le.expectRevert(le.viewer, &le.ledger, led, le.recordData(le.snapshot, p, commitL, commitF, k), "InvalidProof")
		})
	}
	// A valid proof with a public input changed after proving.
	le.expectRevert(le.viewer, &le.ledger, led, le.recordData(le.snapshot, proof, commitL, commitF, k+1), "InvalidProof")
	le.expectRevert(le.viewer, &le.ledger, led, le.recordData(le.snapshot, proof, [32]byte{0x09}, commitF, k), "InvalidProof")
	if n := le.recordCount(); n != 0 {
		t.Fatalf("recordCount %d after rejections", n)
	}

	// Front-running: the viewer's pending transaction copied and sent first
	// from another account names another publisher, so the proof fails.
	thief := le.fundedAccount()
	le.expectRevert(thief, &le.ledger, led, le.recordData(le.snapshot, proof, commitL, commitF, k), "InvalidProof")

	// Happy path, then replays.
	le.transact(le.viewer, le.ledger, led, "record", le.snapshot, proof, commitL, commitF, big.NewInt(k))
	le.expectRevert(le.viewer, &le.ledger, led, le.recordData(le.snapshot, proof, commitL, commitF, k), "AlreadyRecorded", le.snapshot, commitF)
	// From another account, or with another like-set commitment and its own valid proof.
	other := le.fundedAccount()
	le.expectRevert(other, &le.ledger, led, le.recordData(le.snapshot, proof, commitL, commitF, k), "AlreadyRecorded", le.snapshot, commitF)
	otherL := [32]byte{0x07}
	le.expectRevert(le.viewer, &le.ledger, led, le.recordData(le.snapshot, le.proofFor(inputs(le.snapshot, otherL, commitF, k, addrOf(le.viewer))), otherL, commitF, k), "AlreadyRecorded", le.snapshot, commitF)
	// Gas estimation refuses a replay as well (what a wallet would show).
	if gas, err := le.cl.EstimateGas(le.ctx, ethereum.CallMsg{From: addrOf(le.viewer), To: &le.ledger, Data: le.recordData(le.snapshot, proof, commitL, commitF, k)}); err == nil {
		t.Fatalf("replay estimate succeeded: %d", gas)
	}
	// The same feed commitment under another snapshot is a different record.
	snap2 := id32("S2")
	le.transact(le.key, le.registry, le.reg, "register", snap2, le.verifier, "{}")
	le.transact(le.viewer, le.ledger, led, "record", snap2, le.proofFor(inputs(snap2, commitL, commitF, k, addrOf(le.viewer))), commitL, commitF, big.NewInt(k))
	// And another feed commitment under the same snapshot.
	commitF2 := [32]byte{0x0c}
	le.transact(le.viewer, le.ledger, led, "record", le.snapshot, le.proofFor(inputs(le.snapshot, commitL, commitF2, k, addrOf(le.viewer))), commitL, commitF2, big.NewInt(k))
	if n := le.recordCount(); n != 3 {
		t.Fatalf("recordCount %d", n)
	}
}

// Verifiers that do not return an ABI-encoded true, in every way, are InvalidProof.
func TestFeedLedgerMisbehavingVerifiers(t *testing.T) {
	le := newLedgerEnv(t)
	commitL, commitF := [32]byte{0x01}, [32]byte{0x02}
	const k = 5
	for _, name := range []string{
		"FalseVerifier", "RevertingVerifier", "DirtyBoolVerifier", "LongReturnVerifier",
		"EmptyReturnVerifier", "GasGuzzlerVerifier", "StateWritingVerifier",
	} {
		t.Run(name, func(t *testing.T) {
			addr, _ := le.deploy(loadArtifact(t, name))
			snap := id32(name)
			le.transact(le.key, le.registry, le.reg, "register", snap, addr, "{}")
			// Whatever the proof, including the fixture's "valid" one.
			proof := le.proofFor(inputs(snap, commitL, commitF, k, addrOf(le.viewer)))
			le.expectRevert(le.viewer, &le.ledger, le.led, le.recordData(snap, proof, commitL, commitF, k), "InvalidProof")
		})
	}
	if n := le.recordCount(); n != 0 {
		t.Fatalf("recordCount %d", n)
	}

	// A verifier address without code (reachable only through a registry that
	// does not check, since ModelRegistry refuses such addresses).
	anyReg := loadArtifact(t, "AnyVerifierRegistry")
	regAddr, _ := le.deploy(anyReg)
	ledger2, _ := le.deploy(le.led, regAddr)
	snap := id32("eoa")
	le.transact(le.key, regAddr, anyReg, "set", snap, addrOf(le.viewer))
	le.expectRevert(le.viewer, &ledger2, le.led, le.recordData(snap, []byte{1}, commitL, commitF, k), "InvalidProof")
	// A precompile is not a contract with code either.
	snapP := id32("precompile")
	le.transact(le.key, regAddr, anyReg, "set", snapP, common.BytesToAddress([]byte{0x04}))
	le.expectRevert(le.viewer, &ledger2, le.led, le.recordData(snapP, []byte{1}, commitL, commitF, k), "InvalidProof")

	// The ledger needs a registry.
	le.expectRevert(le.key, nil, le.led, append(bytes.Clone(le.led.Bytecode), le.pack(le.led, "", common.Address{})...), "ZeroRegistry")
}

// The artifacts are well formed: 0x-prefixed bytecodes, ABIs with the
// documented functions, events and errors.
func TestArtifactsShape(t *testing.T) {
	dir := compiledArtifacts(t)
	for name, want := range map[string][]string{
		"ModelRegistry": {"register", "verifierOf", "isRegistered", "snapshotOf", "snapshotCount", "snapshotIdAt", "operator", "transferOperator",
			"event:SnapshotRegistered", "event:OperatorTransferred",
			"error:NotOperator", "error:SnapshotAlreadyRegistered", "error:ZeroVerifier", "error:VerifierNotAContract", "error:ZeroOperator"},
		"FeedLedger": {"record", "isRecorded", "publicInputs", "registry",
			"event:FeedVerified", "error:UnknownSnapshot", "error:InvalidProof", "error:AlreadyRecorded", "error:ZeroRegistry"},
		"IFeedVerifier": {"verifyFeed"},
	} {
		raw, err := os.ReadFile(filepath.Join(dir, name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var a struct {
			ContractName     string `json:"contractName"`
			Compiler         string `json:"compiler"`
			Bytecode         string `json:"bytecode"`
			DeployedBytecode string `json:"deployedBytecode"`
		}
		json.Unmarshal(raw, &a)
		if a.ContractName != name || !strings.HasPrefix(a.Bytecode, "0x") || !strings.HasPrefix(a.DeployedBytecode, "0x") || !strings.HasPrefix(a.Compiler, "0.8.28+") {
			t.Fatalf("%s artifact header: %+v", name, a)
		}
		art := loadArtifact(t, name)
		for _, w := range want {
			var ok bool
			switch {
			case strings.HasPrefix(w, "event:"):
				_, ok = art.ABI.Events[w[6:]]
			case strings.HasPrefix(w, "error:"):
				_, ok = art.ABI.Errors[w[6:]]
			default:
				_, ok = art.ABI.Methods[w]
			}
			if !ok {
				t.Fatalf("%s ABI lacks %s", name, w)
			}
		}
	}
	// The interface's selector is the one gnark-side adapters must implement.
	iv := loadArtifact(t, "IFeedVerifier")
	if sel := hexutil.Encode(iv.ABI.Methods["verifyFeed"].ID); sel != hexutil.Encode(crypto.Keccak256([]byte("verifyFeed(bytes,uint256[6])"))[:4]) {
		t.Fatalf("verifyFeed selector %s", sel)
	}
}

// realVerifier is one snapshot's generated verifier, deployed and registered,
// with a valid proof for it.
type realVerifier struct {
	*ledgerEnv
	art              *artifact
	addr             common.Address
	snap             *feedproof.Snapshot
	cc               *feedproof.CompiledCircuit
	pk               groth16.ProvingKey
	proof            []byte
	pub              feedproof.PublicInputs
	commitL, commitF [32]byte
	k                int64
	snapshot         [32]byte
}

// compileVerifier compiles a generated verifier source with compile.mjs.
func compileVerifier(t *testing.T, src []byte) *artifact {
	t.Helper()
	compiledArtifacts(t) // npm ci if needed
	dir := t.TempDir()
	file := filepath.Join(dir, "FeedVerifier.sol")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", filepath.Join(contractsDir, "compile.mjs"), "--out", dir, file)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("compile.mjs: %v\n%s", err, out)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "FeedVerifier.json"))
	if err != nil {
		t.Fatal(err)
	}
	var a struct {
		ABI              json.RawMessage `json:"abi"`
		Bytecode         string          `json:"bytecode"`
		DeployedBytecode string          `json:"deployedBytecode"`
	}
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatal(err)
	}
	parsed, err := abi.JSON(bytes.NewReader(a.ABI))
	if err != nil {
		t.Fatal(err)
	}
	code, err := hexutil.Decode(a.Bytecode)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("FeedVerifier runtime bytecode %d bytes", (len(a.DeployedBytecode)-2)/2)
	return &artifact{Name: "FeedVerifier", ABI: parsed, Bytecode: code}
}

// testSnapshot is a small deterministic catalog (64 profiles, 16 features).
func testSnapshot() *feedproof.Snapshot {
	s := &feedproof.Snapshot{N: 64, D: 16, M: make([]uint8, 64*16), B: make([]uint8, 64), W: 7}
	for i := range s.M {
		s.M[i] = uint8((i*7 + i/16) % 16)
	}
	for i := range s.B {
		s.B[i] = uint8(i % 16)
	}
	s.ID = sha256.Sum256(append(append([]byte("real-verifier-test"), s.M...), s.B...))
	return s
}

func newRealVerifier(t *testing.T) *realVerifier {
	le := newLedgerEnv(t)
	rv := &realVerifier{ledgerEnv: le, snap: testSnapshot()}
	var err error
	if rv.cc, err = feedproof.Compile(rv.snap, feedproof.DefaultKMax); err != nil {
		t.Fatal(err)
	}
	var vk groth16.VerifyingKey
	if rv.pk, vk, err = feedproof.SetupDev(rv.cc); err != nil {
		t.Fatal(err)
	}
	var src bytes.Buffer
	if err := feedproof.ExportVerifier(vk, &src); err != nil {
		t.Fatal(err)
	}
	rv.art = compileVerifier(t, src.Bytes())
	var r *types.Receipt
	rv.addr, r = le.deploy(rv.art)
	t.Logf("gas: deploy FeedVerifier = %d", r.GasUsed)
	rv.snapshot = rv.snap.ID
	le.transact(le.key, le.registry, le.reg, "register", rv.snapshot, rv.addr, `{"profiles":64}`)
	rv.prove(t, []int{3, 9, 40}, 10)
	return rv
}

// prove makes a fresh valid proof (new salts) for the like-set and k.
func (rv *realVerifier) prove(t *testing.T, likes []int, k int) {
	t.Helper()
	p, err := feedproof.Prove(rv.cc, rv.pk, rv.snap, likes, k, feedproof.Publisher(addrOf(rv.viewer)))
	if err != nil {
		t.Fatal(err)
	}
	if rv.proof, err = p.Solidity(); err != nil {
		t.Fatal(err)
	}
	rv.pub = p.Public
	w := p.Public.Words()
	rv.commitL, rv.commitF, rv.k = w[2], w[3], int64(k)
}

func (rv *realVerifier) verifyFeed(proof []byte, in [6]*big.Int) bool {
	return rv.view(rv.addr, rv.art, "verifyFeed", proof, in)[0].(bool)
}

// The generated verifier on a real EVM: valid proofs are recorded (gas
// logged), and every tampered proof or statement is rejected.
func TestFeedLedgerWithGeneratedVerifier(t *testing.T) {
	rv := newRealVerifier(t)
	in := inputs(rv.snapshot, rv.commitL, rv.commitF, rv.k, addrOf(rv.viewer))
	for i := range in {
		if in[i].Cmp(rv.pub[i]) != 0 {
			t.Fatalf("statement value %d: ledger layout %v, prover %v", i, in[i], rv.pub[i])
		}
	}
	if !rv.verifyFeed(rv.proof, in) {
		t.Fatal("valid proof rejected by the verifier")
	}
	vr := rv.send(rv.key, &rv.addr, big.NewInt(0), rv.pack(rv.art, "verifyFeed", rv.proof, in), 1_000_000)
	if vr.Status != types.ReceiptStatusSuccessful {
		t.Fatal("verifyFeed transaction failed")
	}
	t.Logf("gas: verifyFeed alone as a transaction (incl. 21,000 base and calldata) = %d", vr.GasUsed)

	r := rv.transact(rv.viewer, rv.ledger, rv.led, "record", rv.snapshot, rv.proof, rv.commitL, rv.commitF, big.NewInt(rv.k))
	t.Logf("gas: record() with the generated verifier, first record of the ledger = %d", r.GasUsed)
	rv.prove(t, []int{1, 2}, 50)
	r = rv.transact(rv.viewer, rv.ledger, rv.led, "record", rv.snapshot, rv.proof, rv.commitL, rv.commitF, big.NewInt(rv.k))
	t.Logf("gas: record() with the generated verifier, a later record = %d", r.GasUsed)
	if n := rv.recordCount(); n != 2 {
		t.Fatalf("recordCount %d", n)
	}
}

func TestGeneratedVerifierRejections(t *testing.T) {
	rv := newRealVerifier(t)
	led := rv.led
	in := inputs(rv.snapshot, rv.commitL, rv.commitF, rv.k, addrOf(rv.viewer))
	r := new(big.Int).Set(fr.Modulus())

	// Every 32-byte word of the proof, flipped in its low bit: A, B, C, the
	// commitment D and its proof of knowledge.
	for w := 0; w < feedproof.ProofBytesLen/32; w++ {
		bad := bytes.Clone(rv.proof)
		bad[32*w+31] ^= 1
		if rv.verifyFeed(bad, in) {
			t.Fatalf("proof with word %d flipped verified", w)
		}
	}
	// A valid curve point in the wrong place: D and PoK swapped.
	swapped := bytes.Clone(rv.proof)
	copy(swapped[256:320], rv.proof[320:384])
	copy(swapped[320:384], rv.proof[256:320])
	// Statement changes after proving.
	word := func(v *big.Int) [32]byte { var b [32]byte; v.FillBytes(b[:]); return b }
	plusOne := func(b [32]byte) [32]byte { return word(new(big.Int).Add(new(big.Int).SetBytes(b[:]), big.NewInt(1))) }
	cases := map[string][]byte{
		"D and PoK swapped":  rv.recordData(rv.snapshot, swapped, rv.commitL, rv.commitF, rv.k),
		"truncated":          rv.recordData(rv.snapshot, rv.proof[:352], rv.commitL, rv.commitF, rv.k),
		"extended":           rv.recordData(rv.snapshot, append(bytes.Clone(rv.proof), 0), rv.commitL, rv.commitF, rv.k),
		"commitL + 1":        rv.recordData(rv.snapshot, rv.proof, plusOne(rv.commitL), rv.commitF, rv.k),
		"commitF + 1":        rv.recordData(rv.snapshot, rv.proof, rv.commitL, plusOne(rv.commitF), rv.k),
		"k + 1":              rv.recordData(rv.snapshot, rv.proof, rv.commitL, rv.commitF, rv.k+1),
		"k - 1":              rv.recordData(rv.snapshot, rv.proof, rv.commitL, rv.commitF, rv.k-1),
		"k + 256":            rv.recordData(rv.snapshot, rv.proof, rv.commitL, rv.commitF, rv.k+256),
		"commitL + r":        rv.recordData(rv.snapshot, rv.proof, word(new(big.Int).Add(new(big.Int).SetBytes(rv.commitL[:]), r)), rv.commitF, rv.k),
		"commitF + r":        rv.recordData(rv.snapshot, rv.proof, rv.commitL, word(new(big.Int).Add(new(big.Int).SetBytes(rv.commitF[:]), r)), rv.k),
		"commitL as commitF": rv.recordData(rv.snapshot, rv.proof, rv.commitF, rv.commitL, rv.k),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			rv.expectRevert(rv.viewer, &rv.ledger, led, data, "InvalidProof")
		})
	}
	// The same verifier registered under another snapshot id: the proof is
	// bound to its snapshot through KID.
	other := id32("other snapshot, same verifier")
	rv.transact(rv.key, rv.registry, rv.reg, "register", other, rv.addr, "{}")
	rv.expectRevert(rv.viewer, &rv.ledger, led, rv.recordData(other, rv.proof, rv.commitL, rv.commitF, rv.k), "InvalidProof")
	// An id differing only in its last two bytes (KID keeps 240 bits of the
	// id's hash, not of the id).
	near := rv.snapshot
	near[31] ^= 1
	rv.transact(rv.key, rv.registry, rv.reg, "register", near, rv.addr, "{}")
	rv.expectRevert(rv.viewer, &rv.ledger, led, rv.recordData(near, rv.proof, rv.commitL, rv.commitF, rv.k), "InvalidProof")

	// An invalid curve point costs a bounded amount of gas (the precompile
	// caps), and the call still returns false.
	bad := bytes.Clone(rv.proof)
	for i := 0; i < 64; i++ {
		bad[i] = 0
	}
	bad[31], bad[63] = 1, 3 // A = (1, 3): not on the curve
	if rv.verifyFeed(bad, in) {
		t.Fatal("off-curve A verified")
	}
	br := rv.send(rv.key, &rv.addr, big.NewInt(0), rv.pack(rv.art, "verifyFeed", bad, in), 3_000_000)
	t.Logf("gas: verifyFeed with an off-curve point = %d", br.GasUsed)
	if br.Status != types.ReceiptStatusSuccessful || br.GasUsed > 700_000 {
		t.Fatalf("an off-curve point: status %d, %d gas", br.Status, br.GasUsed)
	}
	// Too little gas to tell: InsufficientGas, not "invalid".
	_, err := rv.cl.CallContract(rv.ctx, ethereum.CallMsg{To: &rv.addr, Data: rv.pack(rv.art, "verifyFeed", rv.proof, in), Gas: 300_000}, nil)
	insufficient := rv.art.ABI.Errors["InsufficientGas"].ID
	if data, ok := revertData(err); !ok || len(data) < 4 || !bytes.Equal(data[:4], insufficient[:4]) {
		t.Fatalf("low gas: %v", err)
	}
	// Nothing was recorded, and the valid proof still records.
	if n := rv.recordCount(); n != 0 {
		t.Fatalf("recordCount %d", n)
	}
	rv.transact(rv.viewer, rv.ledger, led, "record", rv.snapshot, rv.proof, rv.commitL, rv.commitF, big.NewInt(rv.k))
}

// A real proof is bound to the wallet it was made for: the same record sent
// first from another account (a front-runner copying the pending
// transaction) is InvalidProof, and the publisher's own transaction then
// records it, attributed to the publisher. The verifier refuses the proof
// for any other publisher and a publisher input that is not an address.
func TestGeneratedVerifierBindsPublisher(t *testing.T) {
	rv := newRealVerifier(t)
	thief := rv.fundedAccount()
	data := rv.recordData(rv.snapshot, rv.proof, rv.commitL, rv.commitF, rv.k)
	rv.expectRevert(thief, &rv.ledger, rv.led, data, "InvalidProof")
	if gas, err := rv.cl.EstimateGas(rv.ctx, ethereum.CallMsg{From: addrOf(thief), To: &rv.ledger, Data: data}); err == nil {
		t.Fatalf("the thief's gas estimate succeeded: %d", gas)
	}
	in := inputs(rv.snapshot, rv.commitL, rv.commitF, rv.k, addrOf(rv.viewer))
	if !rv.verifyFeed(rv.proof, in) {
		t.Fatal("valid proof rejected for its own publisher")
	}
	for name, p := range map[string]*big.Int{
		"thief":           new(big.Int).SetBytes(addrOf(thief).Bytes()),
		"zero address":    new(big.Int),
		"publisher+2^160": new(big.Int).Add(in[5], new(big.Int).Lsh(big.NewInt(1), 160)),
	} {
		other := in
		other[5] = p
		if rv.verifyFeed(rv.proof, other) {
			t.Fatalf("%s: the proof verified for another publisher", name)
		}
	}
	r := rv.transact(rv.viewer, rv.ledger, rv.led, "record", rv.snapshot, rv.proof, rv.commitL, rv.commitF, big.NewInt(rv.k))
	if n := rv.recordCount(); n != 1 {
		t.Fatalf("recordCount %d", n)
	}
	for _, l := range r.Logs {
		if l.Topics[0] == rv.feedVerifiedEventID && common.BytesToAddress(l.Topics[2].Bytes()) != addrOf(rv.viewer) {
			t.Fatalf("FeedVerified names %s, want the publisher", common.BytesToAddress(l.Topics[2].Bytes()))
		}
	}
}
