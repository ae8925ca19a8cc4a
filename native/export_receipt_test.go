package main

import (
	"math/big"
	"strings"
	"testing"

	"lockerism/circuits/feedproof"
)

func TestOpenCommitmentsMatchesTheCircuitsCommitments(t *testing.T) {
	saltL, saltF := big.NewInt(12345), big.NewInt(67890)
	likes, feed := []int{2, 7, 40}, []int{9, 3, 11}
	r, err := openCommitments(commitmentsRequest{Likes: likes, Feed: feed, SaltL: word(saltL), SaltF: word(saltF)})
	if err != nil {
		t.Fatal(err)
	}
	cl, _ := feedproof.CommitLikes(likes, saltL)
	cf, _ := feedproof.CommitFeed(feed, feedproof.DefaultKMax, saltF)
	if r.CommitL != word(cl) || r.CommitF != word(cf) {
		t.Fatalf("got %+v", r)
	}
	moved, _ := openCommitments(commitmentsRequest{Likes: likes, Feed: []int{3, 9, 11}, SaltL: word(saltL), SaltF: word(saltF)})
	if moved.CommitF == r.CommitF || moved.CommitL != r.CommitL {
		t.Fatal("reordering the feed must change C_F only")
	}
}

func TestOpenCommitmentsRefusesMalformedOpenings(t *testing.T) {
	salt := word(big.NewInt(1))
	r := new(big.Int).Lsh(big.NewInt(1), 255) // above the BN254 field modulus
	for name, req := range map[string]commitmentsRequest{
		"likes not ascending": {Likes: []int{3, 2}, Feed: []int{1}, SaltL: salt, SaltF: salt},
		"duplicate feed":      {Feed: []int{1, 1}, SaltL: salt, SaltF: salt},
		"empty feed":          {SaltL: salt, SaltF: salt},
		"negative index":      {Feed: []int{-1}, SaltL: salt, SaltF: salt},
		"index too large":     {Feed: []int{feedproof.MaxN}, SaltL: salt, SaltF: salt},
		"long feed":           {Feed: make([]int, feedproof.DefaultKMax+1), SaltL: salt, SaltF: salt},
		"short salt":          {Feed: []int{1}, SaltL: "0x01", SaltF: salt},
		"salt without 0x":     {Feed: []int{1}, SaltL: strings.TrimPrefix(salt, "0x"), SaltF: salt},
		"salt not reduced":    {Feed: []int{1}, SaltL: salt, SaltF: word(r)},
	} {
		if _, err := openCommitments(req); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
