-- A viewer's like-set and encrypted interest move out of the vaults table into their own, so
-- that key custody (vaults) and the interest store (viewer_interests) each own one table.
-- Nothing here is readable without the viewer's password either:
--   sealed_likes  AES-256-GCM under the vault key; padded to one fixed size, and it also names
--                 the snapshot the interest ciphertext was built for
--   interest      BGV ciphertext of the interest vector u
-- Still no column records when or how often a viewer liked anything (so no version counter:
-- concurrent updates of one viewer are serialized by a row lock instead).
CREATE TABLE viewer_interests (
    account_id    BIGINT   PRIMARY KEY REFERENCES accounts (id),
    sealed_likes  ${bytes} NOT NULL,
    interest      ${bytes} NOT NULL
);

INSERT INTO viewer_interests (account_id, sealed_likes, interest)
    SELECT account_id, sealed_likes, interest FROM vaults;

ALTER TABLE vaults DROP COLUMN sealed_likes;
ALTER TABLE vaults DROP COLUMN interest;
