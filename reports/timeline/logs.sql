-- The timeline's error log lines (after timeline.sql, before rest.sql):
-- one SELECT, not an INSERT. It only reads what the load wrote, so it
-- runs on a reader connection beside the rules and the writer's
-- findings (lib/rules/sb_rules_timeline.c); the writer inserts its rows
-- into timeline as (time, 'log', severity, 'Pod', namespace, name, node,
-- text, file), in the order they come. Its log_grep pattern is announced
-- before the load like the rules', so the shared pass over the log lines
-- serves it too.
--
-- Error log lines (ERROR, FATAL, panic, Traceback, exception, failed,
-- killed, klog E and F lines): the last 20 of each log stream, so that
-- one crash loop cannot bury the rest. Per stream, the hits after its
-- 21st last one, found by binary search in log_grep's sorted ids (a
-- window over every hit sorted hundreds of thousands of rows). The two
-- patterns must stay the same text: one search serves both.
SELECT t.time,
    CASE WHEN t.text REGEXP '(?i)\b(fatal|panic|critical)\b'
        THEN 'critical' ELSE 'warning' END,
    s.namespace, s.pod, p.node, s.container || ': ' || t.text, s.file
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
