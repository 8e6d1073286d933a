-- The timeline table (docs/rules.md, "Timeline"): the story in time
-- order, built once the findings are made (lib/rules/sb_rules.c). Each part is
-- one INSERT; the report sorts by time.
--
-- Its log_grep pattern is announced before the load like the rules', so
-- the shared pass over the log lines serves it too.

-- The time index (schema/001_core.sql) is built once the rows are in: kept
-- up to date row by row, its inserts in no time order (92,000 rows on the
-- bench bundle) cost about twice what one sort of them all does at the
-- end. Recreated below with the same definition.
DROP INDEX IF EXISTS timeline_time;

-- Events, at the last time they were seen; a repeated one says how often.
INSERT INTO timeline(time, source, severity, kind, namespace, name, node,
    text, file)
SELECT coalesce(last_seen, first_seen), 'event',
    CASE WHEN type = 'Warning' THEN 'warning' ELSE 'info' END,
    object_kind, object_namespace, object_name, source_host,
    coalesce(reason, '') || ': ' || coalesce(message, '') ||
    CASE WHEN count > 1 THEN ' (x' || count || ')' ELSE '' END, file
FROM events WHERE coalesce(last_seen, first_seen) IS NOT NULL;

-- Container terminations kept as the last state (the run before a
-- restart)...
INSERT INTO timeline(time, source, severity, kind, namespace, name, node,
    text, file)
SELECT c.last_finished, 'termination',
    CASE WHEN c.last_exit_code = 0 THEN 'info' ELSE 'warning' END,
    'Pod', c.namespace, c.pod, p.node,
    'container ' || c.name || ' terminated: ' ||
    coalesce(c.last_reason, 'unknown') || ', exit code ' ||
    coalesce(c.last_exit_code, '?'), p.file
FROM containers c LEFT JOIN pods p ON p.bundle_id = c.bundle_id AND
    p.namespace = c.namespace AND p.name = c.pod
WHERE c.last_state = 'terminated' AND c.last_finished IS NOT NULL;

-- ...and as the current state (a container that ended and stays ended).
INSERT INTO timeline(time, source, severity, kind, namespace, name, node,
    text, file)
SELECT c.state_finished, 'termination',
    CASE WHEN c.state_exit_code = 0 THEN 'info' ELSE 'warning' END,
    'Pod', c.namespace, c.pod, p.node,
    'container ' || c.name || ' terminated: ' ||
    coalesce(c.state_reason, 'unknown') || ', exit code ' ||
    coalesce(c.state_exit_code, '?'), p.file
FROM containers c LEFT JOIN pods p ON p.bundle_id = c.bundle_id AND
    p.namespace = c.namespace AND p.name = c.pod
WHERE c.state = 'terminated' AND c.state_finished IS NOT NULL;

-- Error log lines (ERROR, FATAL, panic, Traceback, exception, failed,
-- killed, klog E and F lines): the last 20 of each log stream, so that
-- one crash loop cannot bury the rest. Per stream, the hits after its
-- 21st last one, found by binary search in log_grep's sorted ids (a
-- window over every hit sorted hundreds of thousands of rows). The two
-- patterns must stay the same text: one search serves both.
INSERT INTO timeline(time, source, severity, kind, namespace, name, node,
    text, file)
SELECT t.time, 'log',
    CASE WHEN t.text REGEXP '(?i)\b(fatal|panic|critical)\b'
        THEN 'critical' ELSE 'warning' END,
    'Pod', s.namespace, s.pod, p.node, s.container || ': ' || t.text,
    s.file
-- CROSS JOIN keeps this order: otherwise SQLite starts from every hit
-- and looks its stream up, running the subquery once per hit. The pod
-- (its node) is looked up once a stream, not once a line (a tenth of
-- the time of this SELECT on the bench bundle).
FROM log_streams s
LEFT JOIN pods p ON p.bundle_id = s.bundle_id AND
    p.namespace = s.namespace AND p.name = s.pod
CROSS JOIN log_grep('(?i)\b(error|err|fatal|panic|traceback|exception|critical|failed|failure|killed)\b|^[EF][0-9]{4} ') g
    ON g.line_id BETWEEN s.first_id AND s.last_id
    AND g.line_id > coalesce((SELECT h.line_id FROM
        log_grep('(?i)\b(error|err|fatal|panic|traceback|exception|critical|failed|failure|killed)\b|^[EF][0-9]{4} ') h
        WHERE h.line_id BETWEEN s.first_id AND s.last_id
        ORDER BY h.line_id DESC LIMIT 1 OFFSET 20), 0)
-- the line itself from log_text, not the log_lines view: the view would
-- look its stream up again for every line, and the line is the stream's
-- (its id is in the stream's range); the unary + keeps SQLite from
-- building an index over every line
CROSS JOIN log_text t ON t.id = g.line_id AND +t.stream_id = s.id
WHERE t.time IS NOT NULL;

-- Kernel Xid lines. The DCGM exporter's copy of an Xid carries the time
-- of the scrape, not of the event: left out.
INSERT INTO timeline(time, source, severity, kind, namespace, name, node,
    text, file)
SELECT time, 'kernel', 'critical', 'Node', NULL, node, node,
    'Xid ' || code || ': ' || text, file
FROM gpu_xids
WHERE time IS NOT NULL AND coalesce(source, '') <> 'dcgm-exporter';

-- Other kernel lines about the GPU driver, the GPU, memory and I/O (the
-- Xid lines are above), 2000 at most.
INSERT INTO timeline(time, source, severity, kind, namespace, name, node,
    text, file)
SELECT time, 'kernel', 'warning', 'Node', NULL, node, node, text, file
FROM node_log_lines
WHERE time IS NOT NULL AND text REGEXP
    '(?i)NVRM|nvidia|\bGPU\b|out of memory|oom-kill|I/O error'
    AND text NOT REGEXP 'Xid'
LIMIT 2000;

-- The findings themselves, at their first_seen.
INSERT INTO timeline(time, source, severity, kind, namespace, name, node,
    text, file)
SELECT first_seen, 'finding', severity, kind, namespace, name, node,
    id || ' ' || rule || ': ' || summary, NULL
FROM findings WHERE first_seen IS NOT NULL;

-- The time index again (dropped at the top), as the schema makes it.
CREATE INDEX IF NOT EXISTS timeline_time ON timeline(time);
