-- The number of the last change the writer committed. The writer numbers every change it is
-- given and writes one only if its number is higher, so a change whose commit reported an error
-- but reached the disk anyway is never written twice when it is retried.
ALTER TABLE live_state ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
