-- The live state is the newest row of each key in the log (read by a loose scan of log_key_revision when the writer
-- starts), as in kine: a change is one row, not a row plus an upsert of a second table kept in step with it.
DROP TABLE objects;
