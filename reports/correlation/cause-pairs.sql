-- Correlation: findings explained by another subject's findings (rule
-- rows with cause_*: a workload names its unready pods), as (explained,
-- cause, rank) pairs. lib/rules/sb_rules.c links the explained finding to the
-- top of the cause's chain, and reads them again at the end to lift a
-- link made before the cause got a root of its own. Pods whose finding
-- already has a root come first, then the most severe.
SELECT DISTINCT w.id, c.id, s.rank
FROM temp.sb_rule_rows r
JOIN findings w ON w.rule = r.rule AND w.kind = r.kind AND
    w.namespace IS r.namespace AND w.name = r.name
JOIN findings c ON c.kind = r.cause_kind AND
    c.namespace IS r.cause_namespace AND c.name = r.cause_name AND
    c.id <> w.id
JOIN temp.sb_sev s ON s.name = c.severity
WHERE r.cause_kind IS NOT NULL
ORDER BY w.id, c.root_cause IS NULL, s.rank, c.id;
