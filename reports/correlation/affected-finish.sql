-- Correlation, last step, after roots are set: the findings a root
-- explains (workloads, services) join its affected list, and each
-- affected row names the finding that subject got under that root (the
-- most severe, then the lowest id).
INSERT INTO finding_affected(finding_id, kind, namespace, name,
    affected_finding)
SELECT f.root_cause, f.kind, f.namespace, f.name, f.id FROM findings f
WHERE f.root_cause IS NOT NULL AND NOT EXISTS (SELECT 1 FROM
    finding_affected a WHERE a.finding_id = f.root_cause AND
    a.kind = f.kind AND a.namespace IS f.namespace AND a.name = f.name);

UPDATE finding_affected SET affected_finding = (SELECT t.id
    FROM findings t JOIN temp.sb_sev s ON s.name = t.severity
    WHERE t.kind = finding_affected.kind AND
        t.namespace IS finding_affected.namespace AND
        t.name = finding_affected.name AND
        t.root_cause = finding_affected.finding_id
    ORDER BY s.rank, t.id LIMIT 1)
WHERE affected_finding IS NULL;
