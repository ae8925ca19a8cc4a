-- Feed proofs are bound to their publisher (circuit feedproof-v3, docs/proofs.md). The public
-- inputs, which gained the publisher as a sixth word, are sealed inside proof_jobs.sealed_result
-- (V10), so only the shared setups change here.
--
-- Shared development setups are keyed by circuit as well as by snapshot: a setup of another
--    circuit (another circuit version, kMax or gnark version) is not this circuit's and must never
--    be copied into a prover cache. Setups of the old circuit are of no use to the new one (its
--    verifier takes other inputs), so the tables are made afresh.
--      circuit   what the files are for: k<kMax>-gnark<version>-<circuit version>, the prover
--                cache key without the snapshot id (circuits/feedproof/store.go)
DROP TABLE prover_setup_files;
DROP TABLE prover_setups;

CREATE TABLE prover_setups (
    snapshot_id VARCHAR(64)  NOT NULL,
    circuit     VARCHAR(100) NOT NULL,
    owner       VARCHAR(64)  NOT NULL,
    state       VARCHAR(8)   NOT NULL,
    vk_sha256   VARCHAR(64),
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (snapshot_id, circuit)
);

CREATE TABLE prover_setup_files (
    snapshot_id VARCHAR(64)  NOT NULL,
    circuit     VARCHAR(100) NOT NULL,
    name        VARCHAR(200) NOT NULL,
    part        INTEGER      NOT NULL,
    bytes       ${blob}      NOT NULL,
    PRIMARY KEY (snapshot_id, circuit, name, part),
    FOREIGN KEY (snapshot_id, circuit) REFERENCES prover_setups (snapshot_id, circuit) ON DELETE CASCADE
);
