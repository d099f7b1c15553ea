-- A single-statement migration after the multi-statement one.
ALTER TABLE orders ADD COLUMN note VARCHAR(255) NULL;
