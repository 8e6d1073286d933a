-- sbundle database schema, version 3: log lines stored once per stream.
--
-- A line's namespace, pod, container, previous flag, bundle and file are
-- those of its stream, so they are kept there once instead of on each of
-- millions of rows: log_text holds what is the line's own (its stream,
-- number, time and text), and log_lines is now a view that joins the two,
-- with the same columns as the table it replaces, so queries written for
-- it (SELECT * too) keep working. Inserting 64-row batches of the
-- narrow rows costs 40% less than of the wide ones.
CREATE TABLE log_text (
    id INTEGER PRIMARY KEY,
    stream_id INTEGER NOT NULL,    -- log_streams.id
    line_no INTEGER NOT NULL,      -- 1-based within the file
    time TEXT,
    text TEXT NOT NULL             -- the line without its timestamp prefix
);

-- A database of an earlier version: every line gets a stream (those
-- written before streams existed get one per container log), then moves.
INSERT INTO log_streams(bundle_id, namespace, pod, container, previous, file,
                        first_id, last_id, lines)
SELECT bundle_id, namespace, pod, container, previous, min(file), min(id),
       max(id), count(*)
FROM log_lines l
WHERE NOT EXISTS (SELECT 1 FROM log_streams s
                  WHERE s.bundle_id = l.bundle_id AND s.namespace = l.namespace
                    AND s.pod = l.pod AND s.container = l.container
                    AND s.previous = l.previous
                    AND l.id BETWEEN s.first_id AND s.last_id)
GROUP BY bundle_id, namespace, pod, container, previous;

INSERT INTO log_text(id, stream_id, line_no, time, text)
SELECT l.id,
       (SELECT s.id FROM log_streams s
        WHERE s.bundle_id = l.bundle_id AND s.namespace = l.namespace
          AND s.pod = l.pod AND s.container = l.container
          AND s.previous = l.previous AND l.id BETWEEN s.first_id AND s.last_id
        ORDER BY s.id LIMIT 1),
       l.line_no, l.time, l.text
FROM log_lines l;

DROP INDEX IF EXISTS log_lines_pod;
DROP TABLE log_lines;

-- log_fts keeps its content='log_lines': the view has the same id and text.
-- CROSS JOIN: a line finds its stream by rowid. Left free, SQLite may
-- start from the streams and build a temporary index over every line to
-- find their lines; to read one container's lines in a kept database, join
-- log_streams to log_text on stream_id (index log_text_stream).
CREATE VIEW log_lines (id, bundle_id, namespace, pod, container, previous,
                       line_no, time, text, file) AS
SELECT t.id, s.bundle_id, s.namespace, s.pod, s.container, s.previous,
       t.line_no, t.time, t.text, s.file
FROM log_text t CROSS JOIN log_streams s ON s.id = t.stream_id;

-- Rows inserted into the view (tests, people adding lines by hand) land in
-- their stream, created when new; the stream's id range and count follow.
-- The loader writes log_text and log_streams itself.
CREATE TRIGGER log_lines_insert INSTEAD OF INSERT ON log_lines
BEGIN
    INSERT INTO log_streams(bundle_id, namespace, pod, container, previous,
                            file, first_id, last_id, lines)
    SELECT NEW.bundle_id, NEW.namespace, NEW.pod, NEW.container, NEW.previous,
           NEW.file, 0, 0, 0
    WHERE NOT EXISTS (SELECT 1 FROM log_streams
                      WHERE bundle_id = NEW.bundle_id
                        AND namespace = NEW.namespace AND pod = NEW.pod
                        AND container = NEW.container
                        AND previous = NEW.previous AND file IS NEW.file);
    INSERT INTO log_text(id, stream_id, line_no, time, text)
    SELECT NEW.id, id, NEW.line_no, NEW.time, NEW.text FROM log_streams
    WHERE bundle_id = NEW.bundle_id AND namespace = NEW.namespace
      AND pod = NEW.pod AND container = NEW.container
      AND previous = NEW.previous AND file IS NEW.file
    ORDER BY id DESC LIMIT 1;
    UPDATE log_streams
    SET first_id = CASE WHEN lines = 0 THEN last_insert_rowid()
                        ELSE min(first_id, last_insert_rowid()) END,
        last_id = max(last_id, last_insert_rowid()),
        lines = lines + 1
    WHERE id = (SELECT stream_id FROM log_text WHERE id = last_insert_rowid());
END;

-- "This container's lines, in order" for people querying a kept database
-- (analyze itself walks id ranges; a temporary database goes without it)
CREATE INDEX log_text_stream ON log_text(stream_id, line_no);

PRAGMA user_version = 3;
