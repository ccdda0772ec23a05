-- History queries. Events in a time window (retros over a date range) read this index instead
-- of scanning the whole history; only events of a session are ever asked for by time.
CREATE INDEX events_at ON events (at_ms) WHERE session_id IS NOT NULL;

-- Each ended session's retro (its figures, without the timeline) as JSON, so that a retro over
-- years of history reads one row per session instead of every event. Derived data, never the
-- truth: recomputed from the events when missing, when `version` is not the code's, or when
-- the session's last event is not `last_seq` any more. Deleted with its session.
CREATE TABLE session_retros (
    session_id  INTEGER PRIMARY KEY REFERENCES sessions (id),
    version     INTEGER NOT NULL,
    last_seq    INTEGER NOT NULL,
    retro       TEXT NOT NULL
);

-- Tasks finished in each session, kept as they happen, so a listing needs no event scan.
ALTER TABLE sessions ADD COLUMN tasks_done INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET tasks_done = (
    SELECT COUNT(*) FROM events e WHERE e.session_id = sessions.id AND e.kind = 'task_finished'
);
