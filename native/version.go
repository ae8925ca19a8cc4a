package main

/*
#include <stdint.h>
*/
import "C"

import (
	"fmt"
	"runtime"

	"github.com/consensys/gnark"

	"lockerism/circuits/feedproof"
	"lockerism/circuits/model"
)

// abiVersion changes whenever an export's signature or meaning changes; the
// Java wrapper refuses a library whose ABI it does not know.
//
// 2: snapshots cross as canonical bytes (lk_snapshot_open); lk_engine_info
// replaces lk_version; one prover open; JSON requests for the ceremony and
// the audit; test-only exports moved behind the lktest build tag.
//
// 3: lk_chain_start takes a JSON request ({"port","dataDir"}: a dev chain
// kept on disk); the slot-packed engine's exports (lk_he_slot_*,
// lk_he_query_new) and serialize kinds 4 (query) and 5 (reply).
//
// 4: scoring is slot-packed only: lk_he_model_new, lk_he_score_block and
// lk_he_decrypt_scores are gone; lk_he_slot_decrypt and lk_he_auto_groups
// are new; lk_he_slot_topk takes k up to 1024; lk_he_params_info no longer
// reports scoresPerCiphertext (a property of the removed coefficient packing).
//
// 5: lk_he_rerandomize (a fresh public-key encryption of zero added to an
// interest ciphertext; the locker re-randomizes every write of Enc(u));
// lk_zk_commitments (C_L, C_F from their openings, for receipts); feed proofs
// are bound to their publisher: lk_zk_prove takes the 20-byte address that
// may record the proof, and proofs carry six statement values (publisher
// last) for lk_zk_verify and IFeedVerifier.verifyFeed.
const abiVersion = 5

const engineName = "lockerism-native"

func versionString() string {
	return fmt.Sprintf("%s abi=%d %s %s/%s", engineName, abiVersion, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// engineInfo is what lk_engine_info returns (JSON): everything the Java side
// must agree on with this library, defined here (and in package model) once.
type engineInfo struct {
	Version     string           `json:"version"`
	ABI         int              `json:"abi"`
	Gnark       string           `json:"gnark"`
	Circuit     string           `json:"circuit"`
	StatusCodes map[string]int32 `json:"statusCodes"`
	Limits      limits           `json:"limits"`
}

type limits struct {
	MaxFeature            int `json:"maxFeature"`
	MaxPrior              int `json:"maxPrior"`
	MinWeight             int `json:"minWeight"`
	MaxWeight             int `json:"maxWeight"`
	MaxLikes              int `json:"maxLikes"`
	MinFeatures           int `json:"minFeatures"`
	MaxFeatures           int `json:"maxFeatures"`
	MaxAccountIDBytes     int `json:"maxAccountIdBytes"`
	MaxFeedLength         int `json:"maxFeedLength"`
	MinProverProfiles     int `json:"minProverProfiles"`
	MaxProverProfiles     int `json:"maxProverProfiles"`
	SnapshotFormatVersion int `json:"snapshotFormatVersion"`
}

func currentEngineInfo() engineInfo {
	return engineInfo{
		Version: versionString(), ABI: abiVersion, Gnark: gnark.Version.String(),
		Circuit: feedproof.CircuitVersion, StatusCodes: statusCodes,
		Limits: limits{
			MaxFeature: model.MaxFeature, MaxPrior: model.MaxPrior,
			MinWeight: model.MinWeight, MaxWeight: model.MaxWeight, MaxLikes: model.MaxLikes,
			MinFeatures: model.MinD, MaxFeatures: model.MaxD,
			MaxAccountIDBytes: model.MaxAccountIDBytes, MaxFeedLength: model.MaxFeedLength,
			MinProverProfiles: feedproof.MinN, MaxProverProfiles: feedproof.MaxN,
			SnapshotFormatVersion: model.FormatVersion,
		},
	}
}

//export lk_abi_version
func lk_abi_version() C.int32_t { return abiVersion }

// lk_engine_info returns a buffer handle holding the engineInfo JSON.
//
//export lk_engine_info
func lk_engine_info(outJSON *C.uint64_t, errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, func() error {
		return setHandle(outJSON, buffer(mustJSON(currentEngineInfo())))
	})
}

// lk_self_test runs the release self-test (selftest.go): the ABI machinery,
// the snapshot codec and an encrypted scoring round trip against the
// plaintext model. The app runs it at start-up and for /readyz.
//
//export lk_self_test
func lk_self_test(errBuf *C.char, errCap C.int32_t) C.int32_t {
	return call(errBuf, errCap, selfTest)
}
