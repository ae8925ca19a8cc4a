//go:build lktest

package main

/*
#include <stdint.h>
*/
import "C"

import (
	"math"

	"lockerism/native/he"
)

// Test-only exports. They exist in the library built with -tags lktest (the
// Maven build puts it in target/native-test/ for the Java tests) and never in
// the release library packed in the jar: exports_lktest.txt lists them and
// the build checks both libraries' dynamic symbols.
//
//	int32_t lk_debug_panic(char *errBuf, int32_t errCap);
//	int32_t lk_he_reply_noise_budget(uint64_t sk, uint64_t query, uint64_t reply, double *outBits, char *errBuf, int32_t errCap);
//	int32_t lk_he_self_test(char *errBuf, int32_t errCap);

// lk_debug_panic lets the Java tests prove that a Go panic becomes an
// exception, not a crash.
//
//export lk_debug_panic
func lk_debug_panic(errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error { panic("deliberate panic requested by lk_debug_panic") })
}

// lk_he_reply_noise_budget reports the bits of noise budget left in a
// reply (log2(0.5/noise), needs the secret key and the query it answers):
// the Java tests check the worst case of the slot engine with it.
//
//export lk_he_reply_noise_budget
func lk_he_reply_noise_budget(sk, query, reply C.uint64_t, outBits *C.double, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		k, err := handleValue[*he.SecretKey](sk, "reply_noise_budget")
		if err != nil {
			return err
		}
		q, err := handleValue[*he.Query](query, "reply_noise_budget")
		if err != nil {
			return err
		}
		r, err := handleValue[*he.Reply](reply, "reply_noise_budget")
		if err != nil {
			return err
		}
		if outBits == nil {
			return errorf(codeInvalidArgument, "reply_noise_budget: null output pointer")
		}
		noise, err := he.ReplyNoise(k, q, r)
		if err != nil {
			return heErr(err)
		}
		*outBits = C.double(math.Log2(0.5 / noise))
		return nil
	})
}

// lk_he_self_test drives the snapshot and HE exports through the C ABI
// (abi_check_he.go), from many goroutines at once.
//
//export lk_he_self_test
func lk_he_self_test(errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, heSelfTest)
}
