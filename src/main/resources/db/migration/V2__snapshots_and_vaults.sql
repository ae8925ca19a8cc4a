-- ${blob} (large values) and ${bytes} (up to 1 MB, stored inline) are BYTEA on PostgreSQL and
-- BLOB / BINARY VARYING on H2 (see Database).

-- Public model snapshots, identified by the SHA-256 of their canonical bytes.
CREATE TABLE snapshots (
    id          VARCHAR(64)  PRIMARY KEY,
    canonical   ${blob}      NOT NULL,
    profiles    INTEGER      NOT NULL,
    features    INTEGER      NOT NULL,
    weight      INTEGER      NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Small operator settings, e.g. which snapshot is current.
CREATE TABLE settings (
    name          VARCHAR(64) PRIMARY KEY,
    setting_value VARCHAR     NOT NULL
);

-- A viewer's locker. Nothing here is readable without the viewer's password:
--   sealed_vault_key      AES-256-GCM under Argon2id(password, kdf_salt)
--   sealed_he_secret_key  AES-256-GCM under the vault key
--   sealed_likes          AES-256-GCM under the vault key; padded to one fixed size, and it
--                         also names the snapshot the interest ciphertext was built for
--   interest              BGV ciphertext of the interest vector u
-- No column records when or how often a viewer liked anything.
CREATE TABLE vaults (
    account_id            BIGINT   PRIMARY KEY REFERENCES accounts (id),
    kdf_salt              ${bytes} NOT NULL,
    sealed_vault_key      ${bytes} NOT NULL,
    sealed_he_secret_key  ${bytes} NOT NULL,
    he_public_key         ${bytes} NOT NULL,
    sealed_likes          ${bytes} NOT NULL,
    interest              ${bytes} NOT NULL
);
