-- Webhooks: where alerts are delivered. Each belongs to the user (JWT subject) who created it.
CREATE TABLE webhooks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner text NOT NULL,
  url text NOT NULL CHECK (url ~ '^https?://'),
  events text[] NOT NULL CHECK (cardinality(events) > 0),
  description text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- "Which active webhooks listen to this event?" runs on every new alert.
CREATE INDEX webhooks_events_idx ON webhooks USING gin (events) WHERE active;
