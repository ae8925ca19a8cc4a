//go:build lktest

package main

/*
#include <stdint.h>
*/
import "C"

import "lockerism/native/he"

// Test-only exports. They exist in the library built with -tags lktest (the
// Maven build puts it in target/native-test/ for the Java tests) and never in
// the release library packed in the jar: exports_lktest.txt lists them and
// the build checks both libraries' dynamic symbols.
//
//	int32_t lk_debug_panic(char *errBuf, int32_t errCap);
//	int32_t lk_he_noise_budget(uint64_t sk, uint64_t ct, double *outBits, char *errBuf, int32_t errCap);
//	int32_t lk_he_self_test(char *errBuf, int32_t errCap);

// lk_debug_panic lets the Java tests prove that a Go panic becomes an
// exception, not a crash.
//
//export lk_debug_panic
func lk_debug_panic(errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error { panic("deliberate panic requested by lk_debug_panic") })
}

// lk_he_noise_budget reports the bits of noise budget left in a ciphertext
// (needs the secret key): the Java tests check the worst case with it.
//
//export lk_he_noise_budget
func lk_he_noise_budget(sk, ct C.uint64_t, outBits *C.double, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		k, err := handleValue[*he.SecretKey](sk, "noise_budget")
		if err != nil {
			return err
		}
		c, err := handleValue[*he.Ciphertext](ct, "noise_budget")
		if err != nil {
			return err
		}
		if outBits == nil {
			return errorf(codeInvalidArgument, "noise_budget: null output pointer")
		}
		bits, err := he.NoiseBudget(k, c)
		if err != nil {
			return heErr(err)
		}
		*outBits = C.double(bits)
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
