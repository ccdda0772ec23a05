-- Each stored session retro's head (`RetroHead`: the retro without its long lists of tasks,
-- notes and test runs, their lengths instead), so that a long range's view merges thousands of
-- sessions without reading every note: the lists are read from `retro` for the newest sessions
-- only. Derived data like `retro`, written with it in the same row; NULL in rows written
-- before this column was (made from `retro` when first needed).
ALTER TABLE session_retros ADD COLUMN head TEXT;
