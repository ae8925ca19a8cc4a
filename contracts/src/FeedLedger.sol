// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {IFeedVerifier} from "./IFeedVerifier.sol";
import {ModelRegistry} from "./ModelRegistry.sol";

/// @title Public ledger of verified Lockerism feeds.
/// @notice record() checks a feed proof with the verifier that ModelRegistry
/// holds for the snapshot and, when it passes, records (snapshotId, commitF)
/// and emits FeedVerified. Only hiding commitments reach the chain: nothing
/// about the viewer's likes or feed is revealed. A proof is made for one
/// publisher, and record() verifies it with msg.sender as that publisher: a
/// pending transaction copied and sent first from another account fails, so
/// nobody can take a record's attribution (front-running).
/// @dev One storage slot per record (the replay guard) and no counter: a
/// counter would cost every record 5,000 gas (22,100 for the first); count
/// FeedVerified events instead.
contract FeedLedger {
    ModelRegistry public immutable registry;

    mapping(bytes32 => mapping(bytes32 => bool)) private recorded;

    event FeedVerified(
        bytes32 indexed snapshotId, bytes32 commitL, bytes32 commitF, uint256 k, address indexed submitter
    );

    error UnknownSnapshot(bytes32 snapshotId);
    error InvalidProof();
    error AlreadyRecorded(bytes32 snapshotId, bytes32 commitF);
    error ZeroRegistry();

    constructor(ModelRegistry registry_) {
        if (address(registry_) == address(0)) revert ZeroRegistry();
        registry = registry_;
    }

    /// @notice Verifies a feed proof and records it. Reverts with
    /// UnknownSnapshot if the snapshot is not registered, AlreadyRecorded if
    /// this feed commitment was already recorded for the snapshot, and
    /// InvalidProof if the verifier rejects the proof, reverts, returns
    /// anything but an ABI-encoded true, or is not a contract. The proof must
    /// have been made for msg.sender.
    function record(bytes32 snapshotId, bytes calldata proof, bytes32 commitL, bytes32 commitF, uint256 k) external {
        address verifier = registry.verifierOf(snapshotId);
        if (verifier == address(0)) revert UnknownSnapshot(snapshotId);
        if (recorded[snapshotId][commitF]) revert AlreadyRecorded(snapshotId, commitF);
        if (!_verify(verifier, proof, publicInputs(snapshotId, commitL, commitF, k, msg.sender))) revert InvalidProof();
        recorded[snapshotId][commitF] = true;
        emit FeedVerified(snapshotId, commitL, commitF, k, msg.sender);
    }

    /// @notice Whether a feed commitment has been recorded for a snapshot.
    function isRecorded(bytes32 snapshotId, bytes32 commitF) external view returns (bool) {
        return recorded[snapshotId][commitF];
    }

    /// @notice The verifier's public inputs:
    /// [snapshotIdHi, snapshotIdLo, commitL, commitF, k, publisher], where
    /// snapshotIdHi and snapshotIdLo are the first and last 16 bytes of the id
    /// as big-endian uints and publisher is the address as a uint.
    function publicInputs(bytes32 snapshotId, bytes32 commitL, bytes32 commitF, uint256 k, address publisher)
        public
        pure
        returns (uint256[6] memory inputs)
    {
        inputs[0] = uint256(snapshotId) >> 128;
        inputs[1] = uint256(snapshotId) & type(uint128).max;
        inputs[2] = uint256(commitL);
        inputs[3] = uint256(commitF);
        inputs[4] = k;
        inputs[5] = uint256(uint160(publisher));
    }

    /// @dev Low-level static call so that a reverting verifier, an account
    /// without code, or malformed return data all count as "not valid".
    /// At most 32 bytes of return data are copied.
    function _verify(address verifier, bytes calldata proof, uint256[6] memory inputs) private view returns (bool) {
        if (verifier.code.length == 0) return false;
        bytes memory callData = abi.encodeCall(IFeedVerifier.verifyFeed, (proof, inputs));
        bool ok;
        uint256 size;
        uint256 result;
        assembly ("memory-safe") {
            ok := staticcall(gas(), verifier, add(callData, 0x20), mload(callData), 0x00, 0x20)
            size := returndatasize()
            result := mload(0x00)
        }
        return ok && size == 32 && result == 1;
    }
}
