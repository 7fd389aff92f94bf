-- Bookings: no two bookings of one room may overlap (an exclusion constraint does the check).
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE bookings (
  id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  room_id bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  during  tstzrange NOT NULL,
  EXCLUDE USING gist (room_id WITH =, during WITH &&)
);
CREATE INDEX bookings_user_idx ON bookings (user_id);
