-- Seed data every test starts with.
INSERT INTO users (email, name) VALUES
  ('ada@example.com', 'Ada'),
  ('grace@example.com', 'Grace'),
  ('linus@example.com', 'Linus');

INSERT INTO rooms (name, capacity) VALUES ('Atlas', 8), ('Borealis', 4);

INSERT INTO bookings (room_id, user_id, during) VALUES
  (1, 1, tstzrange('2026-12-01 09:00+00', '2026-12-01 10:00+00')),
  (2, 2, tstzrange('2026-12-01 09:30+00', '2026-12-01 11:00+00'));
