-- A fund has a budget that allocations draw on.
CREATE TABLE funds (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE,
  budget_cents bigint NOT NULL CHECK (budget_cents >= 0)
);
