// Package model holds what the homomorphic engine, the feed circuit and the
// Java app must agree on about the public recommendation model: the value
// bounds that make every score exact, and the canonical snapshot encoding
// whose SHA-256 is the snapshot id. It is the single source of these facts:
// package he and package feedproof alias the bounds from here, and the Java
// app reads them from the engine (lk_engine_info) in a test that fails the
// build when its own constants differ.
//
// The package has no dependencies beyond the standard library, so both the
// engine and the circuit can import it.
package model

// Value bounds. The largest score, MaxFeature·(MaxLikes·MaxFeature)·MaxD +
// MaxWeight·MaxPrior, must stay below the BGV plaintext modulus and the
// circuit's range checks; he and feedproof check that at start-up and in
// their tests.
const (
	// MaxFeature is the largest entry of the feature matrix M (4 bits).
	MaxFeature = 15
	// MaxPrior is the largest popularity prior b_i.
	MaxPrior = 15
	// MinWeight and MaxWeight bound the prior weight w of a snapshot.
	MinWeight = 1
	MaxWeight = 255
	// MaxLikes is the largest like-set of one viewer (|L| ≤ MaxLikes). The
	// engines cannot see it (u is encrypted, L is a private witness): the
	// locker enforces it, the circuit has exactly this many like slots.
	MaxLikes = 100
	// MinD and MaxD bound the number of feature columns of a snapshot
	// (D = term columns + niche columns + StatColumns).
	MinD = 16
	MaxD = 128
	// StatColumns are the statistics columns after the niche columns
	// (followers, engagement, verified).
	StatColumns = 3
	// MaxAccountIDBytes bounds one account id, in bytes of UTF-8: the CSV
	// import refuses longer ids and the sealed like-set reserves this much
	// per like.
	MaxAccountIDBytes = 128
	// MaxFeedLength is the largest k of a proven feed (the circuit's kMax).
	MaxFeedLength = 50
)
