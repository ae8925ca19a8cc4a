-- Differentially private releases (docs/privacy.md). Only noisy values are ever stored here:
-- the true counts of a window exist in memory only and are dropped when the window is released.
-- Windows are identified by their start in seconds since the epoch (UTC); ρ (zCDP) in
-- millionths, so budget sums are exact.

-- The privacy-budget ledger: one row per scope (creators, dashboard) and window. spent can only
-- grow by a conditional UPDATE that keeps it within budget; the CHECK is a second guard.
CREATE TABLE dp_budget (
    scope         VARCHAR(16) NOT NULL,
    window_start  BIGINT      NOT NULL,
    budget_micro  BIGINT      NOT NULL,
    spent_micro   BIGINT      NOT NULL,
    CONSTRAINT dp_budget_pk PRIMARY KEY (scope, window_start),
    CONSTRAINT dp_budget_within CHECK (spent_micro >= 0 AND spent_micro <= budget_micro)
);

-- One charge per series and window: the series' ρ is spent once, whichever instance releases
-- first; the primary key makes a second charge impossible.
CREATE TABLE dp_charges (
    window_start  BIGINT      NOT NULL,
    series        VARCHAR(32) NOT NULL,
    rho_micro     BIGINT      NOT NULL,
    CONSTRAINT dp_charges_pk PRIMARY KEY (window_start, series)
);

-- Each instance's noisy partial release of a series for a window (instances count disjoint
-- sessions; the released value is the sum of the partials). Drawn once, stored, re-served.
CREATE TABLE dp_releases (
    window_start  BIGINT      NOT NULL,
    series        VARCHAR(32) NOT NULL,
    instance_id   VARCHAR(36) NOT NULL,
    noise_scale   DOUBLE PRECISION NOT NULL,
    released_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT dp_releases_pk PRIMARY KEY (window_start, series, instance_id)
);

-- The noisy values of a partial release: one per profile of the catalog for creator series
-- (every profile, touched or not, so a row's presence says nothing), one (cell '') for the
-- dashboard's.
CREATE TABLE dp_values (
    window_start  BIGINT      NOT NULL,
    series        VARCHAR(32) NOT NULL,
    instance_id   VARCHAR(36) NOT NULL,
    cell          VARCHAR(128) NOT NULL,
    noisy_value   BIGINT      NOT NULL,
    CONSTRAINT dp_values_pk PRIMARY KEY (window_start, series, instance_id, cell)
);

CREATE INDEX dp_values_cell ON dp_values (cell, window_start);
