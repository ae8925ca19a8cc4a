-- One running proof per viewer over all instances. A viewer logged in on two instances (two
-- sessions, each sticky to its own) could otherwise have a proof running on each. running_account
-- is the job's account while it runs and NULL otherwise; being UNIQUE (NULLs are not equal, on H2
-- and PostgreSQL alike) it lets a claim mark a second job of the same viewer running only by
-- failing, whichever instance tries.
ALTER TABLE proof_jobs ADD COLUMN running_account BIGINT;
ALTER TABLE proof_jobs ADD CONSTRAINT proof_jobs_one_running UNIQUE (running_account);
UPDATE proof_jobs SET running_account = account_id WHERE status = 'running'
    AND seq = (SELECT MAX(r.seq) FROM proof_jobs r
               WHERE r.account_id = proof_jobs.account_id AND r.status = 'running');
