-- Undoes 1_orders.up.sql.
DROP TABLE orders;
DROP TABLE customers;
