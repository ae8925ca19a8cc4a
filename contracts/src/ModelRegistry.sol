// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

/// @title Append-only registry of Lockerism model snapshots.
/// @notice Maps a snapshot id (SHA-256 of the snapshot's canonical bytes) to
/// the verifier contract for feed proofs over that snapshot, plus descriptive
/// metadata (JSON such as {"N":1000,"D":64,"w":3,"setup":"mpc"}). Entries can
/// never be changed or removed; only the operator may add them.
contract ModelRegistry {
    struct Snapshot {
        address verifier;
        uint64 registeredAt; // block timestamp
        string metadata;
    }

    address public operator;
    mapping(bytes32 => Snapshot) private snapshots;
    bytes32[] private snapshotIds;

    event SnapshotRegistered(bytes32 indexed snapshotId, address verifier, string metadata);
    event OperatorTransferred(address indexed previousOperator, address indexed newOperator);

    error NotOperator();
    error SnapshotAlreadyRegistered(bytes32 snapshotId);
    error ZeroVerifier();
    error VerifierNotAContract(address verifier);
    error ZeroOperator();

    modifier onlyOperator() {
        if (msg.sender != operator) revert NotOperator();
        _;
    }

    constructor(address initialOperator) {
        if (initialOperator == address(0)) revert ZeroOperator();
        operator = initialOperator;
        emit OperatorTransferred(address(0), initialOperator);
    }

    /// @notice Registers a snapshot and its verifier. Reverts if the id is
    /// already registered (append-only), if the verifier is the zero address
    /// or has no code, or if the caller is not the operator.
    function register(bytes32 snapshotId, address verifier, string calldata metadata) external onlyOperator {
        if (verifier == address(0)) revert ZeroVerifier();
        if (verifier.code.length == 0) revert VerifierNotAContract(verifier);
        if (snapshots[snapshotId].verifier != address(0)) revert SnapshotAlreadyRegistered(snapshotId);
        snapshots[snapshotId] = Snapshot({verifier: verifier, registeredAt: uint64(block.timestamp), metadata: metadata});
        snapshotIds.push(snapshotId);
        emit SnapshotRegistered(snapshotId, verifier, metadata);
    }

    /// @notice Hands the operator role to another account.
    function transferOperator(address newOperator) external onlyOperator {
        if (newOperator == address(0)) revert ZeroOperator();
        emit OperatorTransferred(operator, newOperator);
        operator = newOperator;
    }

    /// @notice The verifier of a snapshot, or the zero address if it is not registered.
    function verifierOf(bytes32 snapshotId) external view returns (address) {
        return snapshots[snapshotId].verifier;
    }

    function isRegistered(bytes32 snapshotId) external view returns (bool) {
        return snapshots[snapshotId].verifier != address(0);
    }

    /// @notice Full entry of a snapshot; all zero/empty if it is not registered.
    function snapshotOf(bytes32 snapshotId)
        external
        view
        returns (address verifier, string memory metadata, uint256 registeredAt)
    {
        Snapshot storage s = snapshots[snapshotId];
        return (s.verifier, s.metadata, s.registeredAt);
    }

    function snapshotCount() external view returns (uint256) {
        return snapshotIds.length;
    }

    /// @notice Snapshot ids in registration order (reverts past the end).
    function snapshotIdAt(uint256 index) external view returns (bytes32) {
        return snapshotIds[index];
    }
}
