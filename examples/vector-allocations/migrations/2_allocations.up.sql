-- Money allocated from a fund to a project: positive, one allocation per (fund, project).
-- Keeping the fund's total within its budget is the application's job (see src/allocations.ts):
-- a CHECK cannot see other rows, which is why the isolation level matters.
CREATE TABLE allocations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  fund_id bigint NOT NULL REFERENCES funds (id) ON DELETE RESTRICT,
  project text NOT NULL,
  amount_cents bigint NOT NULL CONSTRAINT allocations_amount_positive CHECK (amount_cents > 0),
  status text NOT NULL DEFAULT 'pending'
    CONSTRAINT allocations_status_known CHECK (status IN ('pending', 'approved', 'cancelled')),
  CONSTRAINT allocations_fund_project_key UNIQUE (fund_id, project)
);
CREATE INDEX allocations_fund_id_idx ON allocations (fund_id);
