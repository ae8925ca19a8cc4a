-- Development setups shared by the instances on one database (docs/deployment.md). Two setups of
-- one circuit give two different key pairs and the chain knows only the first registered, so the
-- first instance to need a snapshot's keys claims the setup, runs it and stores the files here;
-- the others wait and copy them. Keys are public (proving and verifying key, circuit, metadata).
--   state       running | ready
--   owner       the instance id running the setup
--   vk_sha256   of the verifying key, as registered on the chain
CREATE TABLE prover_setups (
    snapshot_id VARCHAR(64)  PRIMARY KEY,
    owner       VARCHAR(64)  NOT NULL,
    state       VARCHAR(8)   NOT NULL,
    vk_sha256   VARCHAR(64),
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The setup's files, cut into parts of at most 4 MiB.
CREATE TABLE prover_setup_files (
    snapshot_id VARCHAR(64)  NOT NULL REFERENCES prover_setups (snapshot_id) ON DELETE CASCADE,
    name        VARCHAR(200) NOT NULL,
    part        INTEGER      NOT NULL,
    bytes       ${blob}      NOT NULL,
    PRIMARY KEY (snapshot_id, name, part)
);
