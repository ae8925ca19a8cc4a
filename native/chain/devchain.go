// Package chain runs Lockerism's embedded development chain: an in-process
// go-ethereum node, with in-memory state or state kept under a data
// directory across restarts, chain id 1337, the Cancun fork
// rules (as targeted by ZKsync Era's EVM interpreter), an HTTP JSON-RPC
// endpoint on 127.0.0.1 (eth, net and web3 namespaces), and go-ethereum's
// simulated beacon in on-demand mode, so a block is sealed as soon as a
// transaction reaches the pool.
//
// An in-memory chain gets a fresh deployer/faucet account whose private key
// is drawn from crypto/rand at start; a chain with a data directory draws it
// once and keeps it in DIR/deployer.key (mode 0600), since the genesis block
// that funds it must be the same at every start. The key is a
// development-only secret: it is handed to the caller (who deploys the
// contracts and funds wallets with it) and never logged by this package.
package chain

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth"
	"github.com/ethereum/go-ethereum/eth/catalyst"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/eth/filters"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/p2p"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
)

// ChainID is the chain id of every embedded dev chain.
const ChainID = 1337

// Host is the only interface the JSON-RPC endpoint listens on.
const Host = "127.0.0.1"

// GasLimit is the block gas limit of the dev chain.
const GasLimit = 60_000_000

// FaucetBalance is the genesis balance of the deployer/faucet account:
// one billion ether, plenty for deployments and funding test wallets while
// staying a number wallets display sensibly.
var FaucetBalance = new(big.Int).Mul(big.NewInt(1_000_000_000), big.NewInt(params.Ether))

// ErrPortInUse is returned (wrapped) by Start when the requested port is taken.
var ErrPortInUse = errors.New("port already in use")

// ErrStopped is returned by Stop on a chain that is already stopped.
var ErrStopped = errors.New("dev chain already stopped")

// Info describes a running dev chain to the caller.
type Info struct {
	RPCURL             string `json:"rpcUrl"`
	ChainID            uint64 `json:"chainId"`
	DeployerAddress    string `json:"deployerAddress"`
	DeployerPrivateKey string `json:"deployerPrivateKey"` // 0x-prefixed hex; dev-only
}

// String omits the private key, so that printing an Info never leaks it.
func (i Info) String() string {
	return fmt.Sprintf("dev chain %d at %s, deployer %s", i.ChainID, i.RPCURL, i.DeployerAddress)
}

// GoString omits the private key as well (for %#v).
func (i Info) GoString() string { return i.String() }

// DevChain is a running embedded chain. Its methods are safe for concurrent use.
type DevChain struct {
	mu       sync.Mutex
	stack    *node.Node
	key      *ecdsa.PrivateKey
	deployer common.Address
	rpcURL   string
	port     int
	stopped  bool
}

// Start launches a dev chain whose JSON-RPC endpoint listens on
// 127.0.0.1:port. Port 0 picks a free port; the actual one is in Info().RPCURL.
// A port that is already taken yields an error wrapping ErrPortInUse.
//
// With dataDir "" the chain lives in memory and Stop discards it. Otherwise
// its blocks and state are kept under dataDir (created 0700): a restart on
// the same directory continues the same chain, with the same deployer.
func Start(port int, dataDir string) (*DevChain, error) {
	if port < 0 || port > 65535 {
		return nil, fmt.Errorf("dev chain: port %d outside [0, 65535]", port)
	}
	if port != 0 {
		// Probe the port first: go-ethereum binds it only after the whole
		// Ethereum service has been assembled, and a failed node start leaves
		// that service's background goroutines behind.
		if err := probePort(port); err != nil {
			return nil, err
		}
	}
	key, err := deployerKey(dataDir)
	if err != nil {
		return nil, err
	}
	deployer := crypto.PubkeyToAddress(key.PublicKey)

	stack, err := node.New(&node.Config{
		Name:        "lockerism-devchain",
		DataDir:     dataDir, // "" is in-memory databases
		HTTPHost:    Host,
		HTTPPort:    port,
		HTTPModules: []string{"eth", "net", "web3"},
		// Browser wallets other than extensions call the dev chain from the app's page, which
		// is another origin; like `geth --dev --http.corsdomain`. Loopback only, dev keys only.
		HTTPCors:         []string{"*"},
		HTTPVirtualHosts: []string{"localhost"}, // requests addressed by IP are always accepted
		HTTPTimeouts:     rpc.DefaultHTTPTimeouts,
		// Authenticated (engine) APIs are never registered, so no auth port opens.
		AuthAddr:             node.DefaultAuthHost,
		AuthPort:             0,
		BatchRequestLimit:    1000,
		BatchResponseMaxSize: 25 * 1000 * 1000,
		HTTPBodyLimit:        5 * 1024 * 1024,
		P2P:                  p2p.Config{NoDiscovery: true, MaxPeers: 0, ListenAddr: ""},
	})
	if err != nil {
		return nil, fmt.Errorf("dev chain: creating node: %w", err)
	}

	genesis := core.DeveloperGenesisBlock(GasLimit, &deployer)
	genesis.Config = cancunConfig()
	genesis.Alloc[deployer] = types.Account{Balance: new(big.Int).Set(FaucetBalance)}

	ethCfg := ethconfig.Defaults
	ethCfg.Genesis = genesis
	ethCfg.NetworkId = ChainID
	ethCfg.SyncMode = ethconfig.FullSync
	ethCfg.DatabaseCache = 64
	ethCfg.TrieCleanCache = 16
	ethCfg.TrieDirtyCache = 16
	ethCfg.SnapshotCache = 16
	ethCfg.TxPool.NoLocals = true
	// Every block's state is written through to the database (archive mode,
	// hash scheme) rather than held in memory until a clean shutdown, so a
	// killed process loses at most the last blocks, never the contracts.
	ethCfg.NoPruning = true
	ethCfg.StateScheme = rawdb.HashScheme
	// The miner accepts any tip the pool accepts (PriceLimit 1 wei); a gap
	// between the two would leave executable transactions unmined.
	ethCfg.TxPool.PriceLimit = 1
	ethCfg.Miner.GasPrice = big.NewInt(1)
	ethCfg.Miner.PendingFeeRecipient = deployer

	backend, err := eth.New(stack, &ethCfg)
	if err != nil {
		stack.Close()
		return nil, fmt.Errorf("dev chain: creating the Ethereum service: %w", err)
	}
	filterSystem := filters.NewFilterSystem(backend.APIBackend, filters.Config{
		LogCacheSize:  ethCfg.FilterLogCacheSize,
		LogQueryLimit: ethCfg.LogQueryLimit,
		RangeLimit:    ethCfg.RangeLimit,
	})
	stack.RegisterAPIs([]rpc.API{{Namespace: "eth", Service: filters.NewFilterAPI(filterSystem)}})

	// Simulated beacon with period 0: the "dev" API it registers (in-process
	// only, not exposed over HTTP) runs the loop that seals a block whenever
	// the pool receives a transaction; the lifecycle stops that loop.
	beacon, err := catalyst.NewSimulatedBeacon(0, deployer, backend)
	if err != nil {
		stack.Close()
		return nil, fmt.Errorf("dev chain: creating the simulated beacon: %w", err)
	}
	catalyst.RegisterSimulatedBeaconAPIs(stack, beacon)
	stack.RegisterLifecycle(beacon)

	if err := stack.Start(); err != nil {
		// Start has already closed the node on failure.
		if isAddrInUse(err) {
			return nil, fmt.Errorf("dev chain: %s:%d: %w", Host, port, ErrPortInUse)
		}
		return nil, fmt.Errorf("dev chain: starting node: %w", err)
	}
	// Seal one empty block so that the chain is past genesis from the start:
	// at genesis go-ethereum still reports the transaction indexer as
	// syncing (eth_syncing is not false), which some clients treat as "not ready".
	beacon.Commit()

	endpoint := stack.HTTPEndpoint()
	_, portStr, err := net.SplitHostPort(endpoint[len("http://"):])
	if err != nil {
		stack.Close()
		return nil, fmt.Errorf("dev chain: unexpected endpoint %q", endpoint)
	}
	actual, _ := strconv.Atoi(portStr)
	return &DevChain{
		stack:    stack,
		key:      key,
		deployer: deployer,
		rpcURL:   endpoint,
		port:     actual,
	}, nil
}

// cancunConfig is go-ethereum's dev-chain configuration stopped at Cancun:
// the EVM version the contracts are compiled for and the one ZKsync Era's EVM
// interpreter targets, so gas measured here is Cancun gas. (go-ethereum's
// own dev configuration also enables Prague, Osaka and the experimental
// Bogota fork, whose state-gas repricing inflates storage costs.)
func cancunConfig() *params.ChainConfig {
	cfg := *params.AllDevChainProtocolChanges
	cfg.ChainID = big.NewInt(ChainID)
	cfg.PragueTime = nil
	cfg.OsakaTime = nil
	cfg.BPO1Time, cfg.BPO2Time, cfg.BPO3Time, cfg.BPO4Time, cfg.BPO5Time = nil, nil, nil, nil, nil
	cfg.AmsterdamTime = nil
	cfg.BogotaTime = nil
	cfg.UBTTime = nil
	cfg.BlobScheduleConfig = &params.BlobScheduleConfig{Cancun: params.DefaultCancunBlobConfig}
	return &cfg
}

// deployerKey is a fresh key for an in-memory chain, or the one kept in
// dataDir/deployer.key, drawn (crypto/rand) and written 0600 at first start.
func deployerKey(dataDir string) (*ecdsa.PrivateKey, error) {
	if dataDir == "" {
		key, err := crypto.GenerateKey()
		if err != nil {
			return nil, fmt.Errorf("dev chain: generating the deployer key: %w", err)
		}
		return key, nil
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("dev chain: creating the data directory: %w", err)
	}
	path := filepath.Join(dataDir, "deployer.key")
	if b, err := os.ReadFile(path); err == nil {
		key, err := crypto.HexToECDSA(strings.TrimSpace(string(b)))
		if err != nil {
			return nil, fmt.Errorf("dev chain: %s does not hold a valid key", path)
		}
		return key, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("dev chain: reading the deployer key: %w", err)
	}
	key, err := crypto.GenerateKey()
	if err != nil {
		return nil, fmt.Errorf("dev chain: generating the deployer key: %w", err)
	}
	tmp := path + ".tmp"
	hexKey := common.Bytes2Hex(crypto.FromECDSA(key))
	if err := os.WriteFile(tmp, []byte(hexKey+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("dev chain: writing the deployer key: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, fmt.Errorf("dev chain: writing the deployer key: %w", err)
	}
	return key, nil
}

func probePort(port int) error {
	ln, err := net.Listen("tcp", net.JoinHostPort(Host, strconv.Itoa(port)))
	if err != nil {
		if isAddrInUse(err) {
			return fmt.Errorf("dev chain: %s:%d: %w", Host, port, ErrPortInUse)
		}
		return fmt.Errorf("dev chain: cannot listen on %s:%d: %w", Host, port, err)
	}
	return ln.Close()
}

func isAddrInUse(err error) bool { return errors.Is(err, syscall.EADDRINUSE) }

// Info returns the endpoint, chain id and deployer account (including its
// dev-only private key).
func (c *DevChain) Info() Info {
	return Info{
		RPCURL:             c.rpcURL,
		ChainID:            ChainID,
		DeployerAddress:    c.deployer.Hex(),
		DeployerPrivateKey: "0x" + common.Bytes2Hex(crypto.FromECDSA(c.key)),
	}
}

// RPCURL is the HTTP JSON-RPC endpoint, e.g. http://127.0.0.1:8545.
func (c *DevChain) RPCURL() string { return c.rpcURL }

// Port is the TCP port the endpoint listens on.
func (c *DevChain) Port() int { return c.port }

// Deployer is the funded deployer/faucet account.
func (c *DevChain) Deployer() common.Address { return c.deployer }

// DeployerKey is the deployer's private key (dev-only).
func (c *DevChain) DeployerKey() *ecdsa.PrivateKey { return c.key }

// Stopped reports whether Stop has been called.
func (c *DevChain) Stopped() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stopped
}

// Stop shuts the chain down and releases its port. An in-memory chain's
// state is discarded; one with a data directory is flushed to it.
// A second call returns ErrStopped.
func (c *DevChain) Stop() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		return ErrStopped
	}
	c.stopped = true
	if err := c.stack.Close(); err != nil {
		return fmt.Errorf("dev chain: stopping: %w", err)
	}
	return nil
}
