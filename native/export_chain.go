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
//	int32_t lk_chain_start(int32_t port, uint64_t *outChain, uint64_t *outInfoJson, char *errBuf, int32_t errCap);
//	int32_t lk_chain_stop(uint64_t chain, char *errBuf, int32_t errCap);
//
// lk_chain_start starts a chain whose JSON-RPC endpoint listens on
// 127.0.0.1:port (port 0 picks a free port) and returns two handles: the
// chain, and a buffer holding the UTF-8 JSON
//
//	{"rpcUrl":"http://127.0.0.1:8545","chainId":1337,
//	 "deployerAddress":"0x…","deployerPrivateKey":"0x…"}
//
// The deployer key is a fresh random dev-only key, funded at genesis; the
// caller should not log it. A port already in use yields codeInvalidArgument
// with a message naming the port.
//
// lk_chain_stop shuts the chain down, discards its state and releases the
// port; stopping twice yields codeInvalidArgument. The handle stays valid
// until lk_release. Release a chain only after stopping it: releasing a
// running chain drops the handle but leaves the chain running until the
// process exits.

//export lk_chain_start
func lk_chain_start(port C.int32_t, outChain, outInfoJSON *C.uint64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		if outChain == nil || outInfoJSON == nil {
			return errorf(codeInvalidArgument, "chain_start: null output handle pointer")
		}
		if port < 0 || port > 65535 {
			return errorf(codeInvalidArgument, "chain_start: port %d outside [0, 65535]", int32(port))
		}
		c, err := chain.Start(int(port))
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
