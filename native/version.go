package main

/*
#include <stdint.h>
*/
import "C"

import (
	"bytes"
	"fmt"
	"runtime"
)

// abiVersion changes whenever an export's signature or meaning changes; the
// Java wrapper refuses a library whose ABI it does not know.
const abiVersion = 1

const engineName = "lockerism-native"

func versionString() string {
	return fmt.Sprintf("%s abi=%d %s %s/%s", engineName, abiVersion, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

//export lk_abi_version
func lk_abi_version() C.int32_t { return abiVersion }

//export lk_version
func lk_version(dst *C.char, dstCap C.int32_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		if !writeCString(dst, dstCap, versionString()) {
			return errorf(codeBufferTooSmall, "version: buffer of %d bytes is too small", int32(dstCap))
		}
		return nil
	})
}

// selfTest exercises the ABI machinery end to end: a buffer handle is created,
// read back, released, and a second release must be refused.
func selfTest() error {
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

//export lk_self_test
func lk_self_test(errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, selfTest)
}

//export lk_debug_panic
func lk_debug_panic(errBuf *C.char, errCap C.int32_t) C.int32_t {
	// Lets the Java tests prove that a Go panic becomes an exception, not a crash.
	return call(errBuf, errCap, func() error { panic("deliberate panic requested by lk_debug_panic") })
}
