package feedproof

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/mimc"
)

// Domain tags, the first element hashed into each commitment.
var (
	tagL = new(big.Int).SetBytes([]byte("lockerism/L/v1"))
	tagF = new(big.Int).SetBytes([]byte("lockerism/F/v1"))
)

// TagL and TagF return copies of the commitment domain tags.
func TagL() *big.Int { return new(big.Int).Set(tagL) }
func TagF() *big.Int { return new(big.Int).Set(tagF) }

// EncodeList turns a list of profile indices into `slots` list entries:
// entry = index+1 for the listed profiles, 0 for padding after them.
func EncodeList(indices []int, slots int) ([]uint64, error) {
	if len(indices) > slots {
		return nil, fmt.Errorf("feedproof: %d indices for %d slots", len(indices), slots)
	}
	out := make([]uint64, slots)
	for t, i := range indices {
		if i < 0 || i >= MaxN {
			return nil, fmt.Errorf("feedproof: index %d out of range", i)
		}
		out[t] = uint64(i) + 1
	}
	return out, nil
}

// PackEntries packs list entries (each < 2^EntryBits) little-endian into
// field elements, EntriesPerElement per element:
// element_k = Σ_t entry_{12k+t} · 2^(20t).
func PackEntries(entries []uint64) []*big.Int {
	n := (len(entries) + EntriesPerElement - 1) / EntriesPerElement
	out := make([]*big.Int, n)
	for k := range out {
		acc := new(big.Int)
		for t := EntriesPerElement - 1; t >= 0; t-- {
			acc.Lsh(acc, EntryBits)
			if idx := k*EntriesPerElement + t; idx < len(entries) {
				acc.Add(acc, new(big.Int).SetUint64(entries[idx]))
			}
		}
		out[k] = acc
	}
	return out
}

// MiMC hashes field elements with gnark-crypto's BN254 MiMC (the native
// twin of std/hash/mimc). Every element must be reduced modulo r.
func MiMC(elems ...*big.Int) (*big.Int, error) {
	h := mimc.NewMiMC()
	for _, e := range elems {
		if e.Sign() < 0 || e.Cmp(fr.Modulus()) >= 0 {
			return nil, fmt.Errorf("feedproof: hash input not reduced")
		}
		var b [fr.Bytes]byte
		e.FillBytes(b[:])
		if _, err := h.Write(b[:]); err != nil {
			return nil, err
		}
	}
	return new(big.Int).SetBytes(h.Sum(nil)), nil
}

// CommitLikes is C_L = MiMC(tagL, pack(L entries, MaxLikes slots), salt_L),
// with L listed in ascending index order.
func CommitLikes(sortedLikes []int, salt *big.Int) (*big.Int, error) {
	entries, err := EncodeList(sortedLikes, MaxLikes)
	if err != nil {
		return nil, err
	}
	return commitEntries(tagL, entries, salt)
}

// CommitFeed is C_F = MiMC(tagF, pack(F entries, kMax slots), salt_F), with F
// in rank order.
func CommitFeed(feed []int, kMax int, salt *big.Int) (*big.Int, error) {
	entries, err := EncodeList(feed, kMax)
	if err != nil {
		return nil, err
	}
	return commitEntries(tagF, entries, salt)
}

func commitEntries(tag *big.Int, entries []uint64, salt *big.Int) (*big.Int, error) {
	in := append([]*big.Int{tag}, PackEntries(entries)...)
	in = append(in, salt)
	return MiMC(in...)
}

// RandomSalt draws a uniform field element from crypto/rand.
func RandomSalt() (*big.Int, error) {
	var e fr.Element
	if _, err := e.SetRandom(); err != nil {
		return nil, err
	}
	return e.BigInt(new(big.Int)), nil
}
