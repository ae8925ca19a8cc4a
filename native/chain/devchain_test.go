package chain

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
)

func startChain(t *testing.T, port int) *DevChain {
	t.Helper()
	return startChainIn(t, port, "")
}

func startChainIn(t *testing.T, port int, dataDir string) *DevChain {
	t.Helper()
	c, err := Start(port, dataDir)
	if err != nil {
		t.Fatalf("Start(%d): %v", port, err)
	}
	t.Cleanup(func() {
		if !c.Stopped() {
			if err := c.Stop(); err != nil {
				t.Errorf("Stop: %v", err)
			}
		}
	})
	return c
}

// rpcCall posts one JSON-RPC request over plain HTTP, as a foreign client would.
func rpcCall(t *testing.T, url, method string, params ...any) json.RawMessage {
	t.Helper()
	if params == nil {
		params = []any{}
	}
	body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
	resp, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out struct {
		Result json.RawMessage `json:"result"`
		Error  *struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s: status %d, body %q: %v", method, resp.StatusCode, raw, err)
	}
	if out.Error != nil {
		t.Fatalf("%s: error %d %s", method, out.Error.Code, out.Error.Message)
	}
	return out.Result
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return port
}

func TestStartServesChainIDOverHTTP(t *testing.T) {
	port := freePort(t)
	c := startChain(t, port)
	info := c.Info()
	if want := fmt.Sprintf("http://127.0.0.1:%d", port); info.RPCURL != want {
		t.Fatalf("rpcUrl %q, want %q", info.RPCURL, want)
	}
	if info.ChainID != 1337 {
		t.Fatalf("chainId %d", info.ChainID)
	}
	var id string
	json.Unmarshal(rpcCall(t, info.RPCURL, "eth_chainId"), &id)
	if id != "0x539" {
		t.Fatalf("eth_chainId = %s, want 0x539", id)
	}
	var netVersion string
	json.Unmarshal(rpcCall(t, info.RPCURL, "net_version"), &netVersion)
	if netVersion != "1337" {
		t.Fatalf("net_version = %s", netVersion)
	}
	// Past genesis and not syncing (the chain seals one empty block at start).
	deadline := time.Now().Add(5 * time.Second)
	for string(rpcCall(t, info.RPCURL, "eth_syncing")) != "false" {
		if time.Now().After(deadline) {
			t.Fatalf("eth_syncing = %s", rpcCall(t, info.RPCURL, "eth_syncing"))
		}
		time.Sleep(20 * time.Millisecond)
	}
	var clientVersion string
	json.Unmarshal(rpcCall(t, info.RPCURL, "web3_clientVersion"), &clientVersion)
	if clientVersion == "" {
		t.Fatal("empty web3_clientVersion")
	}
	// The dev/admin/debug namespaces are not exposed over HTTP.
	body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "admin_nodeInfo", "params": []any{}})
	resp, err := http.Post(info.RPCURL, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(raw), "error") {
		t.Fatalf("admin_nodeInfo answered: %s", raw)
	}
	// The deployer is funded and its address matches its key.
	key, err := crypto.HexToECDSA(strings.TrimPrefix(info.DeployerPrivateKey, "0x"))
	if err != nil {
		t.Fatal(err)
	}
	if got := crypto.PubkeyToAddress(key.PublicKey).Hex(); got != info.DeployerAddress {
		t.Fatalf("deployer address %s does not match key (%s)", info.DeployerAddress, got)
	}
	var bal string
	json.Unmarshal(rpcCall(t, info.RPCURL, "eth_getBalance", info.DeployerAddress, "latest"), &bal)
	if b, ok := new(big.Int).SetString(strings.TrimPrefix(bal, "0x"), 16); !ok || b.Cmp(FaucetBalance) != 0 {
		t.Fatalf("deployer balance %s", bal)
	}
	// Printing the info never shows the key.
	for _, s := range []string{info.String(), fmt.Sprintf("%v", info), fmt.Sprintf("%+v", info), fmt.Sprintf("%#v", info)} {
		if strings.Contains(strings.ToLower(s), strings.ToLower(strings.TrimPrefix(info.DeployerPrivateKey, "0x"))) {
			t.Fatalf("formatted Info leaks the key: %s", s)
		}
	}
}

func TestFreshKeyEachStart(t *testing.T) {
	a := startChain(t, 0)
	b := startChain(t, 0)
	if a.Info().DeployerPrivateKey == b.Info().DeployerPrivateKey {
		t.Fatal("two chains share a deployer key")
	}
	if a.Port() == b.Port() || a.Port() == 0 {
		t.Fatalf("ports %d and %d", a.Port(), b.Port())
	}
}

func TestValueTransferIsMined(t *testing.T) {
	c := startChain(t, 0)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cl, err := ethclient.DialContext(ctx, c.RPCURL())
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()

	to := common.HexToAddress("0x00000000000000000000000000000000000b0b00")
	amount := big.NewInt(3 * params.Ether)
	receipt := sendTx(t, ctx, cl, c, &to, amount, nil, 21000)
	if receipt.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("transfer failed: %+v", receipt)
	}
	if receipt.BlockNumber.Sign() <= 0 {
		t.Fatalf("mined in block %v", receipt.BlockNumber)
	}
	bal, err := cl.BalanceAt(ctx, to, nil)
	if err != nil {
		t.Fatal(err)
	}
	if bal.Cmp(amount) != 0 {
		t.Fatalf("recipient balance %v, want %v", bal, amount)
	}
	// A second transfer lands in the next block.
	r2 := sendTx(t, ctx, cl, c, &to, amount, nil, 21000)
	if r2.BlockNumber.Cmp(receipt.BlockNumber) <= 0 {
		t.Fatalf("second transfer in block %v, first in %v", r2.BlockNumber, receipt.BlockNumber)
	}
}

func TestAChainWithADataDirectoryKeepsItsStateAcrossRestarts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "chain")
	to := common.HexToAddress("0x00000000000000000000000000000000000b0b01")
	amount := big.NewInt(5 * params.Ether)

	first := startChainIn(t, 0, dir)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cl, err := ethclient.DialContext(ctx, first.RPCURL())
	if err != nil {
		t.Fatal(err)
	}
	receipt := sendTx(t, ctx, cl, first, &to, amount, nil, 21000)
	cl.Close()
	if err := first.Stop(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"", "deployer.key"} {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]os.FileMode{"": 0o700, "deployer.key": 0o600}[name]; info.Mode().Perm() != want {
			t.Fatalf("%s mode %v, want %v", filepath.Join(dir, name), info.Mode().Perm(), want)
		}
	}

	second := startChainIn(t, 0, dir)
	if second.Deployer() != first.Deployer() {
		t.Fatalf("deployer changed across restarts: %s then %s", first.Deployer().Hex(), second.Deployer().Hex())
	}
	cl, err = ethclient.DialContext(ctx, second.RPCURL())
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	bal, err := cl.BalanceAt(ctx, to, nil)
	if err != nil {
		t.Fatal(err)
	}
	if bal.Cmp(amount) != 0 {
		t.Fatalf("balance after restart %v, want %v", bal, amount)
	}
	head, err := cl.BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if head < receipt.BlockNumber.Uint64() {
		t.Fatalf("head %d after restart, the transfer was in block %v", head, receipt.BlockNumber)
	}
	if _, err := cl.TransactionReceipt(ctx, receipt.TxHash); err != nil {
		t.Fatalf("receipt of the transfer after restart: %v", err)
	}
	// The chain goes on from there.
	if r := sendTx(t, ctx, cl, second, &to, amount, nil, 21000); r.BlockNumber.Cmp(receipt.BlockNumber) <= 0 {
		t.Fatalf("new transfer in block %v, before the restart's %v", r.BlockNumber, receipt.BlockNumber)
	}
}

func TestAnUnreadableDeployerKeyIsAClearError(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "deployer.key"), []byte("not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Start(0, dir)
	if err == nil || !strings.Contains(err.Error(), "deployer.key") || strings.Contains(err.Error(), "not a key") {
		t.Fatalf("Start with a broken key file: %v", err)
	}
}

func TestStopReleasesPort(t *testing.T) {
	c := startChain(t, 0)
	port := c.Port()
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := c.Stop(); !errors.Is(err, ErrStopped) {
		t.Fatalf("second Stop: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Fatalf("port %d still taken after Stop: %v", port, err)
	}
	ln.Close()
	// And a new chain can take the same port.
	c2 := startChain(t, port)
	var id string
	json.Unmarshal(rpcCall(t, c2.RPCURL(), "eth_chainId"), &id)
	if id != "0x539" {
		t.Fatalf("eth_chainId = %s", id)
	}
}

func TestTwoChainsAtOnceAreIndependent(t *testing.T) {
	a := startChain(t, 0)
	b := startChain(t, 0)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ca, err := ethclient.DialContext(ctx, a.RPCURL())
	if err != nil {
		t.Fatal(err)
	}
	defer ca.Close()
	cb, err := ethclient.DialContext(ctx, b.RPCURL())
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Close()
	to := common.HexToAddress("0x00000000000000000000000000000000000a11ce")
	sendTx(t, ctx, ca, a, &to, big.NewInt(7), nil, 21000)
	if bal, _ := ca.BalanceAt(ctx, to, nil); bal.Int64() != 7 {
		t.Fatalf("chain a balance %v", bal)
	}
	if bal, _ := cb.BalanceAt(ctx, to, nil); bal.Sign() != 0 {
		t.Fatalf("chain b saw chain a's transfer: %v", bal)
	}
	// b's deployer has no funds on a.
	if bal, _ := ca.BalanceAt(ctx, b.Deployer(), nil); bal.Sign() != 0 {
		t.Fatalf("b's deployer funded on a: %v", bal)
	}
}

func TestBusyPortIsAClearError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	_, err = Start(port, "")
	if !errors.Is(err, ErrPortInUse) {
		t.Fatalf("Start on a busy port: %v", err)
	}
	if !strings.Contains(err.Error(), strconv.Itoa(port)) {
		t.Fatalf("error does not name the port: %v", err)
	}
	// A running chain's port is busy too.
	c := startChain(t, 0)
	if _, err := Start(c.Port(), ""); !errors.Is(err, ErrPortInUse) {
		t.Fatalf("Start on a chain's port: %v", err)
	}
	for _, bad := range []int{-1, 65536} {
		if _, err := Start(bad, ""); err == nil {
			t.Fatalf("Start(%d) succeeded", bad)
		}
	}
}

// sendTx signs a dynamic-fee transaction from the deployer and waits for its receipt.
func sendTx(t *testing.T, ctx context.Context, cl *ethclient.Client, c *DevChain, to *common.Address, value *big.Int, data []byte, gas uint64) *types.Receipt {
	t.Helper()
	return sendFrom(t, ctx, cl, c.DeployerKey(), to, value, data, gas)
}

// sendFrom signs and sends a transaction from key's account and waits for its
// receipt. The pool adopts a new head slightly after its receipt is visible,
// so an account funded in the previous block may still look empty to it for
// a moment: "insufficient funds" is retried briefly.
func sendFrom(t *testing.T, ctx context.Context, cl *ethclient.Client, key *ecdsa.PrivateKey, to *common.Address, value *big.Int, data []byte, gas uint64) *types.Receipt {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		tx := signTx(t, ctx, cl, key, to, value, data, gas)
		err := cl.SendTransaction(ctx, tx)
		if err == nil {
			return waitReceipt(t, ctx, cl, tx.Hash())
		}
		if !strings.Contains(err.Error(), "insufficient funds") || time.Now().After(deadline) {
			t.Fatalf("send: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// signTx signs a dynamic-fee transaction from key's account.
func signTx(t *testing.T, ctx context.Context, cl *ethclient.Client, key *ecdsa.PrivateKey, to *common.Address, value *big.Int, data []byte, gas uint64) *types.Transaction {
	t.Helper()
	nonce, err := cl.PendingNonceAt(ctx, crypto.PubkeyToAddress(key.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	head, err := cl.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	tip := big.NewInt(params.GWei)
	feeCap := new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip)
	tx := types.NewTx(&types.DynamicFeeTx{
		ChainID:   big.NewInt(ChainID),
		Nonce:     nonce,
		GasTipCap: tip,
		GasFeeCap: feeCap,
		Gas:       gas,
		To:        to,
		Value:     value,
		Data:      data,
	})
	signed, err := types.SignTx(tx, types.LatestSignerForChainID(big.NewInt(ChainID)), key)
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

func waitReceipt(t *testing.T, ctx context.Context, cl *ethclient.Client, hash common.Hash) *types.Receipt {
	t.Helper()
	for {
		r, err := cl.TransactionReceipt(ctx, hash)
		// go-ethereum serves a block's receipts before it makes the block
		// its head: wait for the head too, or a call right after could
		// still see the state before the transaction.
		if err == nil {
			if head, herr := cl.BlockNumber(ctx); herr == nil && r.BlockNumber != nil && head >= r.BlockNumber.Uint64() {
				return r
			}
		}
		select {
		case <-ctx.Done():
			t.Fatalf("no receipt for %s: %v", hash, err)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func TestStopLeavesNoGoroutinesBehind(t *testing.T) {
	// Warm up once: some go-ethereum packages start process-wide goroutines lazily.
	c := startChain(t, 0)
	c.Stop()
	time.Sleep(200 * time.Millisecond)
	before := runtime.NumGoroutine()
	for i := 0; i < 3; i++ {
		c := startChain(t, 0)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		cl, err := ethclient.DialContext(ctx, c.RPCURL())
		if err != nil {
			t.Fatal(err)
		}
		to := common.HexToAddress("0x0000000000000000000000000000000000000001")
		sendTx(t, ctx, cl, c, &to, big.NewInt(1), nil, 21000)
		cl.Close()
		cancel()
		if err := c.Stop(); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		after := runtime.NumGoroutine()
		if after <= before+2 {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			n := runtime.Stack(buf, true)
			t.Fatalf("%d goroutines before, %d after three start/stop cycles\n%s", before, after, buf[:n])
		}
		time.Sleep(50 * time.Millisecond)
	}
}
