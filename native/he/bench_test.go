package he

import "testing"

// Benchmarks of the interest ciphertext at rest: keys, Enc(u) and a like.
// The slot-packed scoring benchmarks are in slot_bench_test.go.

func BenchmarkKeyGen(b *testing.B) {
	for b.Loop() {
		if _, _, err := KeyGen(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncrypt(b *testing.B) {
	_, pk := keys(b)
	u := make([]uint64, DefaultD)
	for b.Loop() {
		if _, err := Encrypt(pk, u); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLike is one like: AddRow on a deserialized ciphertext, then
// serialize; "rerandomized" adds Rerandomize, as the locker does since issue
// 17, "plain" is the like before it.
func BenchmarkLike(b *testing.B) {
	_, pk := keys(b)
	ct, _ := Encrypt(pk, make([]uint64, DefaultD))
	blob, _ := ct.MarshalBinary()
	row := make([]uint8, DefaultD)
	for j := range row {
		row[j] = uint8(j % 16)
	}
	for _, rerandomize := range []bool{false, true} {
		name := map[bool]string{false: "plain", true: "rerandomized"}[rerandomize]
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				c, err := UnmarshalCiphertext(blob)
				if err == nil {
					c, err = AddRow(c, row)
				}
				if err == nil && rerandomize {
					c, err = Rerandomize(pk, c)
				}
				if err != nil {
					b.Fatal(err)
				}
				if _, err := c.MarshalBinary(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkRerandomize(b *testing.B) {
	_, pk := keys(b)
	ct, _ := Encrypt(pk, make([]uint64, DefaultD))
	for b.Loop() {
		if _, err := Rerandomize(pk, ct); err != nil {
			b.Fatal(err)
		}
	}
}
