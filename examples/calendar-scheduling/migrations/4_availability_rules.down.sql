DROP TABLE availability_rules;
