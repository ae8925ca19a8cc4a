-- Each viewer's lifetime privacy budget for the differentially private statistics
-- (docs/privacy.md, "A lifetime budget per viewer"). Shared by every app instance: a window's
-- release first charges each viewer it would count here, with a conditional UPDATE that keeps
-- spent within the bound, and a viewer whose charge is refused is left out of every count.
--
-- This is itself data about a viewer's activity, so it is kept to the least that enforces the
-- bound: how much of the budget is spent (which says in how many release windows, at most a
-- handful, the viewer was counted) and the last window counted (so that a viewer active on two
-- instances in one window is counted by one of them only). Nothing about likes, feeds or
-- profiles; no per-window history.
CREATE TABLE dp_viewer_budget (
    account_id    BIGINT NOT NULL,
    spent_micro   BIGINT NOT NULL,
    last_window   BIGINT NOT NULL,
    CONSTRAINT dp_viewer_budget_pk PRIMARY KEY (account_id),
    CONSTRAINT dp_viewer_budget_positive CHECK (spent_micro > 0)
);
