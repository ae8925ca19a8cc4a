// Package main is Lockerism's native engine, built as a C shared library
// (go build -buildmode=c-shared) and loaded by the Java app through JNA.
//
// C ABI conventions, shared by every export in this package:
//   - Every export returns an int32 status code (codeOK = 0) and takes, as its
//     last two parameters, a caller-owned buffer (errBuf, errCap) that receives
//     a NUL-terminated message when the code is not codeOK.
//   - Objects live on the Go side behind opaque uint64 handles; the caller frees
//     each with lk_release. C never holds a Go pointer.
//   - Byte results are returned as buffer handles: read the size with
//     lk_buffer_len, copy out with lk_buffer_copy, then lk_release it.
//   - Every input length is checked before it is read; inputs are copied.
//   - Every export is safe to call from many threads at once, and a Go panic
//     is recovered into codeInternal instead of crashing the host process.
//   - Hot paths (encryption, scoring, decryption) take typed C parameters;
//     rare, option-heavy operations (the ceremony, the audit) take one
//     UTF-8 JSON request, decoded strictly (unknown fields are errors).
//   - A snapshot crosses the boundary once, as its canonical bytes
//     (lk_snapshot_open); models, provers, the ceremony and the audit take
//     the snapshot handle, and the id is always the SHA-256 Go computed.
//
// Test-only exports (lk_debug_panic, lk_he_noise_budget, lk_he_self_test and
// the C-level ABI checks) build only with -tags lktest; the release library
// holds none of them (exports.txt lists its exports and the build checks the
// library's dynamic symbols against it).
package main

/*
#include <stdint.h>
*/
import "C"

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"unsafe"
)

// Status codes returned by every export. They are defined here only: the
// Java wrapper reads the table from lk_engine_info when it loads the library.
const (
	codeOK              = 0
	codeInvalidArgument = 1
	codeMalformedInput  = 2
	codeUnknownHandle   = 3
	codeBufferTooSmall  = 4
	codeInternal        = 5
	// codeEvaluatorFault: the decrypted HE scores differ from the model's
	// scores, so the evaluator computed something else; such a feed is never
	// proven.
	codeEvaluatorFault = 6
)

// statusCodes names every status code for lk_engine_info.
var statusCodes = map[string]int32{
	"ok":              codeOK,
	"invalidArgument": codeInvalidArgument,
	"malformedInput":  codeMalformedInput,
	"unknownHandle":   codeUnknownHandle,
	"bufferTooSmall":  codeBufferTooSmall,
	"internal":        codeInternal,
	"evaluatorFault":  codeEvaluatorFault,
}

// maxInputBytes bounds any single byte input accepted from the caller.
const maxInputBytes = 1 << 31

// engineError carries a status code with its message across the ABI.
type engineError struct {
	code int32
	msg  string
}

func (e *engineError) Error() string { return e.msg }

func errorf(code int32, format string, args ...any) error {
	return &engineError{code: code, msg: fmt.Sprintf(format, args...)}
}

// call runs fn and converts its error, or a panic, into a status code plus a
// message written to errBuf.
func call(errBuf *C.char, errCap C.int32_t, fn func() error) (code C.int32_t) {
	defer func() {
		if r := recover(); r != nil {
			code = report(errBuf, errCap, errorf(codeInternal, "internal error: %v", r))
		}
	}()
	if err := fn(); err != nil {
		return report(errBuf, errCap, err)
	}
	return codeOK
}

func report(errBuf *C.char, errCap C.int32_t, err error) C.int32_t {
	var ee *engineError
	if !errors.As(err, &ee) {
		ee = &engineError{code: codeInternal, msg: err.Error()}
	}
	writeCString(errBuf, errCap, ee.msg)
	return C.int32_t(ee.code)
}

// writeCString copies s into a caller-owned buffer of capacity bufCap,
// truncating and always NUL-terminating. It returns false when s did not fit.
func writeCString(buf *C.char, bufCap C.int32_t, s string) bool {
	if buf == nil || bufCap <= 0 {
		return false
	}
	dst := unsafe.Slice((*byte)(unsafe.Pointer(buf)), int(bufCap))
	n := copy(dst[:len(dst)-1], s)
	dst[n] = 0
	return n == len(s)
}

// inputBytes copies a caller-owned byte range after checking its length.
func inputBytes(ptr *C.uint8_t, n C.int64_t, what string) ([]byte, error) {
	switch {
	case n < 0:
		return nil, errorf(codeInvalidArgument, "%s: negative length %d", what, int64(n))
	case n > maxInputBytes:
		return nil, errorf(codeInvalidArgument, "%s: length %d exceeds the limit of %d bytes", what, int64(n), maxInputBytes)
	case n > 0 && ptr == nil:
		return nil, errorf(codeInvalidArgument, "%s: null pointer with length %d", what, int64(n))
	case n == 0:
		return []byte{}, nil
	}
	return C.GoBytes(unsafe.Pointer(ptr), C.int(n)), nil
}

// maxRequestBytes bounds a JSON request (paths and beacons, never data).
const maxRequestBytes = 1 << 20

// inputRequest copies a JSON request from a caller-owned byte range.
func inputRequest(ptr *C.uint8_t, n C.int64_t, what string) ([]byte, error) {
	if n > maxRequestBytes {
		return nil, errorf(codeInvalidArgument, "%s: %d bytes of JSON, at most %d", what, int64(n), maxRequestBytes)
	}
	return inputBytes(ptr, n, what)
}

// decodeRequest decodes one JSON object into v, refusing unknown fields and
// trailing data.
func decodeRequest(b []byte, what string, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return errorf(codeInvalidArgument, "%s: invalid JSON request: %v", what, err)
	}
	if _, err := d.Token(); err != io.EOF {
		return errorf(codeInvalidArgument, "%s: trailing data after the JSON request", what)
	}
	return nil
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// handles maps opaque handle numbers to Go objects owned by this library.
var handles = struct {
	sync.Mutex
	next uint64
	objs map[uint64]any
}{objs: map[uint64]any{}}

func newHandle(v any) uint64 {
	handles.Lock()
	defer handles.Unlock()
	handles.next++
	handles.objs[handles.next] = v
	return handles.next
}

// handleValue returns the object behind h, checking that it has type T.
func handleValue[T any](h C.uint64_t, what string) (T, error) {
	var zero T
	handles.Lock()
	v, ok := handles.objs[uint64(h)]
	handles.Unlock()
	if !ok {
		return zero, errorf(codeUnknownHandle, "%s: unknown or released handle %d", what, uint64(h))
	}
	t, ok := v.(T)
	if !ok {
		return zero, errorf(codeInvalidArgument, "%s: handle %d holds a %T", what, uint64(h), v)
	}
	return t, nil
}

func releaseHandle(h C.uint64_t) error {
	handles.Lock()
	defer handles.Unlock()
	if _, ok := handles.objs[uint64(h)]; !ok {
		return errorf(codeUnknownHandle, "release: unknown or released handle %d", uint64(h))
	}
	delete(handles.objs, uint64(h))
	return nil
}

func liveHandles() int {
	handles.Lock()
	defer handles.Unlock()
	return len(handles.objs)
}

// buffer is a byte result waiting to be copied out by the caller.
type buffer []byte

func setHandle(out *C.uint64_t, v any) error {
	if out == nil {
		return errorf(codeInvalidArgument, "null output handle pointer")
	}
	*out = C.uint64_t(newHandle(v))
	return nil
}

//export lk_release
func lk_release(h C.uint64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error { return releaseHandle(h) })
}

//export lk_buffer_len
func lk_buffer_len(h C.uint64_t, outLen *C.int64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		b, err := handleValue[buffer](h, "buffer_len")
		if err != nil {
			return err
		}
		if outLen == nil {
			return errorf(codeInvalidArgument, "buffer_len: null output pointer")
		}
		*outLen = C.int64_t(len(b))
		return nil
	})
}

//export lk_buffer_copy
func lk_buffer_copy(h C.uint64_t, dst *C.uint8_t, dstCap C.int64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		b, err := handleValue[buffer](h, "buffer_copy")
		if err != nil {
			return err
		}
		if dstCap < C.int64_t(len(b)) {
			return errorf(codeBufferTooSmall, "buffer_copy: need %d bytes, have %d", len(b), int64(dstCap))
		}
		if len(b) > 0 {
			if dst == nil {
				return errorf(codeInvalidArgument, "buffer_copy: null destination")
			}
			copy(unsafe.Slice((*byte)(unsafe.Pointer(dst)), len(b)), b)
		}
		return nil
	})
}

//export lk_live_handles
func lk_live_handles() C.int64_t { return C.int64_t(liveHandles()) }

func main() {}
