CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  total numeric(10, 2) NOT NULL CHECK (total >= 0)
);
INSERT INTO users (email) VALUES ('seed@example.com');
