-- The timeline table (docs/rules.md, "Timeline"): the story in time
-- order, built once the findings are made (lib/rules/sb_rules.c). Each part is
-- one INSERT; the report sorts by time. Three files, run in this order:
-- this one (events, terminations), logs.sql (the error log lines) and
-- rest.sql (kernel lines, the findings).

-- The time index (schema/001_core.sql) is built once the rows are in: kept
-- up to date row by row, its inserts in no time order (92,000 rows on the
-- bench bundle) cost about twice what one sort of them all does at the
-- end. Recreated at the end of rest.sql with the same definition.
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
