package feedproof

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/solidity"
)

// SolidityPragma is the pragma of the exported source (solc 0.8.2x, cancun).
const SolidityPragma = "^0.8.20"

// ProofBytesLen is the length of MarshalSolidity output for this circuit:
// A(64) | B(128) | C(64) | commitment(64) | commitment PoK(64).
const ProofBytesLen = 384

const adapterSource = `
/// @title IFeedVerifier
/// @notice Verifies a Lockerism feed proof. publicInputs, in order:
/// [snapshotIdHi, snapshotIdLo, C_L, C_F, k]; proof is the 384-byte
/// MarshalSolidity encoding A | B | C | commitment | commitmentPoK.
interface IFeedVerifier {
    function verifyFeed(bytes calldata proof, uint256[5] calldata publicInputs) external view returns (bool);
}

/// @title FeedVerifier
/// @notice gnark's Groth16 verifier for one model snapshot, behind
/// IFeedVerifier. Returns false instead of reverting on any invalid proof.
contract FeedVerifier is Verifier, IFeedVerifier {
    /// Gas forwarded to the Groth16 check. A valid proof needs about 0.34M on
    /// the EVM (about 0.37M on ZKsync Era); malformed curve points make the
    /// precompiles burn all gas they are given, so the cap bounds that loss.
    uint256 public constant VERIFY_GAS_CAP = 1_500_000;

    /// The caller sent too little gas to tell a valid proof from an invalid
    /// one (the check would run out of gas and read as "invalid").
    error InsufficientGas();

    function verifyFeed(bytes calldata proof, uint256[5] calldata publicInputs) external view returns (bool) {
        if (proof.length != %d) {
            return false;
        }
        if (gasleft() - gasleft() / 64 < VERIFY_GAS_CAP + 10_000) {
            revert InsufficientGas();
        }
        try this.verifyProof{gas: VERIFY_GAS_CAP}(proof, publicInputs) {
            return true;
        } catch {
            return false;
        }
    }
}
`

// ExportVerifier writes gnark's Solidity verifier for vk followed by the
// IFeedVerifier adapter, in one source file. Deploy FeedVerifier.
func ExportVerifier(vk groth16.VerifyingKey, w io.Writer) error {
	var buf bytes.Buffer
	if err := vk.ExportSolidity(&buf, solidity.WithPragmaVersion(SolidityPragma)); err != nil {
		return err
	}
	src := buf.String()
	if !strings.Contains(src, "contract Verifier") || !strings.Contains(src, "function verifyProof(") {
		return fmt.Errorf("feedproof: unexpected gnark verifier source")
	}
	if _, err := io.WriteString(w, src); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, adapterSource, ProofBytesLen)
	return err
}
