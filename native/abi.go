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
package main

/*
#include <stdint.h>
*/
import "C"

import (
	"errors"
	"fmt"
	"sync"
	"unsafe"
)

// Status codes returned by every export; mirrored in the Java wrapper.
const (
	codeOK              = 0
	codeInvalidArgument = 1
	codeMalformedInput  = 2
	codeUnknownHandle   = 3
	codeBufferTooSmall  = 4
	codeInternal        = 5
)

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
