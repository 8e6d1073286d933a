-- sbundle database schema, version 2: log streams.
--
-- One row per container log: a file, or one container's part of a kubectl
-- cluster-info dump logs.txt. Its lines are the log_lines rows first_id ..
-- last_id (the loader writes a log's lines one after the other), so "the
-- lines of this container" or "its last 60 lines" is a rowid range, and a
-- temporary database needs no index over millions of lines.
CREATE TABLE log_streams (
    id INTEGER PRIMARY KEY,
    bundle_id INTEGER NOT NULL,
    namespace TEXT NOT NULL,
    pod TEXT NOT NULL,
    container TEXT NOT NULL,
    previous INTEGER NOT NULL,     -- 1 for the previous container's log
    file TEXT,
    first_id INTEGER NOT NULL,     -- log_lines.id of its first line
    last_id INTEGER NOT NULL,      -- and of its last
    lines INTEGER NOT NULL
);
CREATE INDEX log_streams_pod ON log_streams(namespace, pod, container, previous);

PRAGMA user_version = 2;
