package he

import "fmt"

// The catalog (M, b, w) as the engine sees it: an N×D feature matrix M,
// the popularity prior b (N entries) and the prior weight w, scored as
// s = M·u + w·b.

// checkCatalog validates a catalog (M, b, w) against the engine's bounds.
func checkCatalog(d, n int, matrix []uint8, prior []uint64, weight uint64) error {
	if err := checkD(d); err != nil {
		return err
	}
	if n < 1 {
		return fmt.Errorf("he: model: catalog size n=%d must be positive", n)
	}
	if n > (1<<31)/d {
		return fmt.Errorf("he: model: catalog of %d×%d is too large", n, d)
	}
	if len(matrix) != n*d {
		return fmt.Errorf("he: model: matrix has %d entries, want n·d = %d", len(matrix), n*d)
	}
	if len(prior) != n {
		return fmt.Errorf("he: model: prior has %d entries, want n = %d", len(prior), n)
	}
	if weight > MaxWeight {
		return fmt.Errorf("he: model: weight %d exceeds %d", weight, MaxWeight)
	}
	for i, v := range matrix {
		if v > MaxFeature {
			return fmt.Errorf("he: model: M[%d][%d]=%d exceeds %d", i/d, i%d, v, MaxFeature)
		}
	}
	for i, v := range prior {
		if v > MaxPrior {
			return fmt.Errorf("he: model: prior[%d]=%d exceeds %d", i, v, MaxPrior)
		}
	}
	return nil
}

// PlainScores computes s = M·u + w·b in the clear for an N×d matrix
// (coordinates of u beyond d are ignored, missing ones count as 0): the
// reference the decrypted scores must agree with, in tests and in the ABI
// self-checks.
func PlainScores(d int, matrix []uint8, prior []uint64, weight uint64, u []uint64) []uint64 {
	s := make([]uint64, len(prior))
	for i := range s {
		var acc uint64
		row := matrix[i*d : i*d+d]
		for j, v := range row {
			if j < len(u) {
				acc += uint64(v) * u[j]
			}
		}
		s[i] = acc + weight*prior[i]
	}
	return s
}
