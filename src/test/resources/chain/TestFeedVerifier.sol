// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {IFeedVerifier} from "IFeedVerifier.sol";

/// Test-only stand-in for a snapshot's verifier: accepts exactly one proof byte string,
/// "lockerism-test-proof", whatever the public inputs.
contract FeedVerifier is IFeedVerifier {
    function verifyFeed(bytes calldata proof, uint256[6] calldata) external pure returns (bool) {
        return keccak256(proof) == keccak256(bytes("lockerism-test-proof"));
    }
}
