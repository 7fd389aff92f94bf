-- Users who book rooms.
CREATE TABLE users (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email      text NOT NULL UNIQUE CHECK (email LIKE '%@%'),
  name       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
