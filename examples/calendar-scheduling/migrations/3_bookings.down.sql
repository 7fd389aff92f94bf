DROP TABLE bookings;
DROP EXTENSION btree_gist;
