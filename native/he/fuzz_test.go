package he

import (
	"bytes"
	"testing"
)

// Fuzz targets for every deserializer. Property: never panic; anything that
// is accepted is canonical (re-serializes to the same bytes).

func fuzzSeeds(f *testing.F, kind Kind) {
	sk, pk := keys(f)
	ct, _ := Encrypt(pk, []uint64{1, 2, 3})
	var valid []byte
	switch kind {
	case KindSecretKey:
		valid, _ = sk.MarshalBinary()
	case KindPublicKey:
		valid, _ = pk.MarshalBinary()
	default:
		valid, _ = ct.MarshalBinary()
	}
	f.Add(valid)
	f.Add(valid[:headerLen+40])
	f.Add(valid[:headerLen])
	f.Add([]byte(Magic))
	f.Add([]byte{})
}

func FuzzUnmarshalCiphertext(f *testing.F) {
	fuzzSeeds(f, KindCiphertext)
	f.Fuzz(func(t *testing.T, data []byte) {
		ct, err := UnmarshalCiphertext(data)
		if err != nil {
			return
		}
		again, err := ct.MarshalBinary()
		if err != nil || !bytes.Equal(again, data) {
			t.Fatalf("accepted ciphertext is not canonical")
		}
	})
}

func FuzzUnmarshalSecretKey(f *testing.F) {
	fuzzSeeds(f, KindSecretKey)
	f.Fuzz(func(t *testing.T, data []byte) {
		sk, err := UnmarshalSecretKey(data)
		if err != nil {
			return
		}
		again, err := sk.MarshalBinary()
		if err != nil || !bytes.Equal(again, data) {
			t.Fatalf("accepted secret key is not canonical")
		}
	})
}

func FuzzUnmarshalPublicKey(f *testing.F) {
	fuzzSeeds(f, KindPublicKey)
	f.Fuzz(func(t *testing.T, data []byte) {
		pk, err := UnmarshalPublicKey(data)
		if err != nil {
			return
		}
		again, err := pk.MarshalBinary()
		if err != nil || !bytes.Equal(again, data) {
			t.Fatalf("accepted public key is not canonical")
		}
	})
}

func FuzzUnmarshalAny(f *testing.F) {
	fuzzSeeds(f, KindCiphertext)
	fuzzSeeds(f, KindPublicKey)
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _, _ = Unmarshal(data)
	})
}
