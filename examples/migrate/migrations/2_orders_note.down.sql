-- Undoes 2_orders_note.up.sql.
ALTER TABLE orders DROP COLUMN note;
