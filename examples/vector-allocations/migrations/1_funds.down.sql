DROP TABLE funds;
