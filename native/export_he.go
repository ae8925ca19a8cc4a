package main

/*
#include <stdint.h>
*/
import "C"

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"unsafe"

	"lockerism/circuits/feedproof"
	"lockerism/native/he"
)

// C exports of the homomorphic-encryption engine (package he). Objects behind
// handles — secret keys, public keys, ciphertexts, models, queries,
// replies — are immutable, so
// every export may be called from many threads at once; operations that
// "modify" a ciphertext return a new handle.
//
// Signatures (every one returns a status code and ends with errBuf, errCap):
//
//	int32_t lk_he_params_info(int32_t d, uint64_t *outBuf, char *errBuf, int32_t errCap);
//	int32_t lk_he_keygen(uint64_t *outSecretKey, uint64_t *outPublicKey, char *errBuf, int32_t errCap);
//	int32_t lk_he_serialize(uint64_t obj, uint64_t *outBuf, char *errBuf, int32_t errCap);
//	int32_t lk_he_deserialize(int32_t kind, const uint8_t *data, int64_t n, uint64_t *outObj, char *errBuf, int32_t errCap);
//	int32_t lk_he_encrypt(uint64_t key, const int64_t *values, int32_t n, uint64_t *outCt, char *errBuf, int32_t errCap);
//	int32_t lk_he_add_row(uint64_t ct, const uint8_t *row, int32_t d, int32_t sign, uint64_t *outCt, char *errBuf, int32_t errCap);
//	int32_t lk_he_rerandomize(uint64_t pk, uint64_t ct, uint64_t *outCt, char *errBuf, int32_t errCap);
//	int32_t lk_he_decrypt_vector(uint64_t sk, uint64_t ct, int32_t d, int64_t *out, int64_t outCap, char *errBuf, int32_t errCap);
//
// Scoring is slot-packed (export_he_slot.go): the interest ciphertext at
// rest is coefficient-packed so a like is one row addition, and the locker
// turns it into a query for each feed.
//
// kind for lk_he_deserialize: 1 secret key, 2 public key, 3 ciphertext,
// 4 slot query, 5 slot reply (export_he_slot.go) (the same byte as in the serialized frame). Decrypted values are written as
// int64 in [0, t).

func heErr(err error) error {
	if err == nil {
		return nil
	}
	var ee *engineError
	if errors.As(err, &ee) {
		return err
	}
	if errors.Is(err, he.ErrMalformed) {
		return errorf(codeMalformedInput, "%s", err.Error())
	}
	return errorf(codeInvalidArgument, "%s", err.Error())
}

// inputInt64s copies count int64 values from a caller-owned array.
func inputInt64s(ptr *C.int64_t, count int64, what string) ([]int64, error) {
	if count < 0 || count > maxInputBytes/8 {
		return nil, errorf(codeInvalidArgument, "%s: invalid count %d", what, count)
	}
	raw, err := inputBytes((*C.uint8_t)(unsafe.Pointer(ptr)), C.int64_t(count*8), what)
	if err != nil {
		return nil, err
	}
	out := make([]int64, count)
	for i := range out {
		out[i] = int64(binary.NativeEndian.Uint64(raw[8*i:]))
	}
	return out, nil
}

func outputInt64s(dst *C.int64_t, dstCap C.int64_t, vals []uint64, what string) error {
	if int64(dstCap) < int64(len(vals)) {
		return errorf(codeBufferTooSmall, "%s: need room for %d values, have %d", what, len(vals), int64(dstCap))
	}
	if len(vals) == 0 {
		return nil
	}
	if dst == nil {
		return errorf(codeInvalidArgument, "%s: null output array", what)
	}
	out := unsafe.Slice((*int64)(unsafe.Pointer(dst)), len(vals))
	for i, v := range vals {
		out[i] = int64(v)
	}
	return nil
}

func checkD32(d C.int32_t, what string) (int, error) {
	if d < he.MinD || d > he.MaxD {
		return 0, errorf(codeInvalidArgument, "%s: d=%d outside [%d, %d]", what, int32(d), he.MinD, he.MaxD)
	}
	return int(d), nil
}

//export lk_he_params_info
func lk_he_params_info(d C.int32_t, outBuf *C.uint64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		dd, err := checkD32(d, "params_info")
		if err != nil {
			return err
		}
		info, err := he.ParamsInfo(dd)
		if err != nil {
			return heErr(err)
		}
		js, err := json.Marshal(info)
		if err != nil {
			return err
		}
		return setHandle(outBuf, buffer(js))
	})
}

//export lk_he_keygen
func lk_he_keygen(outSecretKey, outPublicKey *C.uint64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		if outSecretKey == nil || outPublicKey == nil {
			return errorf(codeInvalidArgument, "keygen: null output handle pointer")
		}
		sk, pk, err := he.KeyGen()
		if err != nil {
			return heErr(err)
		}
		*outSecretKey = C.uint64_t(newHandle(sk))
		*outPublicKey = C.uint64_t(newHandle(pk))
		return nil
	})
}

//export lk_he_serialize
func lk_he_serialize(obj C.uint64_t, outBuf *C.uint64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		v, err := handleValue[any](obj, "serialize")
		if err != nil {
			return err
		}
		var b []byte
		switch o := v.(type) {
		case *he.SecretKey:
			b, err = o.MarshalBinary()
		case *he.PublicKey:
			b, err = o.MarshalBinary()
		case *he.Ciphertext:
			b, err = o.MarshalBinary()
		case *he.Query:
			b, err = o.MarshalBinary()
		case *he.Reply:
			b, err = o.MarshalBinary()
		default:
			return errorf(codeInvalidArgument, "serialize: handle %d holds a %T, not an HE key or ciphertext", uint64(obj), v)
		}
		if err != nil {
			return err
		}
		return setHandle(outBuf, buffer(b))
	})
}

//export lk_he_deserialize
func lk_he_deserialize(kind C.int32_t, data *C.uint8_t, n C.int64_t, outObj *C.uint64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		if outObj == nil {
			return errorf(codeInvalidArgument, "deserialize: null output handle pointer")
		}
		b, err := inputBytes(data, n, "deserialize")
		if err != nil {
			return err
		}
		var v any
		switch he.Kind(kind) {
		case he.KindSecretKey:
			v, err = he.UnmarshalSecretKey(b)
		case he.KindPublicKey:
			v, err = he.UnmarshalPublicKey(b)
		case he.KindCiphertext:
			v, err = he.UnmarshalCiphertext(b)
		case he.KindQuery:
			v, err = he.UnmarshalQuery(b)
		case he.KindReply:
			v, err = he.UnmarshalReply(b)
		default:
			return errorf(codeInvalidArgument, "deserialize: unknown kind %d", int32(kind))
		}
		if err != nil {
			return heErr(err)
		}
		return setHandle(outObj, v)
	})
}

func encryptionKey(h C.uint64_t, what string) (he.EncryptionKey, error) {
	v, err := handleValue[any](h, what)
	if err != nil {
		return nil, err
	}
	switch k := v.(type) {
	case *he.PublicKey:
		return k, nil
	case *he.SecretKey:
		return k, nil
	}
	return nil, errorf(codeInvalidArgument, "%s: handle %d holds a %T, not an HE key", what, uint64(h), v)
}

//export lk_he_encrypt
func lk_he_encrypt(key C.uint64_t, values *C.int64_t, n C.int32_t, outCt *C.uint64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		k, err := encryptionKey(key, "encrypt")
		if err != nil {
			return err
		}
		if n < 1 || n > he.MaxD {
			return errorf(codeInvalidArgument, "encrypt: length %d outside [1, %d]", int32(n), he.MaxD)
		}
		vals, err := inputInt64s(values, int64(n), "encrypt")
		if err != nil {
			return err
		}
		u := make([]uint64, len(vals))
		for j, v := range vals {
			if v < 0 || v > he.MaxInterest {
				return errorf(codeInvalidArgument, "encrypt: value %d outside [0, %d]", j, he.MaxInterest)
			}
			u[j] = uint64(v)
		}
		ct, err := he.Encrypt(k, u)
		if err != nil {
			return heErr(err)
		}
		return setHandle(outCt, ct)
	})
}

//export lk_he_add_row
func lk_he_add_row(ct C.uint64_t, row *C.uint8_t, d C.int32_t, sign C.int32_t, outCt *C.uint64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		c, err := handleValue[*he.Ciphertext](ct, "add_row")
		if err != nil {
			return err
		}
		dd, err := checkD32(d, "add_row")
		if err != nil {
			return err
		}
		if sign != 1 && sign != -1 {
			return errorf(codeInvalidArgument, "add_row: sign must be 1 or -1, got %d", int32(sign))
		}
		r, err := inputBytes(row, C.int64_t(dd), "add_row")
		if err != nil {
			return err
		}
		var out *he.Ciphertext
		if sign == 1 {
			out, err = he.AddRow(c, r)
		} else {
			out, err = he.SubRow(c, r)
		}
		if err != nil {
			return heErr(err)
		}
		return setHandle(outCt, out)
	})
}

// lk_he_rerandomize returns ct plus a fresh encryption of zero under the
// public key pk (he.Rerandomize): the locker calls it on every write of
// Enc(u), so that two stored versions do not differ by a catalog row.
//
//export lk_he_rerandomize
func lk_he_rerandomize(pk, ct C.uint64_t, outCt *C.uint64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		k, err := handleValue[*he.PublicKey](pk, "rerandomize")
		if err != nil {
			return err
		}
		c, err := handleValue[*he.Ciphertext](ct, "rerandomize")
		if err != nil {
			return err
		}
		out, err := he.Rerandomize(k, c)
		if err != nil {
			return heErr(err)
		}
		return setHandle(outCt, out)
	})
}

// newSlotModel compiles a snapshot for slot-packed scoring; groups 0 lets
// the engine pick G (he.AutoGroups).
func newSlotModel(s *feedproof.Snapshot, groups int) (*he.SlotModel, error) {
	prior := make([]uint64, len(s.B))
	for i, v := range s.B {
		prior[i] = uint64(v)
	}
	m, err := he.NewSlotModel(s.D, s.N, s.M, prior, uint64(s.W), he.SlotOptions{Groups: groups})
	return m, heErr(err)
}

//export lk_he_decrypt_vector
func lk_he_decrypt_vector(sk, ct C.uint64_t, d C.int32_t, out *C.int64_t, outCap C.int64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		k, err := handleValue[*he.SecretKey](sk, "decrypt_vector")
		if err != nil {
			return err
		}
		c, err := handleValue[*he.Ciphertext](ct, "decrypt_vector")
		if err != nil {
			return err
		}
		dd, err := checkD32(d, "decrypt_vector")
		if err != nil {
			return err
		}
		if int64(outCap) < int64(dd) {
			return errorf(codeBufferTooSmall, "decrypt_vector: need room for %d values, have %d", dd, int64(outCap))
		}
		v, err := he.Decrypt(k, c, dd)
		if err != nil {
			return heErr(err)
		}
		return outputInt64s(out, outCap, v, "decrypt_vector")
	})
}
