-- Proof receipts (docs/proofs.md, "Receipts") and what proof records keep at rest
-- (docs/privacy.md, "Proof records"). A proved job's proof, public inputs and commitments were
-- plaintext next to its account_id; the ledger maps (snapshot_id, commit_f) to the wallet that
-- published it, so a dump joined account to wallet. Now they and the openings (like-set, feed,
-- salts) are one blob, AES-GCM-sealed under the viewer's vault key and padded to a fixed size:
--   sealed_result  ProofRecord JSON padded to 4096 bytes, sealed with the job id as associated
--                  data (set when proved; NULL otherwise)
-- Proofs made before this migration have no openings to seal and their plaintext must go, so
-- they are deleted (finished jobs are kept for 24 hours at most anyway).
DELETE FROM proof_jobs WHERE status = 'proved';
ALTER TABLE proof_jobs DROP COLUMN proof;
ALTER TABLE proof_jobs DROP COLUMN public_inputs;
ALTER TABLE proof_jobs DROP COLUMN commit_l;
ALTER TABLE proof_jobs DROP COLUMN commit_f;
ALTER TABLE proof_jobs ADD COLUMN sealed_result ${bytes};
