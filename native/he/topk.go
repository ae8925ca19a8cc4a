package he

import (
	"container/heap"
	"errors"
	"fmt"
	"slices"
	"sync"
)

// Ranked is one feed entry: a catalog row and its score.
type Ranked struct {
	Row   int
	Score uint32
}

// better orders feed entries: higher score first, ties to the lower row.
func better(a, b Ranked) bool {
	return a.Score > b.Score || (a.Score == b.Score && a.Row < b.Row)
}

// TopK keeps the k best rows offered so far, skipping excluded rows (the
// viewer's likes). Rows may be offered in any order. Not safe for concurrent
// use (AddReply parallelizes internally).
type TopK struct {
	k        int
	excluded map[int]struct{}
	h        worstFirst
}

// NewTopK returns an empty selection of the k best rows outside excluded.
func NewTopK(k int, excluded []int) (*TopK, error) {
	if k < 1 {
		return nil, fmt.Errorf("he: top-k: k=%d must be positive", k)
	}
	t := &TopK{k: k, excluded: make(map[int]struct{}, len(excluded)), h: make(worstFirst, 0, k)}
	for _, r := range excluded {
		t.excluded[r] = struct{}{}
	}
	return t, nil
}

// Offer considers rows firstRow … firstRow+len(scores)−1.
func (t *TopK) Offer(firstRow int, scores []uint32) {
	for i, s := range scores {
		c := Ranked{Row: firstRow + i, Score: s}
		if len(t.h) == t.k && !better(c, t.h[0]) {
			continue // the common case: not better than the current k-th
		}
		if _, skip := t.excluded[c.Row]; skip {
			continue
		}
		t.push(c)
	}
}

func (t *TopK) push(c Ranked) {
	if len(t.h) < t.k {
		heap.Push(&t.h, c)
		return
	}
	t.h[0] = c
	heap.Fix(&t.h, 0)
}

// Merge adds another selection's rows (same k and exclusions).
func (t *TopK) Merge(o *TopK) {
	for _, c := range o.h {
		if len(t.h) < t.k || better(c, t.h[0]) {
			t.push(c)
		}
	}
}

// Result returns the selection, best first.
func (t *TopK) Result() []Ranked {
	out := slices.Clone(t.h)
	slices.SortFunc(out, func(a, b Ranked) int {
		if better(a, b) {
			return -1
		}
		return 1
	})
	return out
}

// worstFirst is a heap whose root is the worst kept entry.
type worstFirst []Ranked

func (h worstFirst) Len() int           { return len(h) }
func (h worstFirst) Less(i, j int) bool { return better(h[j], h[i]) }
func (h worstFirst) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *worstFirst) Push(x any)        { *h = append(*h, x.(Ranked)) }
func (h *worstFirst) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// DecryptTopK decrypts replies to one query and returns the k best rows
// outside excluded, best first (ties to the lower row), on up to workers
// goroutines (0 = GOMAXPROCS). Only the selection leaves the engine.
func DecryptTopK(sk *SecretKey, q *Query, replies []*Reply, k int, excluded []int, workers int) ([]Ranked, error) {
	t, err := NewTopK(k, excluded)
	if err != nil {
		return nil, err
	}
	for _, r := range replies {
		if err := t.AddReply(sk, q, r, workers); err != nil {
			return nil, err
		}
	}
	return t.Result(), nil
}

// AddReply decrypts a reply to q and offers its rows, on up to workers
// goroutines (0 = GOMAXPROCS). Replies of one query may arrive in any order
// (e.g. while a remote evaluator is still streaming the next ones).
func (t *TopK) AddReply(sk *SecretKey, q *Query, r *Reply, workers int) error {
	if sk == nil || sk.sk == nil {
		return errors.New("he: decrypt: nil secret key")
	}
	if err := checkPair(q, r); err != nil {
		return err
	}
	var mu sync.Mutex
	var locals []*TopK
	parallelBlocks(0, r.blocks, workers, func() func(int) {
		bd := newBlockDecryptor(sk, q.g)
		scores := make([]uint32, r.rowsPerBlock())
		local := &TopK{k: t.k, excluded: t.excluded, h: make(worstFirst, 0, t.k)}
		mu.Lock()
		locals = append(locals, local)
		mu.Unlock()
		return func(b int) {
			rows := r.blockRows(b)
			bd.decrypt(r, b, scores[:rows], nil)
			local.Offer(r.FirstRow()+b*r.rowsPerBlock(), scores[:rows])
		}
	})
	for _, l := range locals {
		t.Merge(l)
	}
	return nil
}
