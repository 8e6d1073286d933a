-- Correlation: causes that have no finding of their own but were taken
-- down by a root (a pod on a NotReady node): the finding that named them
-- and has no root yet points at that root, the earliest first, as
-- (explained, root) pairs.
SELECT DISTINCT w.id, a.finding_id
FROM temp.sb_rule_rows r
JOIN findings w ON w.rule = r.rule AND w.kind = r.kind AND
    w.namespace IS r.namespace AND w.name = r.name
JOIN finding_affected a ON a.kind = r.cause_kind AND
    a.namespace IS r.cause_namespace AND a.name = r.cause_name AND
    a.finding_id <> w.id
JOIN findings rt ON rt.id = a.finding_id
WHERE r.cause_kind IS NOT NULL AND w.root_cause IS NULL
ORDER BY w.id, rt.first_seen IS NULL, rt.first_seen, a.finding_id;
