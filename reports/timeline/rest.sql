-- The timeline's last parts (after timeline.sql and logs.sql): kernel
-- lines and the findings.

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

-- The time index again (dropped at the top of timeline.sql), as the
-- schema makes it.
CREATE INDEX IF NOT EXISTS timeline_time ON timeline(time);
