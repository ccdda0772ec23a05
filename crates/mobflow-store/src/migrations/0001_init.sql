-- Sessions: one row per mob session. Figures are derived from events; the row keeps what a
-- listing needs without scanning history.
CREATE TABLE sessions (
    id          INTEGER PRIMARY KEY,
    name        TEXT,
    started_ms  INTEGER NOT NULL,
    ended_ms    INTEGER,
    turns       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_started ON sessions (started_ms);

-- History: every event, append-only. `seq` is the global sequence number.
CREATE TABLE events (
    seq         INTEGER PRIMARY KEY,
    session_id  INTEGER REFERENCES sessions (id),
    at_ms       INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL
);
CREATE INDEX events_session ON events (session_id, seq);

-- Who drove each session (filled from turn_started events).
CREATE TABLE session_people (
    session_id  INTEGER NOT NULL REFERENCES sessions (id),
    member_id   INTEGER NOT NULL,
    name        TEXT NOT NULL,
    PRIMARY KEY (session_id, member_id)
);

-- The live state (roster, settings, rotation, timer) as one JSON document.
CREATE TABLE live_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    mob         TEXT NOT NULL,
    updated_ms  INTEGER NOT NULL
);
