package main

/*
#include <stdint.h>
*/
import "C"

import (
	"encoding/json"
	"errors"

	"lockerism/native/chain"
)

// C exports of the embedded development chain (package chain).
//
// Signatures (every one returns a status code and ends with errBuf, errCap):
//
//	int32_t lk_chain_start(const uint8_t *request, int64_t n, uint64_t *outChain, uint64_t *outInfoJson, char *errBuf, int32_t errCap);
//	int32_t lk_chain_stop(uint64_t chain, char *errBuf, int32_t errCap);
//
// lk_chain_start takes the JSON request {"port":P,"dataDir":DIR}, starts a
// chain whose JSON-RPC endpoint listens on 127.0.0.1:P (0 picks a free port)
// and keeps its state under DIR ("" or absent: in memory), and returns two
// handles: the chain, and a buffer holding the UTF-8 JSON
//
//	{"rpcUrl":"http://127.0.0.1:8545","chainId":1337,
//	 "deployerAddress":"0x…","deployerPrivateKey":"0x…"}
//
// The deployer key is a random dev-only key funded at genesis (kept in
// DIR/deployer.key for a chain with a data directory); the caller should not
// log it. A port already in use yields codeInvalidArgument
// with a message naming the port.
//
// lk_chain_stop shuts the chain down (discarding an in-memory chain's state,
// flushing a persistent one's) and releases the port; stopping twice yields codeInvalidArgument. The handle stays valid
// until lk_release. Release a chain only after stopping it: releasing a
// running chain drops the handle but leaves the chain running until the
// process exits.

// chainStartRequest is lk_chain_start's JSON request.
type chainStartRequest struct {
	Port    int    `json:"port"`
	DataDir string `json:"dataDir"`
}

//export lk_chain_start
func lk_chain_start(request *C.uint8_t, n C.int64_t, outChain, outInfoJSON *C.uint64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		if outChain == nil || outInfoJSON == nil {
			return errorf(codeInvalidArgument, "chain_start: null output handle pointer")
		}
		b, err := inputRequest(request, n, "chain_start request")
		if err != nil {
			return err
		}
		var req chainStartRequest
		if err := decodeRequest(b, "chain_start", &req); err != nil {
			return err
		}
		if req.Port < 0 || req.Port > 65535 {
			return errorf(codeInvalidArgument, "chain_start: port %d outside [0, 65535]", req.Port)
		}
		c, err := chain.Start(req.Port, req.DataDir)
		if err != nil {
			if errors.Is(err, chain.ErrPortInUse) {
				return errorf(codeInvalidArgument, "chain_start: %s", err.Error())
			}
			return errorf(codeInternal, "chain_start: %s", err.Error())
		}
		js, err := json.Marshal(c.Info())
		if err != nil {
			c.Stop()
			return err
		}
		*outChain = C.uint64_t(newHandle(c))
		*outInfoJSON = C.uint64_t(newHandle(buffer(js)))
		return nil
	})
}

//export lk_chain_stop
func lk_chain_stop(h C.uint64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		c, err := handleValue[*chain.DevChain](h, "chain_stop")
		if err != nil {
			return err
		}
		if err := c.Stop(); err != nil {
			if errors.Is(err, chain.ErrStopped) {
				return errorf(codeInvalidArgument, "chain_stop: chain %d is already stopped", uint64(h))
			}
			return errorf(codeInternal, "chain_stop: %s", err.Error())
		}
		return nil
	})
}
