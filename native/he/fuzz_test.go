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

// FuzzRerandomize: any accepted ciphertext frame re-randomizes without a
// panic into a canonical ciphertext (one that parses again).
func FuzzRerandomize(f *testing.F) {
	fuzzSeeds(f, KindCiphertext)
	_, pk := keys(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		ct, err := UnmarshalCiphertext(data)
		if err != nil {
			return
		}
		r, err := Rerandomize(pk, ct)
		if err != nil {
			t.Fatal(err)
		}
		b, err := r.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := UnmarshalCiphertext(b); err != nil {
			t.Fatalf("re-randomized ciphertext does not parse: %v", err)
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
	slotFuzzSeeds(f, KindQuery)
	slotFuzzSeeds(f, KindReply)
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _, _ = Unmarshal(data)
	})
}

// slotFuzzSeeds adds a valid query (D = 3, G = 2: two ciphertexts) and a
// valid one-block reply, plus their headers and truncations.
func slotFuzzSeeds(f *testing.F, kind Kind) {
	sk, _ := keys(f)
	q, _ := BuildQuery(sk, []uint64{1, 2, 3}, 2, 1)
	m, _ := NewSlotModel(3, 5, make([]uint8, 15), make([]uint64, 5), 1, SlotOptions{Groups: 2})
	r, _ := m.Score(q, 0, 1, 1)
	valid, _ := q.MarshalBinary()
	if kind == KindReply {
		valid, _ = r.MarshalBinary()
	}
	f.Add(valid)
	f.Add(valid[:headerLen+replyHeaderLen])
	f.Add(valid[:headerLen+queryHeaderLen+packedPairLen])
	f.Add(valid[:headerLen])
}

func FuzzUnmarshalQuery(f *testing.F) {
	slotFuzzSeeds(f, KindQuery)
	f.Fuzz(func(t *testing.T, data []byte) {
		q, err := UnmarshalQuery(data)
		if err != nil {
			return
		}
		again, err := q.MarshalBinary()
		if err != nil || !bytes.Equal(again, data) {
			t.Fatalf("accepted query is not canonical")
		}
	})
}

func FuzzUnmarshalReply(f *testing.F) {
	slotFuzzSeeds(f, KindReply)
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := UnmarshalReply(data)
		if err != nil {
			return
		}
		again, err := r.MarshalBinary()
		if err != nil || !bytes.Equal(again, data) {
			t.Fatalf("accepted reply is not canonical")
		}
		if r.Rows() < 1 || r.Rows() > r.Blocks()*r.rowsPerBlock() || len(r.c) != r.Blocks()*2*ringDegree {
			t.Fatalf("accepted reply with inconsistent shape")
		}
	})
}
