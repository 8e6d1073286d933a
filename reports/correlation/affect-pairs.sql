-- Correlation: candidate (root, explained finding) pairs from the roots'
-- affected lists (affected.sql), read in order by lib/rules/sb_rules.c, which
-- links each explained finding to the first root that makes no cycle.
SELECT DISTINCT a.finding_id, t.id
FROM finding_affected a
JOIN findings r ON r.id = a.finding_id
JOIN findings t ON t.kind = a.kind AND t.namespace IS a.namespace AND
    t.name = a.name AND t.id <> r.id
JOIN temp.sb_sev s ON s.name = r.severity
-- in the root's time window: a problem that began well before the root
-- (10 minutes of clock skew and event lag allowed) is not its consequence
WHERE t.first_seen IS NULL OR r.first_seen IS NULL OR t.first_seen >=
    strftime('%Y-%m-%dT%H:%M:%SZ', r.first_seen, '-600 seconds')
-- per explained finding, the root that began last at or before it first
-- (the nearest preceding cause: an NCCL error a few seconds after an Xid
-- is the Xid's, not an older device-plugin outage's), then roots that
-- began after it (clock skew), earliest first
ORDER BY t.id, r.first_seen IS NULL,
    (t.first_seen IS NOT NULL AND r.first_seen <= t.first_seen) DESC,
    CASE WHEN r.first_seen <= t.first_seen THEN r.first_seen END DESC,
    r.first_seen, s.rank, r.id;
