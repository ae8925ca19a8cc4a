//go:build lktest

package main

/*
#include <stdint.h>
#include <stdlib.h>
*/
import "C"

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"unsafe"
)

// chainABICheck drives lk_chain_start / lk_chain_stop exactly as a C caller
// would (C types, status codes, handles, the info buffer), checks the info
// JSON against the live endpoint, the busy-port error and the stop/release
// sequence. It backs the Go test of the chain exports (test builds only: it
// links net/http, which the release library does not need).
func chainABICheck() error {
	errBuf := make([]byte, 512)
	eb := (*C.char)(unsafe.Pointer(&errBuf[0]))
	ec := C.int32_t(len(errBuf))
	msg := func() string {
		if i := bytes.IndexByte(errBuf, 0); i >= 0 {
			return string(errBuf[:i])
		}
		return string(errBuf)
	}
	expect := func(what string, code C.int32_t, want int32) error {
		if int32(code) != want {
			return fmt.Errorf("%s: code %d, want %d (%s)", what, int32(code), want, msg())
		}
		return nil
	}

	// start passes a JSON request through C memory, as a C caller would.
	start := func(request string, outChain, outInfo *C.uint64_t) C.int32_t {
		if request == "" {
			return lk_chain_start(nil, 0, outChain, outInfo, eb, ec)
		}
		p := C.CBytes([]byte(request))
		defer C.free(p)
		return lk_chain_start((*C.uint8_t)(p), C.int64_t(len(request)), outChain, outInfo, eb, ec)
	}

	var ch, info C.uint64_t
	if err := expect("chain_start", start(`{"port":0}`, &ch, &info), codeOK); err != nil {
		return err
	}
	var n C.int64_t
	if err := expect("buffer_len", lk_buffer_len(info, &n, eb, ec), codeOK); err != nil {
		return err
	}
	js := make([]byte, int(n))
	if err := expect("buffer_copy", lk_buffer_copy(info, (*C.uint8_t)(unsafe.Pointer(&js[0])), n, eb, ec), codeOK); err != nil {
		return err
	}
	if err := expect("release info", lk_release(info, eb, ec), codeOK); err != nil {
		return err
	}
	var fields map[string]any
	if err := json.Unmarshal(js, &fields); err != nil {
		return fmt.Errorf("info JSON %q: %v", js, err)
	}
	for _, k := range []string{"rpcUrl", "chainId", "deployerAddress", "deployerPrivateKey"} {
		if _, ok := fields[k]; !ok {
			return fmt.Errorf("info JSON lacks %q", k)
		}
	}
	url, _ := fields["rpcUrl"].(string)
	if id, _ := fields["chainId"].(float64); id != 1337 {
		return fmt.Errorf("chainId %v", fields["chainId"])
	}
	body := []byte(`{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}`)
	resp, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("eth_chainId at %s: %v", url, err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Contains(raw, []byte(`"0x539"`)) {
		return fmt.Errorf("eth_chainId answered %s", raw)
	}

	// The running chain's port is busy for a second chain.
	_, portStr, _ := net.SplitHostPort(url[len("http://"):])
	port, _ := strconv.Atoi(portStr)
	var ch2, info2 C.uint64_t
	if err := expect("chain_start on a busy port", start(fmt.Sprintf(`{"port":%d}`, port), &ch2, &info2), codeInvalidArgument); err != nil {
		return err
	}
	if !bytes.Contains([]byte(msg()), []byte(portStr)) {
		return fmt.Errorf("busy-port message does not name the port: %s", msg())
	}
	if err := expect("chain_start port -1", start(`{"port":-1}`, &ch2, &info2), codeInvalidArgument); err != nil {
		return err
	}
	if err := expect("chain_start unknown field", start(`{"port":0,"rpc":1}`, &ch2, &info2), codeInvalidArgument); err != nil {
		return err
	}
	if err := expect("chain_start no request", start("", &ch2, &info2), codeInvalidArgument); err != nil {
		return err
	}
	if err := expect("chain_start null outputs", start(`{"port":0}`, nil, &info2), codeInvalidArgument); err != nil {
		return err
	}
	if err := expect("chain_stop on a buffer handle", lk_chain_stop(info, eb, ec), codeUnknownHandle); err != nil {
		return err
	}

	if err := expect("chain_stop", lk_chain_stop(ch, eb, ec), codeOK); err != nil {
		return err
	}
	if err := expect("chain_stop twice", lk_chain_stop(ch, eb, ec), codeInvalidArgument); err != nil {
		return err
	}
	if ln, err := net.Listen("tcp", "127.0.0.1:"+portStr); err != nil {
		return fmt.Errorf("port %s still taken after chain_stop: %v", portStr, err)
	} else {
		ln.Close()
	}
	if err := expect("release chain", lk_release(ch, eb, ec), codeOK); err != nil {
		return err
	}
	return expect("chain_stop after release", lk_chain_stop(ch, eb, ec), codeUnknownHandle)
}
