-- Several statements in one file: golang-migrate sends the file as one query,
-- so the connection must allow them (allowMultiQueries=true in the JDBC URL).
CREATE TABLE customers (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(64) NOT NULL
);
CREATE TABLE orders (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    customer_id BIGINT NOT NULL,
    total_cents BIGINT NOT NULL,
    CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
);
INSERT INTO customers (name) VALUES ('first customer');
INSERT INTO orders (customer_id, total_cents) SELECT id, 1250 FROM customers;
