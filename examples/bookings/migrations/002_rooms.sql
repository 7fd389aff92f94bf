-- Meeting rooms with a capacity.
CREATE TABLE rooms (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name     text NOT NULL UNIQUE,
  capacity int  NOT NULL CHECK (capacity > 0)
);
