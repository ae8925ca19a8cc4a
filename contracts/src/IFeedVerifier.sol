// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

/// @title Verifier of Lockerism feed proofs for one model snapshot.
/// @notice Each registered model snapshot has its own verifier (generated from
/// the snapshot's verifying key by feedproof.ExportVerifier). FeedLedger calls
/// it with the proof bytes and the six statement values, in this order:
///   [0] snapshotIdHi  first 16 bytes of the 32-byte snapshot id, as a uint
///   [1] snapshotIdLo  last 16 bytes of the snapshot id, as a uint
///   [2] commitL       commitment to the viewer's like-set, H(L, salt_L)
///   [3] commitF       commitment to the feed, H(F, salt_F)
///   [4] k             feed length
///   [5] publisher     the address recording the proof (FeedLedger passes
///                     msg.sender), as a uint: a proof verifies only for the
///                     address it was made for
/// @dev Return true only for a valid proof. Returning false or reverting are
/// both treated by FeedLedger as an invalid proof.
interface IFeedVerifier {
    function verifyFeed(bytes calldata proof, uint256[6] calldata publicInputs) external view returns (bool);
}
