DROP TABLE sign_in_failures;
DROP TABLE data_generation;
DROP TABLE secrets;
